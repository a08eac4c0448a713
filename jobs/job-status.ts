// A job's status as the job service reports it: Temporal's execution status, plus
// `waiting-for-approval` read from the LookerJobState search attribute.
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { LookerJobState } from '../contracts/job';

export const JOB_STATUSES = ['running', 'waiting-for-approval', 'completed', 'failed', 'cancelled', 'timed-out', 'terminated'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Endings that are not success: wait_for_job answers them with isError, the CLI exits 1. */
export function endedBadly(status: string): boolean {
  return ['failed', 'cancelled', 'timed-out', 'terminated'].includes(status);
}

/** A job's status: Temporal's, with `waiting-for-approval` read from the LookerJobState search attribute. */
export function statusOf(execution: Pick<WorkflowExecutionDescription, 'status' | 'typedSearchAttributes'>): JobStatus {
  return jobStatus(execution.status.name, execution.typedSearchAttributes.get(LookerJobState));
}

export function jobStatus(temporalStatus: string | undefined, jobState?: string): JobStatus {
  switch (temporalStatus) {
    case 'RUNNING':
      return jobState === 'waiting-for-approval' ? 'waiting-for-approval' : 'running';
    case 'COMPLETED':
      return 'completed';
    case 'FAILED':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
    case 'TIMED_OUT':
      return 'timed-out';
    case 'TERMINATED':
      return 'terminated';
    default:
      // CONTINUED_AS_NEW: the next run carries on.
      return 'running';
  }
}

/** The ExecutionStatus a visibility query filters on for each job status. */
export const TEMPORAL_STATUS: Record<JobStatus, string> = {
  running: 'Running',
  'waiting-for-approval': 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Canceled',
  'timed-out': 'TimedOut',
  terminated: 'Terminated',
};
