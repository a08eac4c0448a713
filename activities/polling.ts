// Adaptive polling for Looker's asynchronous tasks: quick first checks for fast queries,
// then backing off so long ones cost few calls.
import { CancelledFailure, Context } from '@temporalio/activity';
import { heartbeatProgress, heartbeatWhile } from './activity-wait';

export const POLL_INTERVAL_MS = { first: 100, max: 5_000 } as const;

/** 100 ms, 200, 400, … doubling up to 5 s. */
export function nextPollIntervalMs(previousMs: number | undefined): number {
  if (previousMs === undefined) return POLL_INTERVAL_MS.first;
  return Math.min(POLL_INTERVAL_MS.max, previousMs * 2);
}

/** Which Looker task a polling activity follows; names its id in the heartbeat details. */
export type TaskIdField = 'queryTaskId' | 'renderTaskId';

/** Heartbeat details, e.g. { queryTaskId: 'abc', polls: 3, status: 'running' }. */
export type PollProgress = { polls: number; status: string } & Partial<Record<TaskIdField, string>>;

/** The task id a previous attempt of this activity heartbeated, so a retry can resume it. */
export function previousTaskId(field: TaskIdField): { taskId: string; polls: number } | undefined {
  const details = Context.current().info.heartbeatDetails as PollProgress | undefined;
  const taskId = details?.[field];
  return typeof taskId === 'string' ? { taskId, polls: details?.polls ?? 0 } : undefined;
}

/**
 * True when the job itself asked this activity to stop (the workflow was cancelled). False for
 * the other reasons an activity is cancelled (worker shutdown, heartbeat timeout, an attempt
 * the server no longer knows): the job goes on, and the next attempt resumes the Looker task,
 * so that task must be left running.
 */
export function cancellationRequested(): boolean {
  const context = Context.current();
  if (!context.cancellationSignal.aborted) return false;
  const reason: unknown = context.cancellationSignal.reason;
  return context.cancellationDetails?.cancelRequested === true || (reason instanceof CancelledFailure && reason.message === 'CANCELLED');
}

export type PollResult<T> = { done: false; status: string } | { done: true; status: string; value: T };

/**
 * Calls `check` until it reports done, heartbeating progress after every poll and sleeping
 * the adaptive interval in between. Context.sleep throws CancelledFailure on cancellation.
 */
export async function pollUntilDone<T>(options: {
  field: TaskIdField;
  taskId: string;
  check: () => Promise<PollResult<T>>;
  /** Polls made by earlier attempts, so the count in the heartbeat keeps growing. */
  pollsSoFar?: number;
  /** `check` itself waits for its turn with the batched poller (task-poller.ts): no sleep between. */
  paced?: boolean;
}): Promise<T> {
  const context = Context.current();
  let polls = options.pollsSoFar ?? 0;
  let intervalMs: number | undefined;
  for (;;) {
    const result = await heartbeatWhile(options.check(), { [options.field]: options.taskId, polls, status: 'polling' });
    polls++;
    heartbeatProgress({ [options.field]: options.taskId, polls, status: result.status } satisfies PollProgress);
    if (result.done) return result.value;
    if (options.paced) continue;
    intervalMs = nextPollIntervalMs(intervalMs);
    await context.sleep(intervalMs);
  }
}
