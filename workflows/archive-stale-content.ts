// archiveStaleContent: scan → report → (approval) → archive, re-checking each item first.
//
// The scan reads one page per activity; the page's stale candidates go to the file store and
// only counts come back, so the workflow's state stays a few numbers whatever the instance's
// size. The report activity gathers the pages into one numbered candidate list, and archiving
// works through that list in batches, each recording what it did in the restore manifest.
// The run continues as new every `scanPagesPerRun` pages while scanning and every
// `archiveItemsPerRun` items while archiving, so each run's history stays short too.
import { ApplicationFailure, continueAsNew, workflowInfo } from '@temporalio/workflow';
import type { ArchiveReportFiles, ContentTitle, SkippedItem } from '../activities/governance';
import type { ArchiveStaleContentInput } from '../jobs/archive-stale-content';
import { Approval } from './support/approval';
import { lookerActivities, nonLookerActivities } from './support/looker';
import { Progress } from './support/progress';

const read = lookerActivities('read');
const write = lookerActivities('idempotentWrite');

const DAY_MS = 24 * 60 * 60 * 1000;
const SCAN_PAGE_SIZE = 100;
/** For inputs from before `scanPagesPerRun` / `archiveItemsPerRun` existed. */
const DEFAULT_SCAN_PAGES_PER_RUN = 50;
const DEFAULT_ARCHIVE_ITEMS_PER_RUN = 500;
/** Items per archiveCandidates activity: each costs two or three Looker calls. */
const ARCHIVE_BATCH = 25;
/** How many archived and skipped items the result names; the manifest lists them all. */
export const RESULT_SAMPLE = 25;

/** Where the scan is, carried across continue-as-new: counts only, the candidates are in the file store. */
export interface ArchiveScanState {
  staleBefore: string;
  typeIndex: number;
  offset: number;
  scanned: number;
  stale: number;
  /** Set once approved: archiving has started and goes on from here in the next run. */
  archiving?: ArchivingState;
}

/** Where archiving is, carried across continue-as-new. */
export interface ArchivingState {
  /** Index in the candidate list of the next item to archive. */
  next: number;
  candidates: number;
  report: ArchiveReportFiles;
  archiveFolderId: string | null;
  decision?: { reason?: string; by?: string };
  manifestPath: string;
  archived: number;
  skipped: number;
  sample: ArchiveSample;
}

/** The first archived and skipped items, for people reading the result. */
export interface ArchiveSample {
  archived: ContentTitle[];
  skipped: SkippedItem[];
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
  archived: number;
  skipped: number;
  /** Up to RESULT_SAMPLE of each, in report order; the manifest's parts hold every one. */
  sample: ArchiveSample;
  archiveFolderId: string | null;
  /** Who decided and why, when approval was asked for. */
  decision?: { reason?: string; by?: string };
  /** The manifest restoreArchivedContent reads; set once archiving started. */
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
    stale: 0,
  };
  progress.step('scanning content', { done: scan.scanned, message: `${scan.stale} stale so far` });
  for (let pages = 0; scan.typeIndex < input.contentTypes.length; pages++) {
    if (pages === (input.scanPagesPerRun ?? DEFAULT_SCAN_PAGES_PER_RUN)) await continueAsNew<typeof archiveStaleContent>(input, scan);
    const page = await read.scanStaleContentPage({
      jobId,
      contentType: input.contentTypes[scan.typeIndex],
      staleBefore: scan.staleBefore,
      excludeFolderIds: [...input.exclude.folderIds, ...(knownArchiveFolder ? [knownArchiveFolder] : [])],
      excludeIds: input.exclude.ids,
      limit: SCAN_PAGE_SIZE,
      offset: scan.offset,
    });
    scan.stale += page.stale;
    scan.scanned += page.scanned;
    if (page.nextOffset === null) {
      scan.typeIndex++;
      scan.offset = 0;
    } else {
      scan.offset = page.nextOffset;
    }
    progress.advance(page.scanned, `${scan.stale} stale so far`);
  }

  progress.step('writing report', { total: scan.stale });
  const { report, candidates } = await nonLookerActivities('idempotentWrite').saveArchiveReport({
    jobId,
    title: `Content unused for ${input.unusedDays} days (since ${scan.staleBefore.slice(0, 10)})`,
    contentTypes: input.contentTypes,
  });
  const result: ArchiveStaleContentResult = {
    jobId,
    outcome: 'reported',
    action: input.action,
    staleBefore: scan.staleBefore,
    scanned: scan.scanned,
    candidates,
    report,
    archived: 0,
    skipped: 0,
    sample: { archived: [], skipped: [] },
    archiveFolderId: knownArchiveFolder,
  };
  if (input.dryRun) return done(progress, result, 'dry run: nothing changed');
  if (candidates === 0) return done(progress, { ...result, outcome: 'nothing-stale' }, 'nothing to archive');

  if (input.requireApproval) {
    progress.step('waiting for approval', { total: candidates });
    const verb = input.action === 'move' ? 'Move to the archive folder' : 'Move to the Trash';
    const decision = await approval.request(`${verb}: ${candidates} item(s) unused for ${input.unusedDays} days. Report: ${report.markdownPath}`, input.approvalTimeout);
    if (decision.status === 'timed-out') return done(progress, { ...result, outcome: 'timed-out' }, 'no decision in time: nothing changed');
    if (decision.status !== 'approved') {
      const reason = decision.status === 'rejected' ? decision.reason : undefined;
      const by = decision.status === 'rejected' ? decision.by : undefined;
      return done(progress, { ...result, outcome: 'rejected', decision: { reason, by } }, 'rejected: nothing changed');
    }
    result.decision = { reason: decision.reason, by: decision.by };
  }

  const archiveFolderId = input.action === 'move' ? (knownArchiveFolder ?? (await write.ensureArchiveFolder({ name: nameOf(input.archiveFolder) })).id) : null;
  // Saved before the first change, so that whatever happens next, what was done can be restored.
  const manifest = await nonLookerActivities('idempotentWrite').saveArchiveManifest({ jobId, action: input.action, status: 'archiving', candidates });
  const archiving: ArchivingState = {
    next: 0,
    candidates,
    report,
    archiveFolderId,
    decision: result.decision,
    manifestPath: manifest.path,
    archived: 0,
    skipped: 0,
    sample: { archived: [], skipped: [] },
  };
  return archiveCandidates(input, scan, archiving, progress);
}

