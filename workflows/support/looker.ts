// How a workflow reaches Looker: through activities on the Looker API task queue, with the
// timeouts and retry policy of the activity's kind (see activity-options.ts).
import { ActivityCancellationType, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { LookerActivities } from '../../activities';
import { fileActivityOptions, lookerActivityOptions, type LookerActivityKind } from './activity-options';
import { filesTaskQueue } from './task-queues';

/**
 * Patch id: a cancelled job waits for its running Looker activities to stop (a query killed, a
 * write finished) before it reports cancelled. Runs recorded before it keep the old behaviour
 * (report at once, the activity stops later), so their histories replay unchanged.
 */
export const WAIT_FOR_ACTIVITY_CANCELLATION = 'looker-activities-wait-for-cancellation';

/**
 * Whether this run's Looker activities wait for their cancellation. A parent that starts many
 * children (bulkOnboard) decides once and hands the answer down in the child's memo
 * (`childWaitsForCancellation`): each patch also upserts a search attribute, which would cost
 * a visibility write per child.
 */
function waitsForCancellation(): boolean {
  return workflowInfo().memo?.[WAIT_FOR_ACTIVITY_CANCELLATION] === true || patched(WAIT_FOR_ACTIVITY_CANCELLATION);
}

/** Memo for a child workflow, so that its activities wait for cancellation as this run's do. */
export function childWaitsForCancellation(): Record<string, unknown> | undefined {
  return waitsForCancellation() ? { [WAIT_FOR_ACTIVITY_CANCELLATION]: true } : undefined;
}

/** Runs that started before non-Looker activities had their own queue keep scheduling them on the Looker API queue. */
export const NON_LOOKER_ACTIVITIES_OFF_LOOKER_QUEUE = 'non-looker-activities-off-looker-queue';

export function lookerActivities(kind: LookerActivityKind): LookerActivities {
  const options = lookerActivityOptions(kind, workflowInfo().taskQueue);
  const reportAtOnce = proxyActivities<LookerActivities>(options);
  const waitForStop = proxyActivities<LookerActivities>({ ...options, cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED });
  // Decided per call, not here: some workflows make their proxies at module load, where patched() may not run.
  return new Proxy({} as LookerActivities, {
    get: (_, name: string) =>
      (...args: unknown[]) =>
        ((waitsForCancellation() ? waitForStop : reportAtOnce)[name as keyof LookerActivities] as (...a: unknown[]) => Promise<unknown>)(...args),
  });
}

/** Activities that only touch the file store, on the files queue (never the Looker API queue). */
export function fileActivities(): Pick<LookerActivities, 'saveArchiveReport' | 'saveArchiveManifest' | 'readArchiveManifest'> {
  return proxyActivities<LookerActivities>(fileActivityOptions(workflowInfo().taskQueue));
}

/**
 * For other activities that make no Looker call (URL building): same options, on the files
 * queue, so they do not spend the Looker API queue's rate limit. Call it where the activity is
 * used (not at module level): the patch marker belongs to the run.
 */
export function nonLookerActivities(kind: LookerActivityKind): LookerActivities {
  const options = lookerActivityOptions(kind, workflowInfo().taskQueue);
  if (!patched(NON_LOOKER_ACTIVITIES_OFF_LOOKER_QUEUE)) return proxyActivities<LookerActivities>(options);
  return proxyActivities<LookerActivities>({ ...options, taskQueue: filesTaskQueue(workflowInfo().taskQueue) });
}
