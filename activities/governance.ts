// Governance activities: find stale content and archive / restore it, and give schedules of
// departed users a new owner. Every write first reads the current state and changes only
// what still differs, so a retry (or a re-run of the job) changes nothing twice.
import { ApplicationFailure } from '@temporalio/activity';
import type { IDashboard, ILook } from '@looker/sdk';
import { archiveFiles, CANDIDATES_PER_FILE, fileStartOf, type ArchivePart } from './archive-files';
import { renderArchiveReport } from './archive-report';
import type { FileStore } from './file-store';
import { jobFileName } from './file-store';
import { LookerApiError } from './looker-api-error';
import type { LookerClient } from './looker-client';
import { nextOffset } from './searches';

export type ContentType = 'dashboard' | 'look';

/** What the archive report and manifest keep of one piece of content. */
export interface ContentItem {
  type: ContentType;
  id: string;
  title: string;
  folderId: string;
  folderName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  /** Last view or access; null when nobody ever opened it. */
  lastViewedAt: string | null;
  createdAt: string | null;
}

export interface ScanStaleContentPageInput {
  /** The page's candidates are saved under this job (see archive-files.ts). */
  jobId: string;
  contentType: ContentType;
  /** ISO time: content last used (or, never used, created) before this is stale. */
  staleBefore: string;
  excludeFolderIds?: string[];
  excludeIds?: string[];
  limit?: number;
  offset?: number;
}

/** Only counts: the page's candidates are in the file store. */
export interface StaleContentPage {
  stale: number;
  scanned: number;
  nextOffset: number | null;
}

export interface ContentRef {
  type: ContentType;
  id: string;
}

export interface ContentUsage {
  exists: boolean;
  deleted: boolean;
  folderId: string | null;
  lastViewedAt: string | null;
}

export type ArchiveAction = 'soft_delete' | 'move';

export interface ArchivedItem extends ContentItem {
  /** Where a moved item went; null for soft deletes. */
  archiveFolderId: string | null;
}

export interface SkippedItem {
  type: ContentType;
  id: string;
  title: string;
  reason: string;
}

export interface ContentTitle {
  type: ContentType;
  id: string;
  title: string;
}

/** The manifest's head; the archived items are in its parts (see archive-files.ts). */
export interface ArchiveManifest {
  jobId: string;
  action: ArchiveAction;
  /** `archiving` while the job works, `complete` once every item was handled. */
  status: 'archiving' | 'complete';
  /** Length of the candidate list; the parts cover it `candidatesPerFile` items at a time. */
  candidates: number;
  candidatesPerFile: number;
}

export interface RestoreContentInput {
  item: ArchivedItem;
  action: ArchiveAction;
}

export interface ArchiveCandidatesInput {
  jobId: string;
  /** Index in the candidate list of the first item to handle. */
  from: number;
  /** At most this many items; fewer when the list file holding `from` ends first. */
  max: number;
  staleBefore: string;
  /** Move here; null: soft delete. */
  archiveFolderId: string | null;
}

export interface ArchiveCandidatesBatch {
  /** Items handled (archived or skipped); the next batch starts at from + handled. */
  handled: number;
  archived: ContentTitle[];
  skipped: SkippedItem[];
}

export interface RestoreArchivedPartResult {
  restored: ContentTitle[];
  unchanged: Array<ContentTitle & { reason: string }>;
}

export interface OrphanedScheduledPlan {
  id: string;
  name: string;
  ownerId: string;
  ownerName: string | null;
  /** `disabled`: the owner's account is disabled; `deleted`: no such user any more. */
  ownerState: 'disabled' | 'deleted';
  target: string;
}

export interface OrphanedScheduledPlansPage {
  plans: OrphanedScheduledPlan[];
  scanned: number;
  nextOffset: number | null;
}

export interface ArchiveReportFiles {
  markdownPath: string;
  csvPath: string;
  /** The report's Markdown, cut to its first rows when long (the files hold all of it). */
  preview: string;
}

export type UserRef = { id: string } | { email: string };

const CONTENT_FIELDS = 'id,title,folder_id,folder(name),user_id,user_name,last_viewed_at,last_accessed_at,created_at,deleted';
const SCAN_PAGE_SIZE = 100;

