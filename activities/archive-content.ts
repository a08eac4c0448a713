// Archiving the stale-content candidates and undoing it: the archive folder, the batches that
// soft-delete or move the candidates, the manifest, and restoring what one manifest part lists.
// Each item's decision is saved before it is acted on, so a retry completes what it began.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { archiveFiles, CANDIDATES_PER_FILE, fileStartOf, type ArchivePart } from './archive-files';
import type { ArchiveAction, ArchiveManifest, ContentItem, ContentTitle, SkippedItem } from './archive-records';
import { createContentStateActivities } from './content-state';
import type { FileStore } from './file-store';
import { findFolderId, findOrCreateFolder, sharedRootFolderId } from './folders';
import { withItemProgress } from './item-progress';
import { ifFound, LookerApiError } from './looker-api-error';
import type { LookerClient } from './looker-client';

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

export interface RestoreArchivedItemsInput {
  jobId: string;
  /** Index in the candidate list of the first item; items the archive skipped are passed over. */
  from: number;
  /** At most this many indices; fewer when the list file holding `from` ends first. */
  max: number;
  action: ArchiveAction;
}

/** Counts and a sample: a batch's whole list never enters the workflow's history. */
export interface RestoreArchivedItemsBatch {
  /** Indices handled; the next batch starts at from + handled. */
  handled: number;
  restored: number;
  unchanged: number;
  sample: { restored: ContentTitle[]; unchanged: Array<ContentTitle & { reason: string }> };
}

/** Items in one archive or restore batch: each costs up to three Looker calls. */
export const ITEMS_PER_BATCH = 25;
/** Items of a batch's result named in its sample. */
const BATCH_SAMPLE = 5;
/** Answers about one item that no retry changes (it or its folder is gone, Looker refuses the move): reported, not fatal. */
const ITEM_PROBLEM_STATUSES = new Set([400, 404, 409, 422]);

interface ArchiveProgress {
  for: string;
  /** The next index to handle. */
  next: number;
  archived: ContentTitle[];
  skipped: SkippedItem[];
}

interface RestoreProgress extends Omit<RestoreArchivedItemsBatch, 'handled'> {
  for: string;
  next: number;
}

export interface RestoreArchivedPartResult {
  restored: ContentTitle[];
  unchanged: Array<ContentTitle & { reason: string }>;
}

