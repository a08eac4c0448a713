// How a workflow reaches Looker: through activities on the Looker API task queue, with the
// timeouts and retry policy of the activity's kind (see activity-options.ts).
import { ActivityCancellationType, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { LookerActivities } from '../../activities';
import { lookerActivityOptions, type LookerActivityKind } from './activity-options';

/**
 * Patch id: a cancelled job waits for its running Looker activities to stop (a query killed, a
 * write finished) before it reports cancelled. Runs recorded before it keep the old behaviour
 * (report at once, the activity stops later), so their histories replay unchanged.
 */
export const WAIT_FOR_ACTIVITY_CANCELLATION = 'looker-activities-wait-for-cancellation';

export function lookerActivities(kind: LookerActivityKind): LookerActivities {
  const options = lookerActivityOptions(kind, workflowInfo().taskQueue);
  const reportAtOnce = proxyActivities<LookerActivities>(options);
  const waitForStop = proxyActivities<LookerActivities>({ ...options, cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED });
  // Decided per call, not here: some workflows make their proxies at module load, where patched() may not run.
  return new Proxy({} as LookerActivities, {
    get: (_, name: string) =>
      (...args: unknown[]) =>
        ((patched(WAIT_FOR_ACTIVITY_CANCELLATION) ? waitForStop : reportAtOnce)[name as keyof LookerActivities] as (...a: unknown[]) => Promise<unknown>)(...args),
  });
}
