// Which job the running activity works for, from its Temporal context: the workflow's type and
// id. Workflows need not pass them; outside an activity (a start-up check) there is none.
import { Context } from '@temporalio/activity';

export interface ActivityJob {
  jobType: string;
  jobId: string;
  activity: string;
}

export function currentJob(): ActivityJob | undefined {
  try {
    const { workflowType, workflowExecution, activityType } = Context.current().info;
    return workflowType && workflowExecution ? { jobType: workflowType, jobId: workflowExecution.workflowId, activity: activityType } : undefined;
  } catch {
    return undefined;
  }
}

/** The `source` of the query tasks a job creates, so Looker's System Activity names the job. */
export function querySource(fallbackJobId: string): string {
  const job = currentJob();
  return job ? `lookerflow:${job.jobType}:${job.jobId}` : `lookerflow:${fallbackJobId}`;
}
