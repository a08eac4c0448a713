// Task queue names shared by workers and workflows.
//
// Workflow-safe: this file imports nothing, so workflow code may import it directly.

/**
 * The task queue on which every Looker API activity runs. Keeping Looker calls on their own
 * queue lets the Temporal server cap their rate across all workers (maxTaskQueueActivitiesPerSecond).
 */
export function lookerApiTaskQueue(workflowTaskQueue: string): string {
  return `${workflowTaskQueue}-looker-api`;
}

/**
 * The task queue for activities that make no Looker call (file work, URL building): they need
 * the same workers but must not spend the Looker API queue's rate limit.
 */
export function localTaskQueue(workflowTaskQueue: string): string {
  return `${workflowTaskQueue}-local`;
}
