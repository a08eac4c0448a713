// How a workflow reaches Looker: through activities on the Looker API task queue, with the
// timeouts and retry policy of the activity's kind (see activity-options.ts).
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { LookerActivities } from '../../activities';
import { fileActivityOptions, lookerActivityOptions, type LookerActivityKind } from './activity-options';

export function lookerActivities(kind: LookerActivityKind): LookerActivities {
  return proxyActivities<LookerActivities>(lookerActivityOptions(kind, workflowInfo().taskQueue));
}

/** Activities that only touch the file store, on the files queue (never the Looker API queue). */
export function fileActivities(): Pick<LookerActivities, 'saveArchiveReport' | 'saveArchiveManifest' | 'readArchiveManifest'> {
  return proxyActivities<LookerActivities>(fileActivityOptions(workflowInfo().taskQueue));
}