/** Archives the candidates from `state.next` on, continuing as new every `archiveItemsPerRun` items. */
async function archiveCandidates(
  input: ArchiveStaleContentInput,
  scan: ArchiveScanState,
  state: ArchivingState,
  progress: Progress,
): Promise<ArchiveStaleContentResult> {
  const jobId = workflowInfo().workflowId;
  const itemsPerRun = input.archiveItemsPerRun ?? DEFAULT_ARCHIVE_ITEMS_PER_RUN;

  progress.step('archiving', { total: state.candidates, done: state.next });
  for (let items = 0; state.next < state.candidates; ) {
    if (items === itemsPerRun) await continueAsNew<typeof archiveStaleContent>(input, { ...scan, archiving: state });
    const batch = await write.archiveCandidates({
      jobId,
      from: state.next,
      max: Math.min(ARCHIVE_BATCH, itemsPerRun - items),
      staleBefore: scan.staleBefore,
      archiveFolderId: state.archiveFolderId,
    });
    if (batch.handled === 0) throw ApplicationFailure.nonRetryable(`the candidate list of ${jobId} ends at ${state.next} of ${state.candidates}`, 'ArchiveListIncomplete');
    state.next += batch.handled;
    items += batch.handled;
    state.archived += batch.archived.length;
    state.skipped += batch.skipped.length;
    state.sample.archived.push(...batch.archived.slice(0, RESULT_SAMPLE - state.sample.archived.length));
    state.sample.skipped.push(...batch.skipped.slice(0, RESULT_SAMPLE - state.sample.skipped.length));
    progress.advance(batch.handled, `${state.archived} archived, ${state.skipped} skipped`);
  }
  await nonLookerActivities('idempotentWrite').saveArchiveManifest({ jobId, action: input.action, status: 'complete', candidates: state.candidates });
  const result: ArchiveStaleContentResult = {
    jobId,
    outcome: 'archived',
    action: input.action,
    staleBefore: scan.staleBefore,
    scanned: scan.scanned,
    candidates: state.candidates,
    report: state.report,
    archived: state.archived,
    skipped: state.skipped,
    sample: state.sample,
    archiveFolderId: state.archiveFolderId,
    decision: state.decision,
    manifestPath: state.manifestPath,
  };
  return done(progress, result, `${state.archived} archived, ${state.skipped} skipped`);
}

function nameOf(folder: ArchiveStaleContentInput['archiveFolder']): string {
  if (!folder || !('name' in folder)) throw ApplicationFailure.nonRetryable('archiveFolder needs a name to be created', 'InvalidJobInput');
  return folder.name;
}

function done(progress: Progress, result: ArchiveStaleContentResult, message: string): ArchiveStaleContentResult {
  progress.step('done', { done: result.archived, total: result.candidates, message });
  return result;
}
