// How a workflow reaches Looker: through activities on the Looker API task queue, with the
// timeouts and retry policy of the activity's kind (see activity-options.ts).
import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { LookerActivities } from '../../activities';
import { lookerActivityOptions, type LookerActivityKind } from './activity-options';
import { localTaskQueue } from './task-queues';

/** Runs that started before non-Looker activities had their own queue keep scheduling them on the Looker API queue. */
export const NON_LOOKER_ACTIVITIES_OFF_LOOKER_QUEUE = 'non-looker-activities-off-looker-queue';

export function lookerActivities(kind: LookerActivityKind): LookerActivities {
  return proxyActivities<LookerActivities>(lookerActivityOptions(kind, workflowInfo().taskQueue));
}

/**
 * For activities that make no Looker call (file work, URL building): same options, on the local
 * queue, so they do not spend the Looker API queue's rate limit. Call it where the activity is
 * used (not at module level): the patch marker belongs to the run.
 */
export function nonLookerActivities(kind: LookerActivityKind): LookerActivities {
  const options = lookerActivityOptions(kind, workflowInfo().taskQueue);
  if (!patched(NON_LOOKER_ACTIVITIES_OFF_LOOKER_QUEUE)) return proxyActivities<LookerActivities>(options);
  return proxyActivities<LookerActivities>({ ...options, taskQueue: localTaskQueue(workflowInfo().taskQueue) });
}
