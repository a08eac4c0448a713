// archiveStaleContent: scan → report → (approval) → archive, re-checking each item first.
//
// The scan reads one page per activity and keeps only the stale candidates, and the run
// continues as new every `scanPagesPerRun` pages, so history stays small on big instances.
// What was archived is written to a manifest (keyed by this job's id) for restoreArchivedContent.
import { ApplicationFailure, continueAsNew, workflowInfo } from '@temporalio/workflow';
import type { ArchiveReportFiles, ArchivedItem, ContentItem, ContentType } from '../activities/governance';
import type { ArchiveStaleContentInput } from '../jobs/archive-stale-content';
import { Approval } from './support/approval';
import { lookerActivities } from './support/looker';
import { Progress } from './support/progress';

const read = lookerActivities('read');
const write = lookerActivities('idempotentWrite');

const DAY_MS = 24 * 60 * 60 * 1000;
const SCAN_PAGE_SIZE = 100;
/** For inputs from before `scanPagesPerRun` existed. */
const DEFAULT_SCAN_PAGES_PER_RUN = 50;
/** The manifest is rewritten after this many archived items, so a failed run can still be undone. */
const MANIFEST_EVERY = 25;

/** Where the scan is, carried across continue-as-new. */
export interface ArchiveScanState {
  staleBefore: string;
  typeIndex: number;
  offset: number;
  scanned: number;
  candidates: ContentItem[];
}

export interface SkippedItem {
  type: ContentType;
  id: string;
  title: string;
  reason: string;
}

export interface ArchiveStaleContentResult {
  jobId: string;
  /** reported: dry run; archived: approved (or no approval needed) and done. */
  outcome: 'reported' | 'archived' | 'rejected' | 'timed-out' | 'nothing-stale';
  action: ArchiveStaleContentInput['action'];
  /** Content last used before this time counted as stale. */
  staleBefore: string;
  scanned: number;
  candidates: number;
  report: ArchiveReportFiles;
  archived: Array<{ type: ContentType; id: string; title: string; folderId: string }>;
  skipped: SkippedItem[];
  archiveFolderId: string | null;
  /** Who decided and why, when approval was asked for. */
  decision?: { reason?: string; by?: string };
  /** The manifest restoreArchivedContent reads; absent when nothing changed. */
  manifestPath?: string;
}

