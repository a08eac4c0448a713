// archiveStaleContent: scan → report → (approval) → archive, re-checking each item first.
//
// The scan reads one page per activity and keeps only the stale candidates; the run continues
// as new every `scanPagesPerRun` pages while scanning and every `archiveItemsPerRun` items while
// archiving, so each run's history stays small on big instances.
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
/** For inputs from before `scanPagesPerRun` / `archiveItemsPerRun` existed. */
const DEFAULT_SCAN_PAGES_PER_RUN = 50;
const DEFAULT_ARCHIVE_ITEMS_PER_RUN = 500;
/** The manifest is rewritten after this many archived items, so a failed run can still be undone. */
const MANIFEST_EVERY = 25;

/** Where the scan is, carried across continue-as-new. */
export interface ArchiveScanState {
  staleBefore: string;
  typeIndex: number;
  offset: number;
  scanned: number;
  candidates: ContentItem[];
  /** Set once approved: archiving has started and goes on from here in the next run. */
  archiving?: ArchivingState;
}

/** Where archiving is, carried across continue-as-new. */
export interface ArchivingState {
  /** Index in the candidates of the next item to archive. */
  next: number;
  report: ArchiveReportFiles;
  archiveFolderId: string | null;
  decision?: { reason?: string; by?: string };
  archived: ArchivedItem[];
  skipped: SkippedItem[];
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
  if (resumed?.archiving) return archiveCandidates(input, resumed, resumed.archiving, progress);
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
  return archiveCandidates(input, scan, { next: 0, report, archiveFolderId, decision: result.decision, archived: [], skipped: [] }, progress);
}

/** Archives the candidates from `state.next` on, continuing as new every `archiveItemsPerRun` items. */
async function archiveCandidates(
  input: ArchiveStaleContentInput,
  scan: ArchiveScanState,
  state: ArchivingState,
  progress: Progress,
): Promise<ArchiveStaleContentResult> {
  const jobId = workflowInfo().workflowId;
  const { candidates } = scan;
  const saveManifest = (status: 'archiving' | 'complete') => write.saveArchiveManifest({ jobId, action: input.action, status, items: state.archived });
  const itemsPerRun = input.archiveItemsPerRun ?? DEFAULT_ARCHIVE_ITEMS_PER_RUN;

  progress.step('archiving', { total: candidates.length, done: state.next });
  for (let items = 0; state.next < candidates.length; items++) {
    if (items === itemsPerRun) {
      // Saved first so that whatever happens to the next run, this much can be restored.
      if (state.archived.length > 0) await saveManifest('archiving');
      await continueAsNew<typeof archiveStaleContent>(input, { ...scan, archiving: state });
    }
    const item = candidates[state.next];
    const reason = await reasonToSkip(item, scan.staleBefore, state.archiveFolderId);
    if (reason) {
      state.skipped.push({ type: item.type, id: item.id, title: item.title, reason });
    } else {
      if (state.archiveFolderId) await write.moveContent({ type: item.type, id: item.id, folderId: state.archiveFolderId });
      else await write.softDeleteContent({ type: item.type, id: item.id });
      state.archived.push({ ...item, archiveFolderId: state.archiveFolderId });
      if (state.archived.length % MANIFEST_EVERY === 0) await saveManifest('archiving');
    }
    state.next++;
    progress.advance(1, `${state.archived.length} archived, ${state.skipped.length} skipped`);
  }
  const manifest = state.archived.length > 0 ? await saveManifest('complete') : undefined;
  const result: ArchiveStaleContentResult = {
    jobId,
    outcome: 'archived',
    action: input.action,
    staleBefore: scan.staleBefore,
    scanned: scan.scanned,
    candidates: candidates.length,
    report: state.report,
    archived: state.archived.map(({ type, id, title, folderId }) => ({ type, id, title, folderId })),
    skipped: state.skipped,
    archiveFolderId: state.archiveFolderId,
    decision: state.decision,
    manifestPath: manifest?.path,
  };
  return done(progress, result, `${state.archived.length} archived, ${state.skipped.length} skipped`);
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
