import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure, CancelledFailure, compileRetryPolicy } from '@temporalio/common';
import { LookerApiError, LookerNetworkError } from '../activities/looker-api-error';
import { RATE_LIMIT_DELAY_BOUNDS_MS, rateLimitDelayMs, toActivityFailure, type ClassifyOptions } from '../activities/looker-errors';
import { nextPollIntervalMs } from '../activities/polling';
import { LOOKER_ACTIVITY_OPTIONS, NON_RETRYABLE_LOOKER_FAILURES } from '../workflows/support/activity-options';

const noJitter = { random: () => 0 };

function classify(error: unknown, options: ClassifyOptions = noJitter): ApplicationFailure {
  const failure = toActivityFailure(error, options);
  assert.ok(failure instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(failure)}`);
  return failure;
}

function apiError(status: number, headers: Record<string, string> = {}, operation = 'create_user') {
  return new LookerApiError(operation, status, headers, `message for ${status}`);
}

describe('toActivityFailure', () => {
  const nonRetryable: Array<[number, string]> = [
    [400, 'LookerBadRequest'],
    [403, 'LookerForbidden'],
    [404, 'LookerNotFound'],
    [405, 'LookerMethodNotAllowed'],
    [409, 'LookerConflict'],
    [422, 'LookerValidation'],
    [410, 'LookerBadRequest'],
    [501, 'LookerNotSupported'],
  ];
  for (const [status, type] of nonRetryable) {
    it(`${status} → non-retryable ${type}`, () => {
      const failure = classify(apiError(status));
      assert.equal(failure.type, type);
      assert.equal(failure.nonRetryable, true);
      assert.equal(failure.nextRetryDelay, undefined);
      assert.deepEqual((failure.details?.[0] as { status: number }).status, status);
    });
  }

  for (const [status, type] of nonRetryable) {
    it(`${status} with Retry-After and ratelimit-reset is still non-retryable ${type}`, () => {
      const failure = classify(apiError(status, { 'retry-after': '5', 'ratelimit-reset': '5' }));
      assert.equal(failure.type, type);
      assert.equal(failure.nonRetryable, true);
      assert.equal(failure.nextRetryDelay, undefined);
    });
  }

  it('503 with Retry-After → retryable LookerUnavailable on the policy backoff', () => {
    const failure = classify(apiError(503, { 'retry-after': '5' }));
    assert.equal(failure.type, 'LookerUnavailable');
    assert.equal(failure.nonRetryable, false);
    assert.equal(failure.nextRetryDelay, undefined);
  });

  for (const status of [500, 502, 503, 504, 408]) {
    it(`${status} → retryable LookerUnavailable with the policy's backoff`, () => {
      const failure = classify(apiError(status));
      assert.equal(failure.type, 'LookerUnavailable');
      assert.equal(failure.nonRetryable, false);
      assert.equal(failure.nextRetryDelay, undefined);
    });
  }

  it('501 names the operation this Looker does not support', () => {
    assert.equal(classify(apiError(501, {}, 'create_alert')).message, 'Looker failed create_alert (501 message for 501): this Looker does not support create_alert');
  });

  it('network errors and timeouts → retryable LookerUnavailable', () => {
    for (const reason of ['network', 'timeout'] as const) {
      const failure = classify(new LookerNetworkError('me', reason, 'fetch failed: ECONNREFUSED'));
      assert.equal(failure.type, 'LookerUnavailable');
      assert.equal(failure.nonRetryable, false);
      assert.match(failure.message, new RegExp(reason));
    }
  });

  it('422 carries Looker message and every errors[] field, code and message', () => {
    const error = new LookerApiError('create_user', 422, {}, 'Validation Failed', [
      { field: 'email', code: 'invalid', message: 'must be a valid address' },
      { field: 'first_name', code: 'missing', message: 'is required' },
    ]);
    const failure = classify(error);
    assert.equal(
      failure.message,
      'Looker rejected create_user (422 Validation Failed): email: invalid — must be a valid address; first_name: missing — is required',
    );
    const details = failure.details?.[0] as { errors: unknown[]; message: string };
    assert.equal(details.message, 'Validation Failed');
    assert.equal(details.errors.length, 2);
  });

  it('401 → non-retryable LookerUnauthorized naming LOOKERSDK_CLIENT_ID', () => {
    const failure = classify(apiError(401, {}, 'me'));
    assert.equal(failure.type, 'LookerUnauthorized');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /LOOKERSDK_CLIENT_ID/);
  });

  it('a refused login (Looker answers 404) → LookerUnauthorized, not LookerNotFound', () => {
    const failure = classify(apiError(404, {}, 'login'));
    assert.equal(failure.type, 'LookerUnauthorized');
  });

  describe('429', () => {
    it('Retry-After in seconds sets nextRetryDelay', () => {
      const failure = classify(apiError(429, { 'retry-after': '7' }));
      assert.equal(failure.type, 'LookerRateLimited');
      assert.equal(failure.nonRetryable, false);
      assert.equal(failure.nextRetryDelay, 7000);
    });

    it('Retry-After as an HTTP date', () => {
      const now = Date.parse('2025-01-01T00:00:00Z');
      const failure = classify(apiError(429, { 'retry-after': 'Wed, 01 Jan 2025 00:00:12 GMT' }), { ...noJitter, now });
      assert.equal(failure.nextRetryDelay, 12_000);
    });

    it('ratelimit-reset when there is no Retry-After', () => {
      assert.equal(classify(apiError(429, { 'ratelimit-reset': '3' })).nextRetryDelay, 3000);
    });

    it('Retry-After wins over ratelimit-reset', () => {
      assert.equal(classify(apiError(429, { 'retry-after': '2', 'ratelimit-reset': '30' })).nextRetryDelay, 2000);
    });

    it('without either header, falls back to the retry policy', () => {
      const failure = classify(apiError(429));
      assert.equal(failure.type, 'LookerRateLimited');
      assert.equal(failure.nextRetryDelay, undefined);
    });

    it('an unparseable header counts as absent', () => {
      assert.equal(classify(apiError(429, { 'retry-after': 'soon' })).nextRetryDelay, undefined);
    });

    it('is bounded to 1 s .. 5 min', () => {
      assert.equal(classify(apiError(429, { 'retry-after': '0' })).nextRetryDelay, RATE_LIMIT_DELAY_BOUNDS_MS.min);
      assert.equal(classify(apiError(429, { 'retry-after': '86400' })).nextRetryDelay, RATE_LIMIT_DELAY_BOUNDS_MS.max);
      const past = rateLimitDelayMs({ 'retry-after': 'Wed, 01 Jan 2020 00:00:00 GMT' }, { random: () => 0 });
      assert.equal(past, RATE_LIMIT_DELAY_BOUNDS_MS.min);
    });

    it('jitter only lengthens the wait, by at most 10 %', () => {
      assert.equal(rateLimitDelayMs({ 'retry-after': '10' }, { random: () => 0.999 }), 10_000 + 999);
      assert.equal(rateLimitDelayMs({ 'retry-after': '10' }, { random: () => 0 }), 10_000);
      for (let i = 0; i < 50; i++) {
        const delay = rateLimitDelayMs({ 'retry-after': '10' })!;
        assert.ok(delay >= 10_000 && delay <= 11_000, String(delay));
      }
    });
  });

  it('passes ApplicationFailure, CancelledFailure and non-Looker errors through unchanged', () => {
    const failure = ApplicationFailure.nonRetryable('x', 'LookerQueryFailed');
    assert.equal(toActivityFailure(failure), failure);
    const cancelled = new CancelledFailure('cancelled');
    assert.equal(toActivityFailure(cancelled), cancelled);
    const bug = new TypeError('oops');
    assert.equal(toActivityFailure(bug), bug);
  });
});