export async function archiveStaleContent(input: ArchiveStaleContentInput, resumed?: ArchiveScanState): Promise<ArchiveStaleContentResult> {
  const progress = new Progress();
  const approval = new Approval();
  const jobId = workflowInfo().workflowId;
  if (input.action === 'move' && !input.archiveFolder) {
    throw ApplicationFailure.nonRetryable('archiveFolder is required when action is move', 'InvalidJobInput');
  }

  // Fail before scanning if a named-by-id archive folder does not exist.
  progress.step('checking archive folder');
  const knownArchiveFolder = input.action === 'move' && input.archiveFolder ? (await read.findArchiveFolder(input.archiveFolder)).id : null;

  const scan: ArchiveScanState = resumed ?? {
    staleBefore: new Date(Date.now() - input.unusedDays * DAY_MS).toISOString(),
    typeIndex: 0,
    offset: 0,
    scanned: 0,
    candidates: [],
  };
  progress.step('scanning content', { done: scan.scanned, message: `${scan.candidates.length} stale so far` });
  for (let pages = 0; scan.typeIndex < input.contentTypes.length; pages++) {
    if (pages === (input.scanPagesPerRun ?? DEFAULT_SCAN_PAGES_PER_RUN)) await continueAsNew<typeof archiveStaleContent>(input, scan);
    const page = await read.scanStaleContentPage({
      contentType: input.contentTypes[scan.typeIndex],
      staleBefore: scan.staleBefore,
      excludeFolderIds: [...input.exclude.folderIds, ...(knownArchiveFolder ? [knownArchiveFolder] : [])],
      excludeIds: input.exclude.ids,
      limit: SCAN_PAGE_SIZE,
      offset: scan.offset,
    });
    scan.candidates.push(...page.candidates);
    scan.scanned += page.scanned;
    if (page.nextOffset === null) {
      scan.typeIndex++;
      scan.offset = 0;
    } else {
      scan.offset = page.nextOffset;
    }
    progress.advance(page.scanned, `${scan.candidates.length} stale so far`);
  }

  progress.step('writing report', { total: scan.candidates.length });
  const report = await write.saveArchiveReport({
    jobId,
    title: `Content unused for ${input.unusedDays} days (since ${scan.staleBefore.slice(0, 10)})`,
    items: scan.candidates,
  });
  const result: ArchiveStaleContentResult = {
    jobId,
    outcome: 'reported',
    action: input.action,
    staleBefore: scan.staleBefore,
    scanned: scan.scanned,
    candidates: scan.candidates.length,
    report,
    archived: [],
    skipped: [],
    archiveFolderId: knownArchiveFolder,
  };
  if (input.dryRun) return done(progress, result, 'dry run: nothing changed');
  if (scan.candidates.length === 0) return done(progress, { ...result, outcome: 'nothing-stale' }, 'nothing to archive');

  if (input.requireApproval) {
    progress.step('waiting for approval', { total: scan.candidates.length });
    const verb = input.action === 'move' ? 'Move to the archive folder' : 'Move to the Trash';
    const decision = await approval.request(`${verb}: ${scan.candidates.length} item(s) unused for ${input.unusedDays} days. Report: ${report.markdownPath}`, input.approvalTimeout);
    if (decision.status === 'timed-out') return done(progress, { ...result, outcome: 'timed-out' }, 'no decision in time: nothing changed');
    if (decision.status !== 'approved') {
      const reason = decision.status === 'rejected' ? decision.reason : undefined;
      const by = decision.status === 'rejected' ? decision.by : undefined;
      return done(progress, { ...result, outcome: 'rejected', decision: { reason, by } }, 'rejected: nothing changed');
    }
    result.decision = { reason: decision.reason, by: decision.by };
  }

  const archiveFolderId = input.action === 'move' ? (knownArchiveFolder ?? (await write.ensureArchiveFolder({ name: nameOf(input.archiveFolder) })).id) : null;
  result.archiveFolderId = archiveFolderId;
  const archived: ArchivedItem[] = [];
  const saveManifest = (status: 'archiving' | 'complete') => write.saveArchiveManifest({ jobId, action: input.action, status, items: archived });

  progress.step('archiving', { total: scan.candidates.length });
  for (const item of scan.candidates) {
    const reason = await reasonToSkip(item, scan.staleBefore, archiveFolderId);
    if (reason) {
      result.skipped.push({ type: item.type, id: item.id, title: item.title, reason });
    } else {
      if (archiveFolderId) await write.moveContent({ type: item.type, id: item.id, folderId: archiveFolderId });
      else await write.softDeleteContent({ type: item.type, id: item.id });
      archived.push({ ...item, archiveFolderId });
      if (archived.length % MANIFEST_EVERY === 0) await saveManifest('archiving');
    }
    progress.advance(1, `${archived.length} archived, ${result.skipped.length} skipped`);
  }
  const manifest = archived.length > 0 ? await saveManifest('complete') : undefined;
  result.archived = archived.map(({ type, id, title, folderId }) => ({ type, id, title, folderId }));
  return done(progress, { ...result, outcome: 'archived', manifestPath: manifest?.path }, `${archived.length} archived, ${result.skipped.length} skipped`);
}

/** Why an item must be left alone now, judged on its state just before archiving. */
async function reasonToSkip(item: ContentItem, staleBefore: string, archiveFolderId: string | null): Promise<string | undefined> {
  const now = await read.contentLastViewed({ type: item.type, id: item.id });
  if (!now.exists) return 'no longer exists';
  if (now.deleted) return 'already in the Trash';
  if (now.lastViewedAt !== null && Date.parse(now.lastViewedAt) >= Date.parse(staleBefore)) return `viewed since the scan (${now.lastViewedAt})`;
  if (archiveFolderId !== null && now.folderId === archiveFolderId) return 'already in the archive folder';
  return undefined;
}

function nameOf(folder: ArchiveStaleContentInput['archiveFolder']): string {
  if (!folder || !('name' in folder)) throw ApplicationFailure.nonRetryable('archiveFolder needs a name to be created', 'InvalidJobInput');
  return folder.name;
}

function done(progress: Progress, result: ArchiveStaleContentResult, message: string): ArchiveStaleContentResult {
  progress.step('done', { done: result.archived.length, total: result.candidates, message });
  return result;
}
