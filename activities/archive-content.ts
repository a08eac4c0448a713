// Archiving the stale-content candidates and undoing it: the archive folder, the batches that
// soft-delete or move the candidates, the manifest, and restoring what one manifest part lists.
// Each item's decision is saved before it is acted on, so a retry completes what it began.
import { ApplicationFailure } from '@temporalio/activity';
import { archiveFiles, CANDIDATES_PER_FILE, fileStartOf, type ArchivePart } from './archive-files';
import type { ArchiveAction, ArchiveManifest, ContentItem, ContentTitle, SkippedItem } from './archive-records';
import { createContentStateActivities } from './content-state';
import type { FileStore } from './file-store';
import { findFolderId, findOrCreateFolder, sharedRootFolderId } from './folders';
import { ifFound } from './looker-api-error';
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
        if (input.archiveFolderId) await content.moveContent({ type: item.type, id: item.id, folderId: input.archiveFolderId });
        else await content.softDeleteContent(item);
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