export function createArchiveActivities({ looker, files }: { looker: LookerClient; files: FileStore }) {
  const content = createContentStateActivities({ looker });

  /** Why an item must be left alone now, judged on its state just before archiving. */
  async function reasonToSkip(item: ContentItem, staleBefore: string, archiveFolderId: string | null): Promise<string | undefined> {
    const now = await content.contentLastViewed(item);
    if (!now.exists) return 'no longer exists';
    if (now.deleted) return 'already in the Trash';
    if (now.lastViewedAt !== null && Date.parse(now.lastViewedAt) >= Date.parse(staleBefore)) return `viewed since the scan (${now.lastViewedAt})`;
    if (archiveFolderId !== null && now.folderId === archiveFolderId) return 'already in the archive folder';
    return undefined;
  }

  /** restoreContent, with a Looker refusal about this one item turned into its reason. */
  async function restoreOrExplain(input: Parameters<typeof content.restoreContent>[0]): Promise<{ changed: boolean; reason?: string }> {
    try {
      return await content.restoreContent(input);
    } catch (error) {
      if (error instanceof LookerApiError && ITEM_PROBLEM_STATUSES.has(error.status)) return { changed: false, reason: error.message };
      throw error;
    }
  }

  return {
    /** The archive folder by id (must exist) or by name under Shared (null if not there yet). */
    async findArchiveFolder(folder: { id: string } | { name: string }): Promise<{ id: string | null }> {
      if ('id' in folder) {
        const found = await ifFound(looker.call('folder', (sdk) => sdk.folder(folder.id, 'id')), undefined);
        if (!found) throw ApplicationFailure.nonRetryable(`archive folder ${folder.id} does not exist`, 'ArchiveFolderNotFound');
        return { id: folder.id };
      }
      return { id: (await findFolderId(looker, folder.name, await sharedRootFolderId(looker))) ?? null };
    },

    /** The archive folder under Shared, created if missing; a 409 means an earlier attempt made it. */
    async ensureArchiveFolder({ name }: { name: string }): Promise<{ id: string; created: boolean }> {
      return findOrCreateFolder(looker, name, await sharedRootFolderId(looker));
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
      const end = Math.min(start + items.length, input.from + Math.min(input.max, ITEMS_PER_BATCH));
      const initial: ArchiveProgress = { for: `archive ${input.jobId} ${input.from}`, next: input.from, archived: [], skipped: [] };
      return withItemProgress(initial, async (progress, itemDone) => {
        for (; progress.next < end; progress.next++, itemDone()) {
          const index = progress.next;
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
            progress.skipped.push({ ...ref, reason: skipped.reason });
          } else {
            if (input.archiveFolderId) await content.moveContent({ type: item.type, id: item.id, folderId: input.archiveFolderId });
            else await content.softDeleteContent(item);
            progress.archived.push(ref);
          }
        }
        return { handled: Math.max(0, end - input.from), archived: progress.archived, skipped: progress.skipped };
      });
    },

    /** Saves the manifest's head, keyed by the job id, for restoreArchivedContent. */
    async saveArchiveManifest(manifest: Omit<ArchiveManifest, 'candidatesPerFile'>): Promise<{ path: string }> {
      const saved = await archiveFiles(files, manifest.jobId).saveManifest({ ...manifest, candidatesPerFile: CANDIDATES_PER_FILE });
      return { path: saved.path };
    },

    /** The manifest of a finished archive (or one that ended before finishing); refuses one still archiving. */
    async readArchiveManifest(jobId: string): Promise<ArchiveManifest> {
      const manifest = await archiveFiles(files, jobId).readManifest();
      if (manifest && manifest.status !== 'complete' && (await archiveStillRunning(jobId))) {
        throw ApplicationFailure.nonRetryable(
          `${jobId} is still archiving: restore it once it has finished, or cancel it first (its manifest is written as it goes)`,
          'ArchiveNotFinished',
        );
      }
      if (manifest) return manifest;
      throw ApplicationFailure.nonRetryable(
        `no archive manifest for job ${jobId}: it was a dry run, was rejected, or is not an archiveStaleContent job`,
        'ArchiveManifestNotFound',
      );
    },

    /**
     * Restores the archived items with index from `from` on (at most `max`, within one list
     * file), heartbeating after each. An item that cannot be restored (its folder is gone,
     * Looker refuses) is reported unchanged with the reason; the batch goes on.
     */
    async restoreArchivedItems(input: RestoreArchivedItemsInput): Promise<RestoreArchivedItemsBatch> {
      const start = fileStartOf(input.from);
      const end = Math.min(start + CANDIDATES_PER_FILE, input.from + Math.min(input.max, ITEMS_PER_BATCH));
      const part = await archiveFiles(files, input.jobId).readPart(start);
      const initial: RestoreProgress = { for: `restore ${input.jobId} ${input.from}`, next: input.from, restored: 0, unchanged: 0, sample: { restored: [], unchanged: [] } };
      return withItemProgress(initial, async (progress, itemDone) => {
        for (const item of part.archived.filter((a) => a.index >= progress.next && a.index < end)) {
          const ref = { type: item.type, id: item.id, title: item.title };
          const outcome = await restoreOrExplain({ item, action: input.action });
          if (outcome.changed) {
            progress.restored++;
            if (progress.sample.restored.length < BATCH_SAMPLE) progress.sample.restored.push(ref);
          } else {
            progress.unchanged++;
            if (progress.sample.unchanged.length < BATCH_SAMPLE) progress.sample.unchanged.push({ ...ref, reason: outcome.reason ?? 'already restored' });
          }
          progress.next = item.index + 1;
          itemDone();
        }
        return { handled: Math.max(0, end - input.from), restored: progress.restored, unchanged: progress.unchanged, sample: progress.sample };
      });
    },

    /** Restores the items archived from one list file (the part starting at `start`); runs started before restoreArchivedItems use it. */
    async restoreArchivedPart(input: { jobId: string; start: number; action: ArchiveAction }): Promise<RestoreArchivedPartResult> {
      const part = await archiveFiles(files, input.jobId).readPart(input.start);
      const result: RestoreArchivedPartResult = { restored: [], unchanged: [] };
      for (const item of part.archived) {
        const { changed, reason } = await content.restoreContent({ item, action: input.action });
        const ref = { type: item.type, id: item.id, title: item.title };
        if (changed) result.restored.push(ref);
        else result.unchanged.push({ ...ref, reason: reason ?? 'already restored' });
      }
      return result;
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

/**
 * Whether the archive job is still open. Asked through the worker's Temporal client; outside a
 * worker (no client) the answer is yes, so an unfinished archive is never restored by mistake.
 */
async function archiveStillRunning(jobId: string): Promise<boolean> {
  let client;
  try {
    client = Context.current().client;
  } catch {
    return true;
  }
  try {
    return (await client.workflow.getHandle(jobId).describe()).status.name === 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
