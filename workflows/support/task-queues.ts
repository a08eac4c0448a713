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
 * The task queue of activities that make no Looker call (the file store: lists, reports,
 * manifests; URL building): kept off the Looker API queue so they spend none of its rate budget.
 */
export function filesTaskQueue(workflowTaskQueue: string): string {
  return `${workflowTaskQueue}-files`;
}
