// Activity options for each kind of Looker activity, for workflows to pass to proxyActivities.
//
// Activity options are the caller's side of the retry contract, so they live with the workflows.
// Imports only types and the dependency-free task-queues module.
import type { ActivityOptions, RetryPolicy } from '@temporalio/common';
import { filesTaskQueue, lookerApiTaskQueue } from './task-queues';

/**
 * Failure types that no retry can fix. The activities already mark these non-retryable;
 * listing them in the policy too keeps that true even if a failure is re-thrown elsewhere.
 * Since attempts are unlimited (see below), this list is what stops a hopeless retry.
 */
export const NON_RETRYABLE_LOOKER_FAILURES = [
  'LookerBadRequest',
  'LookerUnauthorized',
  'LookerForbidden',
  'LookerNotFound',
  'LookerMethodNotAllowed',
  'LookerNotSupported',
  'LookerConflict',
  'LookerValidation',
  'LookerQueryFailed',
  'LookerRenderFailed',
  'UnknownRoleOrGroup',
  'UnknownUserAttribute',
  'ContentNotFound',
  'ArchiveFolderNotFound',
  'ArchiveManifestNotFound',
  'ArchiveNotFinished',
  'NewOwnerNotFound',
  'NewOwnerDisabled',
  // Programming errors in an activity: the same input fails the same way every time.
  'TypeError',
  'ReferenceError',
] as const;

/**
 * Backoff for 5xx, network errors and timeouts; a 429 overrides it with the delay Looker asks for.
 *
 * No attempt limit: a long rate-limit storm (say, onboarding hundreds of users) would use up
 * any fixed number of attempts although every one of them was answered "later, please". What
 * gives up instead is each kind's scheduleToCloseTimeout, a bound in time rather than in count.
 */
const lookerRetry: RetryPolicy = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '1m',
  // maximumAttempts left out: unlimited (the SDK rejects 0).
  nonRetryableErrorTypes: [...NON_RETRYABLE_LOOKER_FAILURES],
};

/**
 * How soon a lost worker's activity is handed to another worker. Every Looker activity
 * heartbeats while it runs (activities/as-activity.ts), so this, not the start-to-close time
 * (which must allow for one slow Looker call, LOOKERSDK_TIMEOUT, and a 429 waited out), is what
 * a crash costs.
 */
const LOST_WORKER_AFTER = '30s';

export type LookerActivityKind = 'read' | 'idempotentWrite' | 'bestEffortWrite' | 'batch' | 'polling' | 'render';

/** Options per activity kind, without the task queue (see lookerActivityOptions). */
export const LOOKER_ACTIVITY_OPTIONS: Record<LookerActivityKind, ActivityOptions> = {
  /** One GET (a page of a search, a lookup); keeps retrying through 30 minutes of outage or rate limiting. */
  read: {
    startToCloseTimeout: '2m',
    scheduleToCloseTimeout: '30m',
    heartbeatTimeout: LOST_WORKER_AFTER,
    retry: lookerRetry,
  },
  /** A write that is safe to repeat (it looks before it creates); bulk jobs queue many, so it waits up to 1 h. */
  idempotentWrite: {
    startToCloseTimeout: '2m',
    scheduleToCloseTimeout: '1h',
    heartbeatTimeout: LOST_WORKER_AFTER,
    retry: lookerRetry,
  },
  /**
   * A write the job can do without (the password-setup email): a few attempts within 5 minutes,
   * then the job reports it not done instead of waiting for an hour.
   */
  bestEffortWrite: {
    startToCloseTimeout: '1m',
    scheduleToCloseTimeout: '5m',
    heartbeatTimeout: LOST_WORKER_AFTER,
    retry: { ...lookerRetry, maximumAttempts: 4 },
  },
  /**
   * Idempotent writes over a bounded list of items (archiving and restoring batches, transfers):
   * up to ~75 Looker calls. Heartbeats after each item, so a lost worker is noticed in 30 s and
   * the retry goes on from the last item heartbeated instead of starting over.
   */
  batch: {
    startToCloseTimeout: '10m',
    scheduleToCloseTimeout: '1h',
    heartbeatTimeout: LOST_WORKER_AFTER,
    retry: lookerRetry,
  },
  /** Long-running Looker work (query tasks); heartbeats each poll, so a lost worker is noticed in 30 s. */
  polling: {
    startToCloseTimeout: '1h',
    scheduleToCloseTimeout: '2h',
    heartbeatTimeout: LOST_WORKER_AFTER,
    retry: lookerRetry,
  },
  /** Dashboard/Look renders: like polling, plus the download of the file. */
  render: {
    startToCloseTimeout: '30m',
    scheduleToCloseTimeout: '2h',
    heartbeatTimeout: LOST_WORKER_AFTER,
    retry: lookerRetry,
  },
};

/** Options for proxyActivities: the preset for `kind`, on the Looker API task queue. */
export function lookerActivityOptions(kind: LookerActivityKind, workflowTaskQueue: string): ActivityOptions {
  return { ...LOOKER_ACTIVITY_OPTIONS[kind], taskQueue: lookerApiTaskQueue(workflowTaskQueue) };
}

/** File store work (no Looker call): on the files queue, quick, retried through a short outage of the store. */
export function fileActivityOptions(workflowTaskQueue: string): ActivityOptions {
  return {
    startToCloseTimeout: '2m',
    scheduleToCloseTimeout: '30m',
    retry: lookerRetry,
    taskQueue: filesTaskQueue(workflowTaskQueue),
  };
}
