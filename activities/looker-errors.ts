// The one place that decides how a failed Looker call leaves an activity: which failure type,
// whether Temporal may retry it, and after how long.
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { LookerApiError, LookerNetworkError } from './looker-api-error';

/** Bounds for the delay a 429 asks for, so a bad header can neither spin nor stall a job. */
export const RATE_LIMIT_DELAY_BOUNDS_MS = { min: 1_000, max: 5 * 60_000 } as const;
/** Up to this fraction is added to a 429 delay so a fleet of workers does not retry in lockstep. */
export const RATE_LIMIT_JITTER = 0.1;

const NON_RETRYABLE_BY_STATUS: Record<number, string> = {
  400: 'LookerBadRequest',
  403: 'LookerForbidden',
  404: 'LookerNotFound',
  405: 'LookerMethodNotAllowed',
  409: 'LookerConflict',
  422: 'LookerValidation',
};

export interface ClassifyOptions {
  /** Time "now" for HTTP-date Retry-After values (tests pin it). */
  now?: number;
  /** Returns 0..1; tests pin it to make the jitter predictable. */
  random?: () => number;
}

/**
 * Turns an error thrown while calling Looker into the failure the activity should throw.
 * ApplicationFailures and cancellations pass through unchanged, as do errors that did not
 * come from Looker (programming errors keep their own stack; the retry policy of every
 * activity kind gives up on a TypeError or ReferenceError at once).
 */
export function toActivityFailure(error: unknown, options: ClassifyOptions = {}): unknown {
  if (error instanceof ApplicationFailure || error instanceof CancelledFailure) return error;
  if (error instanceof LookerNetworkError) {
    return ApplicationFailure.create({
      type: 'LookerUnavailable',
      message: error.message,
      details: [{ operation: error.operation, reason: error.reason }],
    });
  }
  if (!(error instanceof LookerApiError)) return error;

  const details = [
    {
      operation: error.operation,
      status: error.status,
      message: error.lookerMessage,
      errors: error.errors,
      documentationUrl: error.documentationUrl,
    },
  ];
  if (isCredentialsRefused(error)) {
    return ApplicationFailure.create({
      type: 'LookerUnauthorized',
      nonRetryable: true,
      message: `${error.message}; check LOOKERSDK_CLIENT_ID and LOOKERSDK_CLIENT_SECRET`,
      details,
    });
  }
  if (error.status === 429) {
    const delayMs = rateLimitDelayMs(error.headers, options);
    return ApplicationFailure.create({
      type: 'LookerRateLimited',
      message: error.message,
      // Without a header, Temporal's own backoff from the retry policy applies.
      nextRetryDelay: delayMs,
      details: [{ ...details[0], retryAfterMs: delayMs }],
    });
  }
  if (error.status === 501) {
    // "Not Implemented": this Looker (its version or its settings) lacks the call; no retry adds it.
    return ApplicationFailure.create({
      type: 'LookerNotSupported',
      nonRetryable: true,
      message: `${error.message}: this Looker does not support ${error.operation}`,
      details,
    });
  }
  const nonRetryableType = NON_RETRYABLE_BY_STATUS[error.status];
  if (nonRetryableType) {
    return ApplicationFailure.create({ type: nonRetryableType, nonRetryable: true, message: error.message, details });
  }
  if (error.status >= 400 && error.status < 500 && error.status !== 408) {
    // Other client errors (410, 413, 415…) will not change on retry either.
    return ApplicationFailure.create({ type: 'LookerBadRequest', nonRetryable: true, message: error.message, details });
  }
  // 5xx, 408, and odd answers such as a 2xx the SDK could not parse (a proxy's HTML page).
  return ApplicationFailure.create({ type: 'LookerUnavailable', message: error.message, details });
}

/** 401 on a call even after logging in again, or the login itself refused (Looker answers 404). */
function isCredentialsRefused(error: LookerApiError): boolean {
  if (error.status === 401) return true;
  return error.operation === 'login' && [400, 403, 404].includes(error.status);
}

/**
 * The delay a 429 asks for, from `Retry-After` (seconds or an HTTP date) or else
 * `ratelimit-reset` (seconds), bounded and with a little jitter; undefined when neither is usable.
 */
export function rateLimitDelayMs(headers: Record<string, string>, options: ClassifyOptions = {}): number | undefined {
  const now = options.now ?? Date.now();
  const random = options.random ?? Math.random;
  const asked = parseRetryAfterMs(headers['retry-after'], now) ?? parseSecondsMs(headers['ratelimit-reset']);
  if (asked === undefined) return undefined;
  const { min, max } = RATE_LIMIT_DELAY_BOUNDS_MS;
  const bounded = Math.min(max, Math.max(min, asked));
  // Jitter only lengthens the wait: retrying before the advertised time would just earn another 429.
  return Math.round(Math.min(max, bounded * (1 + RATE_LIMIT_JITTER * random())));
}

function parseRetryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const seconds = parseSecondsMs(value);
  if (seconds !== undefined) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A number of seconds (as Looker's ratelimit-* headers give it) in milliseconds. */
export function parseSecondsMs(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value) * 1000;
}
