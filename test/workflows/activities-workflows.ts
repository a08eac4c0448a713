// Test-only workflow: runs one Looker activity with the production activity options for its
// kind, so integration tests exercise the real retry policies and failure classification.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { LookerActivities } from '../../activities';
import { lookerActivityOptions, type LookerActivityKind } from '../../workflows/support/activity-options';

export async function callLookerActivity(
  kind: LookerActivityKind,
  name: keyof LookerActivities,
  input: unknown,
  /** Tests shorten the policy's backoff so a 5xx retry does not take a second. */
  initialIntervalMs?: number,
): Promise<unknown> {
  const options = lookerActivityOptions(kind, workflowInfo().taskQueue);
  if (initialIntervalMs !== undefined) options.retry = { ...options.retry, initialInterval: initialIntervalMs };
  const activities = proxyActivities<LookerActivities>(options);
  const activity = activities[name] as (input: unknown) => Promise<unknown>;
  return activity(input);
}
