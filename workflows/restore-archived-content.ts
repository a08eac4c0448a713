// restoreArchivedContent: reads the manifest one archiveStaleContent run wrote and undoes each
// item, a bounded batch per activity. An archive still running is refused (the manifest
// activity asks); items someone has already restored or moved elsewhere, or whose folder is
// gone, are left as they are and counted unchanged with the reason. Only counts and a sample
// are carried, and the run continues as new every `itemsPerRun` items, like archiving.
import { ApplicationFailure, continueAsNew, patched } from '@temporalio/workflow';
import type { ArchiveManifest } from '../activities/archive-records';
import { RESULT_SAMPLE } from '../contracts/archive-stale-content';
import type { RestoreArchivedContentInput, RestoreArchivedContentResult } from '../contracts/restore-archived-content';
import { fileActivities, lookerActivities } from './support/looker';
import { Progress } from './support/progress';

const DEFAULT_ITEMS_PER_RUN = 500;
/** Candidate indices per restoreArchivedItems activity (the activity bounds it too). */
const RESTORE_BATCH = 25;

/** Where restoring is, carried across continue-as-new. */
export interface RestoringState {
  manifest: Pick<ArchiveManifest, 'action' | 'candidates'>;
  /** Index in the candidate list of the next item. */
  next: number;
  result: RestoreArchivedContentResult;
}

export async function restoreArchivedContent(input: RestoreArchivedContentInput, carried?: RestoringState): Promise<RestoreArchivedContentResult> {
  const progress = new Progress();
  if (carried) return restoreInBatches(input, carried, progress);
  progress.step('reading archive manifest');
  // Batches, and the manifest read on the files queue; runs started before restore by part.
  const batched = patched('restore-in-bounded-batches');
  const manifest = await (batched ? fileActivities() : lookerActivities('read')).readArchiveManifest(input.jobId);
  const result: RestoreArchivedContentResult = { jobId: input.jobId, action: manifest.action, restored: 0, unchanged: 0, sample: { restored: [], unchanged: [] } };
  if (batched) return restoreInBatches(input, { manifest: { action: manifest.action, candidates: manifest.candidates }, next: 0, result }, progress);
  return restoreByPart(input, manifest, result, progress);
}

async function restoreInBatches(input: RestoreArchivedContentInput, state: RestoringState, progress: Progress): Promise<RestoreArchivedContentResult> {
  const batches = lookerActivities('batch');
  const { result } = state;
  const itemsPerRun = input.itemsPerRun ?? DEFAULT_ITEMS_PER_RUN;
  progress.step('restoring', { total: state.manifest.candidates, done: state.next, message: `${result.restored} restored` });
  for (let items = 0; state.next < state.manifest.candidates; ) {
    if (items >= itemsPerRun) await continueAsNew<typeof restoreArchivedContent>(input, state);
    const batch = await batches.restoreArchivedItems({
      jobId: input.jobId,
      from: state.next,
      max: Math.min(RESTORE_BATCH, itemsPerRun - items, state.manifest.candidates - state.next),
      action: state.manifest.action,
    });
    if (batch.handled === 0) throw ApplicationFailure.nonRetryable(`the manifest of ${input.jobId} ends at ${state.next} of ${state.manifest.candidates}`, 'ArchiveListIncomplete');
    state.next += batch.handled;
    items += batch.handled;
    addBatch(result, batch);
    progress.advance(batch.handled, `${result.restored} restored`);
  }
  return done(progress, result);
}

/** How runs started before restoreInBatches restore: one whole manifest part per activity. */
async function restoreByPart(input: RestoreArchivedContentInput, manifest: ArchiveManifest, result: RestoreArchivedContentResult, progress: Progress): Promise<RestoreArchivedContentResult> {
  const write = lookerActivities('idempotentWrite');
  progress.step('restoring', { total: manifest.candidates });
  for (let start = 0; start < manifest.candidates; start += manifest.candidatesPerFile) {
    const part = await write.restoreArchivedPart({ jobId: input.jobId, start, action: manifest.action });
    addBatch(result, { restored: part.restored.length, unchanged: part.unchanged.length, sample: part });
    progress.advance(Math.min(manifest.candidatesPerFile, manifest.candidates - start), `${result.restored} restored`);
  }
  return done(progress, result);
}

function addBatch(result: RestoreArchivedContentResult, batch: Pick<RestoreArchivedContentResult, 'restored' | 'unchanged' | 'sample'>): void {
  result.restored += batch.restored;
  result.unchanged += batch.unchanged;
  result.sample.restored.push(...batch.sample.restored.slice(0, RESULT_SAMPLE - result.sample.restored.length));
  result.sample.unchanged.push(...batch.sample.unchanged.slice(0, RESULT_SAMPLE - result.sample.unchanged.length));
}

function done(progress: Progress, result: RestoreArchivedContentResult): RestoreArchivedContentResult {
  progress.step('done', { done: result.restored, total: result.restored + result.unchanged, message: `${result.restored} restored, ${result.unchanged} unchanged` });
  return result;
}
