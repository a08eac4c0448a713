// What the job service tells its callers about a job (get_job, wait_for_job, `lookerflow
// status`), and the pieces it is made of: pending Looker calls, progress lines, failure chains.
import type { WorkflowExecutionDescription } from '@temporalio/client';
import type { ApprovalState } from '../contracts/approval';
import type { JobProgress } from '../contracts/job';
import type { JobStatus } from './job-status';
import { timestampMs } from './raw-executions';

export interface PendingActivity {
  activity: string;
  attempt: number;
  state: string;
  lastFailure?: string;
  /** e.g. "retrying in 12 s", when Temporal waits before the next attempt. */
  retry?: string;
}

export interface JobReport {
  jobId: string;
  runId: string;
  type: string;
  target?: string;
  status: JobStatus;
  /** The principal that started it (LookerPrincipal). */
  startedBy?: string;
  /** The job's change list in the file store, for job types that write (see `lookerflow jobs audit`). */
  changesPath?: string;
  startedAt?: string;
  closedAt?: string;
  progress?: JobProgress;
  approval?: ApprovalState;
  pendingActivities: PendingActivity[];
  result?: unknown;
  /** The failure, innermost cause first (usually the Looker error), then its wrappers. */
  failure?: { message: string; causes: string[] };
  uiUrl: string;
}

/** temporal.api.enums.v1.PendingActivityState by number. */
const PENDING_ACTIVITY_STATES: Record<number, string> = { 1: 'scheduled', 2: 'started', 3: 'cancel-requested', 4: 'paused', 5: 'pause-requested' };

type RawPendingActivity = NonNullable<WorkflowExecutionDescription['raw']['pendingActivities']>[number];

export function pendingActivity(raw: RawPendingActivity): PendingActivity {
  const nextAttempt = timestampMs(raw.nextAttemptScheduleTime);
  const activity: PendingActivity = {
    activity: raw.activityType?.name ?? 'unknown',
    attempt: raw.attempt ?? 1,
    state: PENDING_ACTIVITY_STATES[Number(raw.state ?? 1)] ?? 'scheduled',
  };
  if (raw.lastFailure?.message) activity.lastFailure = raw.lastFailure.message;
  if (nextAttempt !== undefined) activity.retry = `retrying in ${Math.max(0, Math.round((nextAttempt - Date.now()) / 1000))} s`;
  return activity;
}

/** One line for people, e.g. `onboarding users (412/1000): jdoe@company.com` (CLI --wait, MCP progress notifications). */
export function progressLine(progress: JobProgress): string {
  const counts = progress.total ? ` (${progress.done}/${progress.total})` : '';
  return `${progress.step}${counts}${progress.message ? `: ${progress.message}` : ''}`;
}

/** The messages of an error and its causes, innermost (the root cause) first. */
export function failureChain(error: unknown): { message: string; causes: string[] } {
  const messages: string[] = [];
  for (let e: unknown = error; e instanceof Error && messages.length < 10; e = e.cause) messages.push(e.message);
  const causes = messages.reverse();
  return { message: causes[0] ?? String(error), causes };
}