/** When content was last used: Looker's content_usage counts never-opened content from its creation. */
function lastUsed(content: IDashboard | ILook): string | null {
  return toIso(content.last_accessed_at ?? content.last_viewed_at);
}

function toIso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.toISOString();
}

function toContentItem(type: ContentType, content: IDashboard | ILook): ContentItem {
  return {
    type,
    id: String(content.id),
    title: content.title ?? '',
    folderId: String(content.folder_id ?? ''),
    folderName: content.folder?.name ?? null,
    ownerId: content.user_id ?? null,
    ownerName: content.user_name ?? null,
    lastViewedAt: lastUsed(content),
    createdAt: toIso(content.created_at),
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof LookerApiError && error.status === 404;
}

export function createGovernanceActivities({ looker, files }: { looker: LookerClient; files: FileStore }) {
  /** The content as it is now; trashed items included (Looker returns them by id). */
  async function getContent(ref: ContentRef, fields = CONTENT_FIELDS): Promise<IDashboard | ILook | undefined> {
    try {
      return ref.type === 'dashboard'
        ? await looker.call('dashboard', (sdk) => sdk.dashboard(ref.id, fields))
        : await looker.call('look', (sdk) => sdk.look(ref.id, fields));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async function updateContent(ref: ContentRef, body: { deleted: boolean }): Promise<void> {
    if (ref.type === 'dashboard') await looker.call('update_dashboard', (sdk) => sdk.update_dashboard(ref.id, body));
    else await looker.call('update_look', (sdk) => sdk.update_look(ref.id, body, 'id'));
  }

  async function moveTo(ref: ContentRef, folderId: string): Promise<void> {
    if (ref.type === 'dashboard') await looker.call('move_dashboard', (sdk) => sdk.move_dashboard(ref.id, folderId));
    else await looker.call('move_look', (sdk) => sdk.move_look(ref.id, folderId));
  }

  async function findFolderByName(name: string, parentId: string): Promise<string | undefined> {
    const folders = await looker.call('search_folders', (sdk) => sdk.search_folders({ name, parent_id: parentId, fields: 'id,name' }));
    // Search treats _ and % as wildcards, so compare exactly (Looker folder names are case-insensitive).
    return folders.find((f) => f.name?.toLowerCase() === name.toLowerCase())?.id ?? undefined;
  }

  async function sharedRootFolderId(): Promise<string> {
    const [root] = await looker.call('search_folders', (sdk) => sdk.search_folders({ is_shared_root: true, fields: 'id', limit: 1 }));
    if (!root?.id) throw new Error('Looker reported no Shared folder');
    return root.id;
  }

  /** Re-reads one item just before archiving, so content opened since the scan is left alone. */
  async function contentLastViewed(ref: ContentRef): Promise<ContentUsage> {
    const content = await getContent(ref, 'id,folder_id,deleted,last_viewed_at,last_accessed_at');
    if (!content) return { exists: false, deleted: false, folderId: null, lastViewedAt: null };
    return { exists: true, deleted: content.deleted === true, folderId: String(content.folder_id ?? ''), lastViewedAt: lastUsed(content) };
  }

  /** Moves the item to the Trash (deleted: true), unless it is there already. */
  async function softDeleteContent(ref: ContentRef): Promise<{ changed: boolean }> {
    const content = await getContent(ref, 'id,deleted');
    if (!content) throw ApplicationFailure.nonRetryable(`${ref.type} ${ref.id} no longer exists`, 'ContentNotFound');
    if (content.deleted) return { changed: false };
    await updateContent(ref, { deleted: true });
    return { changed: true };
  }

  async function moveContent(input: ContentRef & { folderId: string }): Promise<{ changed: boolean }> {
    const content = await getContent(input, 'id,folder_id');
    if (!content) throw ApplicationFailure.nonRetryable(`${input.type} ${input.id} no longer exists`, 'ContentNotFound');
    if (String(content.folder_id) === input.folderId) return { changed: false };
    await moveTo(input, input.folderId);
    return { changed: true };
  }

  /**
   * Undoes one archive: out of the Trash, or back from the archive folder to where it was.
   * Content someone has since restored or moved elsewhere is left where it is.
   */
  async function restoreContent({ item, action }: RestoreContentInput): Promise<{ changed: boolean; reason?: string }> {
    const content = await getContent(item, 'id,folder_id,deleted');
    if (!content) return { changed: false, reason: 'no longer exists' };
    if (action === 'soft_delete') {
      if (!content.deleted) return { changed: false, reason: 'not in the Trash' };
      await updateContent(item, { deleted: false });
      return { changed: true };
    }
    if (String(content.folder_id) !== item.archiveFolderId) return { changed: false, reason: 'no longer in the archive folder' };
    await moveTo(item, item.folderId);
    return { changed: true };
  }

  /** Why an item must be left alone now, judged on its state just before archiving. */
  async function reasonToSkip(item: ContentItem, staleBefore: string, archiveFolderId: string | null): Promise<string | undefined> {
    const now = await contentLastViewed(item);
    if (!now.exists) return 'no longer exists';
    if (now.deleted) return 'already in the Trash';
    if (now.lastViewedAt !== null && Date.parse(now.lastViewedAt) >= Date.parse(staleBefore)) return `viewed since the scan (${now.lastViewedAt})`;
    if (archiveFolderId !== null && now.folderId === archiveFolderId) return 'already in the archive folder';
    return undefined;
  }

  return {
    contentLastViewed,
    softDeleteContent,
    moveContent,
    restoreContent,

    /**
     * One page of dashboards or looks (search_* leaves out LookML dashboards and the Trash),
     * reduced to the stale ones that are not excluded.
     */
    async scanStaleContentPage(input: ScanStaleContentPageInput): Promise<StaleContentPage> {
      const limit = input.limit ?? SCAN_PAGE_SIZE;
      const offset = input.offset ?? 0;
      const request = { fields: CONTENT_FIELDS, limit, offset, sorts: 'id' };
      const { value: items, headers } =
        input.contentType === 'dashboard'
          ? await looker.callForResponse('search_dashboards', (sdk) => sdk.search_dashboards(request))
          : await looker.callForResponse('search_looks', (sdk) => sdk.search_looks(request));
      const total = headers['x-total-count'] === undefined ? undefined : Number(headers['x-total-count']);
      const staleBefore = Date.parse(input.staleBefore);
      const excludedFolders = new Set(input.excludeFolderIds ?? []);
      const excludedIds = new Set(input.excludeIds ?? []);
      const candidates = items
        .filter((content) => !content.deleted)
        .map((content) => toContentItem(input.contentType, content))
        .filter((item) => !excludedFolders.has(item.folderId) && !excludedIds.has(item.id))
        .filter((item) => {
          const used = item.lastViewedAt ?? item.createdAt;
          return used !== null && Date.parse(used) < staleBefore;
        });
      const next = nextOffset(offset, limit, items.length, headers.link, total);
      await archiveFiles(files, input.jobId).saveScannedPage(input.contentType, offset, { candidates, nextOffset: next });
      return { stale: candidates.length, scanned: items.length, nextOffset: next };
    },

    /** The archive folder by id (must exist) or by name under Shared (null if not there yet). */
    async findArchiveFolder(folder: { id: string } | { name: string }): Promise<{ id: string | null }> {
      if ('id' in folder) {
        try {
          await looker.call('folder', (sdk) => sdk.folder(folder.id, 'id'));
          return { id: folder.id };
        } catch (error) {
          if (isNotFound(error)) throw ApplicationFailure.nonRetryable(`archive folder ${folder.id} does not exist`, 'ArchiveFolderNotFound');
          throw error;
        }
      }
      return { id: (await findFolderByName(folder.name, await sharedRootFolderId())) ?? null };
    },

    /** The archive folder under Shared, created if missing; a 409 means an earlier attempt made it. */
    async ensureArchiveFolder({ name }: { name: string }): Promise<{ id: string; created: boolean }> {
      const parentId = await sharedRootFolderId();
      const existing = await findFolderByName(name, parentId);
      if (existing) return { id: existing, created: false };
      try {
        const folder = await looker.call('create_folder', (sdk) => sdk.create_folder({ name, parent_id: parentId }));
        if (!folder.id) throw new Error('create_folder returned no id');
        return { id: folder.id, created: true };
      } catch (error) {
        if (!(error instanceof LookerApiError) || error.status !== 409) throw error;
        const found = await findFolderByName(name, parentId);
        if (!found) throw error;
        return { id: found, created: false };
      }
    },

    /**
     * Gathers the scanned pages' candidates (every page of each type, from offset 0) into the
     * numbered candidate list, and writes the Markdown and CSV report; same job → same files.
     */
    async saveArchiveReport(input: { jobId: string; title: string; contentTypes: ContentType[] }): Promise<{ report: ArchiveReportFiles; candidates: number }> {
      const store = archiveFiles(files, input.jobId);
      const items: ContentItem[] = [];
      for (const type of input.contentTypes) {
        for (let offset: number | null = 0; offset !== null; ) {
          const page = await store.readScannedPage(type, offset);
          items.push(...page.candidates);
          offset = page.nextOffset;
        }
      }
      await store.saveCandidates(items);
      const { markdown, csv, preview } = renderArchiveReport(input.title, items);
      const md = await files.save(jobFileName(input.jobId, 'archiveStaleContent', 'report.md'), markdown, 'text/markdown');
      const table = await files.save(jobFileName(input.jobId, 'archiveStaleContent', 'report.csv'), csv, 'text/csv');
      return { report: { markdownPath: md.path, csvPath: table.path, preview }, candidates: items.length };
    },

    /**
     * Archives the candidates from `from` on (at most `max`, within one list file): each is
     * re-checked and skipped if it was used since the scan or moved already. The decision is
     * saved to the manifest part before the change, so a retry completes what it began.
     */
    async archiveCandidates(input: ArchiveCandidatesInput): Promise<ArchiveCandidatesBatch> {
      const store = archiveFiles(files, input.jobId);
      const start = fileStartOf(input.from);
      const items = await store.readCandidates(start);
      const part = await store.readPart(start);
      const end = Math.min(start + items.length, input.from + input.max);
      const batch: ArchiveCandidatesBatch = { handled: Math.max(0, end - input.from), archived: [], skipped: [] };
      for (let index = input.from; index < end; index++) {
        const item = items[index - start];
        const ref = { type: item.type, id: item.id, title: item.title };
        let skipped = part.skipped.find((s) => s.index === index);
        let archived = part.archived.find((a) => a.index === index);
        if (!skipped && !archived) {
          const reason = await reasonToSkip(item, input.staleBefore, input.archiveFolderId);
          if (reason) skipped = { ...ref, reason, index };
          else archived = { ...item, archiveFolderId: input.archiveFolderId, index };
          recordIn(part, skipped, archived);
          await store.savePart(start, part);
        }
        if (skipped) {
          batch.skipped.push({ ...ref, reason: skipped.reason });
          continue;
        }
        if (input.archiveFolderId) await moveContent({ type: item.type, id: item.id, folderId: input.archiveFolderId });
        else await softDeleteContent(item);
        batch.archived.push(ref);
      }
      return batch;
    },

    /** Saves the manifest's head, keyed by the job id, for restoreArchivedContent. */
    async saveArchiveManifest(manifest: Omit<ArchiveManifest, 'candidatesPerFile'>): Promise<{ path: string }> {
      const saved = await archiveFiles(files, manifest.jobId).saveManifest({ ...manifest, candidatesPerFile: CANDIDATES_PER_FILE });
      return { path: saved.path };
    },

    async readArchiveManifest(jobId: string): Promise<ArchiveManifest> {
      const manifest = await archiveFiles(files, jobId).readManifest();
      if (manifest) return manifest;
      throw ApplicationFailure.nonRetryable(
        `no archive manifest for job ${jobId}: it was a dry run, was rejected, or is not an archiveStaleContent job`,
        'ArchiveManifestNotFound',
      );
    },

    /** Restores the items archived from one list file (the part starting at `start`). */
    async restoreArchivedPart(input: { jobId: string; start: number; action: ArchiveAction }): Promise<RestoreArchivedPartResult> {
      const part = await archiveFiles(files, input.jobId).readPart(input.start);
      const result: RestoreArchivedPartResult = { restored: [], unchanged: [] };
      for (const item of part.archived) {
        const { changed, reason } = await restoreContent({ item, action: input.action });
        const ref = { type: item.type, id: item.id, title: item.title };
        if (changed) result.restored.push(ref);
        else result.unchanged.push({ ...ref, reason: reason ?? 'already restored' });
      }
      return result;
    },

    /** An enabled user by id or email, to own schedules; fails if there is none. */
    async findActiveUser(user: UserRef): Promise<{ id: string; name: string }> {
      const described = 'id' in user ? `user ${user.id}` : `user with email ${user.email}`;
      const users = await looker.call('search_users', (sdk) =>
        sdk.search_users({ ...('id' in user ? { id: user.id } : { email: user.email }), fields: 'id,email,display_name,is_disabled' }),
      );
      const found = users.find((u) => ('id' in user ? u.id === user.id : u.email?.toLowerCase() === user.email.toLowerCase()));
      if (!found?.id) throw ApplicationFailure.nonRetryable(`no ${described}`, 'NewOwnerNotFound');
      if (found.is_disabled) throw ApplicationFailure.nonRetryable(`${described} is disabled and cannot own schedules`, 'NewOwnerDisabled');
      return { id: found.id, name: found.display_name ?? found.email ?? found.id };
    },

    /** One page of everyone's scheduled plans, reduced to those whose owner is disabled or gone. */
    async listOrphanedScheduledPlans(input: { limit?: number; offset?: number }): Promise<OrphanedScheduledPlansPage> {
      const limit = input.limit ?? SCAN_PAGE_SIZE;
      const offset = input.offset ?? 0;
      const { value: plans, headers } = await looker.callForResponse('search_scheduled_plans', (sdk) =>
        sdk.search_scheduled_plans({ all_users: true, fields: 'id,name,user_id,dashboard_id,look_id,lookml_dashboard_id', limit, offset, sorts: 'id' }),
      );
      const total = headers['x-total-count'] === undefined ? undefined : Number(headers['x-total-count']);
      const ownerIds = [...new Set(plans.map((p) => p.user_id).filter((id): id is string => !!id))];
      const owners = ownerIds.length
        ? await looker.call('search_users', (sdk) => sdk.search_users({ id: ownerIds.join(','), fields: 'id,display_name,is_disabled', limit: ownerIds.length }))
        : [];
      const ownerById = new Map(owners.map((u) => [String(u.id), u]));
      const orphans: OrphanedScheduledPlan[] = [];
      for (const plan of plans) {
        const owner = ownerById.get(String(plan.user_id));
        if (owner && !owner.is_disabled) continue;
        orphans.push({
          id: String(plan.id),
          name: plan.name ?? '',
          ownerId: String(plan.user_id),
          ownerName: owner?.display_name ?? null,
          ownerState: owner ? 'disabled' : 'deleted',
          target: plan.dashboard_id ? `dashboard ${plan.dashboard_id}` : plan.look_id ? `look ${plan.look_id}` : plan.lookml_dashboard_id ? `LookML dashboard ${plan.lookml_dashboard_id}` : 'query',
        });
      }
      return { plans: orphans, scanned: plans.length, nextOffset: nextOffset(offset, limit, plans.length, headers.link, total) };
    },

    async reassignScheduledPlan(input: { scheduledPlanId: string; userId: string }): Promise<{ changed: boolean }> {
      const plan = await looker.call('scheduled_plan', (sdk) => sdk.scheduled_plan(input.scheduledPlanId, 'id,user_id'));
      if (String(plan.user_id) === input.userId) return { changed: false };
      await looker.call('update_scheduled_plan', (sdk) => sdk.update_scheduled_plan(input.scheduledPlanId, { user_id: input.userId }));
      return { changed: true };
    },
  };
}

/** Adds one item's decision to its manifest part, in list order. */
function recordIn(part: ArchivePart, skipped: ArchivePart['skipped'][number] | undefined, archived: ArchivePart['archived'][number] | undefined): void {
  if (skipped) part.skipped.push(skipped);
  if (archived) part.archived.push(archived);
  part.skipped.sort((a, b) => a.index - b.index);
  part.archived.sort((a, b) => a.index - b.index);
}