describe('retry policies per activity kind', () => {
  const statuses = [400, 401, 403, 404, 405, 409, 410, 422, 501];

  it('every non-retryable Looker failure type is listed in the policies', () => {
    for (const status of statuses) {
      const failure = classify(apiError(status));
      assert.ok((NON_RETRYABLE_LOOKER_FAILURES as readonly string[]).includes(failure.type!), `${status} → ${failure.type}`);
    }
  });

  it('rate limits and outages are never listed as non-retryable', () => {
    for (const type of ['LookerRateLimited', 'LookerUnavailable']) {
      assert.ok(!(NON_RETRYABLE_LOOKER_FAILURES as readonly string[]).includes(type), type);
    }
  });

  // The password-setup email is the one write a job can do without: a few attempts, then it is reported not sent.
  it('bestEffortWrite: at most 4 attempts within 5 minutes', () => {
    const { retry, scheduleToCloseTimeout } = LOOKER_ACTIVITY_OPTIONS.bestEffortWrite;
    assert.equal(retry?.maximumAttempts, 4);
    assert.equal(scheduleToCloseTimeout, '5m');
    assert.deepEqual(retry?.nonRetryableErrorTypes, [...NON_RETRYABLE_LOOKER_FAILURES]);
  });

  for (const [kind, options] of Object.entries(LOOKER_ACTIVITY_OPTIONS).filter(([kind]) => kind !== 'bestEffortWrite')) {
    it(`${kind}: unlimited attempts, bounded in time by scheduleToCloseTimeout`, () => {
      assert.equal(options.retry?.maximumAttempts, undefined);
      assert.doesNotThrow(() => compileRetryPolicy(options.retry!), 'a policy the SDK accepts');
      assert.ok(options.scheduleToCloseTimeout, 'a time bound');
      assert.ok(options.startToCloseTimeout, 'a per-attempt bound');
      assert.deepEqual(options.retry?.nonRetryableErrorTypes, [...NON_RETRYABLE_LOOKER_FAILURES]);
    });
  }
});

describe('nextPollIntervalMs', () => {
  it('starts at 100 ms and doubles up to 5 s', () => {
    const intervals: number[] = [];
    let interval: number | undefined;
    for (let i = 0; i < 9; i++) intervals.push((interval = nextPollIntervalMs(interval)));
    assert.deepEqual(intervals, [100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
  });
});
