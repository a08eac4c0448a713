// Activity options for each kind of Looker activity, for workflows to pass to proxyActivities.
//
// Activity options are the caller's side of the retry contract, so they live with the workflows.
// Imports only types and the dependency-free task-queues module.
import type { ActivityOptions, RetryPolicy } from '@temporalio/common';
import { lookerApiTaskQueue } from './task-queues';

/**
 * Failure types that no retry can fix. The activities already mark these non-retryable;
 * listing them in the policy too keeps that true even if a failure is re-thrown elsewhere.
 */
export const NON_RETRYABLE_LOOKER_FAILURES = [
  'LookerBadRequest',
  'LookerUnauthorized',
  'LookerForbidden',
  'LookerNotFound',
  'LookerMethodNotAllowed',
  'LookerConflict',
  'LookerValidation',
  'LookerQueryFailed',
  'LookerRenderFailed',
  'UnknownRoleOrGroup',
] as const;

/** Backoff for 5xx, network errors and timeouts. A 429 overrides it with the delay Looker asks for. */
const lookerRetry: RetryPolicy = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '1m',
  nonRetryableErrorTypes: [...NON_RETRYABLE_LOOKER_FAILURES],
};

export type LookerActivityKind = 'read' | 'idempotentWrite' | 'polling' | 'render';

/** Options per activity kind, without the task queue (see lookerActivityOptions). */
export const LOOKER_ACTIVITY_OPTIONS: Record<LookerActivityKind, ActivityOptions> = {
  /** One GET; retried for up to 10 minutes of outages or rate limiting. */
  read: {
    startToCloseTimeout: '2m',
    scheduleToCloseTimeout: '10m',
    retry: { ...lookerRetry, maximumAttempts: 10 },
  },
  /** A write that is safe to repeat (it looks up before it creates). */
  idempotentWrite: {
    startToCloseTimeout: '2m',
    scheduleToCloseTimeout: '15m',
    retry: { ...lookerRetry, maximumAttempts: 10 },
  },
  /** Long-running Looker work (query tasks); heartbeats each poll, so a lost worker is noticed in 30 s. */
  polling: {
    startToCloseTimeout: '1h',
    scheduleToCloseTimeout: '2h',
    heartbeatTimeout: '30s',
    retry: { ...lookerRetry, maximumAttempts: 20 },
  },
  /** Dashboard/Look renders: like polling, plus the download of the file. */
  render: {
    startToCloseTimeout: '30m',
    scheduleToCloseTimeout: '1h',
    heartbeatTimeout: '30s',
    retry: { ...lookerRetry, maximumAttempts: 5 },
  },
};

/** Options for proxyActivities: the preset for `kind`, on the Looker API task queue. */
export function lookerActivityOptions(kind: LookerActivityKind, workflowTaskQueue: string): ActivityOptions {
  return { ...LOOKER_ACTIVITY_OPTIONS[kind], taskQueue: lookerApiTaskQueue(workflowTaskQueue) };
}
