// Worker options for the Looker API task queue (node side; workflows never import this).
import type { WorkerOptions } from '@temporalio/worker';

export interface LookerApiLimits {
  /** Looker calls per second across every worker on the queue (enforced by the Temporal server). */
  LOOKER_API_RPS: number;
  /** Looker activities running at once in this worker. */
  LOOKER_API_CONCURRENCY: number;
}

export function lookerWorkerOptions(
  settings: LookerApiLimits,
): Pick<WorkerOptions, 'maxTaskQueueActivitiesPerSecond' | 'maxConcurrentActivityTaskExecutions'> {
  return {
    maxTaskQueueActivitiesPerSecond: settings.LOOKER_API_RPS,
    maxConcurrentActivityTaskExecutions: settings.LOOKER_API_CONCURRENCY,
  };
}
