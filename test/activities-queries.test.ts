import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ActivityCancellationDetails, ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createLocalFileStore } from '../activities/file-store';
import { createLookerClient } from '../activities/looker-client';
import { lookerSettingsFromEnv } from '../activities/looker-settings';
import type { PollProgress } from '../activities/polling';
import { fakeEnv, startFakeLooker, type FakeRequest } from './activities-fake-looker';

interface QueryScript {
  /** Polls answered "running" before "complete". */
  runningPolls?: number;
  /** Task ids Looker no longer knows. */
  expired?: string[];
  /** Task ids that were killed in Looker. */
  killed?: string[];
  /** How long each poll takes to answer. */
  pollDelayMs?: number;
  rows?: unknown[];
  failWith?: unknown;
}

/** A fake Looker that runs query tasks by a script and records what was asked of it. */
async function queryLooker(script: QueryScript = {}) {
  let tasksCreated = 0;
  const polls = new Map<string, number>();
  const server = await startFakeLooker(async (req: FakeRequest) => {
    if (req.method === 'POST' && req.path === '/api/4.0/queries') return { body: { id: 'q1' } };
    if (req.method === 'POST' && req.path === '/api/4.0/query_tasks') return { body: { id: `t${++tasksCreated}` } };
    if (req.method === 'DELETE' && req.path.startsWith('/api/4.0/running_queries/')) return { status: 204, body: '' };
    if (req.path === '/api/4.0/query_tasks/multi_results') {
      const id = req.query.get('query_task_ids')!;
      if (script.pollDelayMs) await new Promise((answer) => setTimeout(answer, script.pollDelayMs));
      if (script.expired?.includes(id)) return { status: 404, body: { message: 'Not found' } };
      if (script.killed?.includes(id)) return { body: { [id]: { status: 'killed' } } };
      const n = (polls.get(id) ?? 0) + 1;
      polls.set(id, n);
      if (script.failWith) return { body: { [id]: { status: 'error', data: script.failWith } } };
      const done = n > (script.runningPolls ?? 0);
      return { body: { [id]: done ? { status: 'complete', data: script.rows ?? [{ n: 1 }] } : { status: 'running' } } };
    }
    return undefined;
  });
  after(() => server.close());
  const filesDir = mkdtempSync(join(tmpdir(), 'lookerflow-files-'));
  const activities = createActivities({
    looker: createLookerClient(lookerSettingsFromEnv(fakeEnv(server.baseUrl))),
    files: createLocalFileStore(filesDir),
  });
  const requestsTo = (path: string, method = 'GET') => server.requests.filter((r) => r.path === path && r.method === method);
  return {
    activities,
    filesDir,
    taskCreations: () => requestsTo('/api/4.0/query_tasks', 'POST'),
    pollRequests: () => requestsTo('/api/4.0/query_tasks/multi_results'),
    kills: () => server.requests.filter((r) => r.method === 'DELETE' && r.path.startsWith('/api/4.0/running_queries/')),
  };
}

function recordHeartbeats(env: MockActivityEnvironment): PollProgress[] {
  const heartbeats: PollProgress[] = [];
  env.on('heartbeat', (details: PollProgress) => heartbeats.push(details));
  return heartbeats;
}

/** A mock activity context that keeps the test output free of activity logs. */
function mockEnv(info: ConstructorParameters<typeof MockActivityEnvironment>[0] = {}) {
  return new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });
}

/** env.run with the activity's own result type. */
function run<Args extends unknown[], Result>(env: MockActivityEnvironment, fn: (...args: Args) => Promise<Result>, ...args: Args) {
  return env.run(fn, ...args) as Promise<Result>;
}

const inlineQuery = { model: 'thelook', view: 'orders', fields: ['orders.count'] };

describe('runQuery (scripted fake Looker, MockActivityEnvironment)', () => {
  it('polls through the batched poller (every 100 ms at first, as its bucket allows), heartbeating each poll, and returns the rows', async () => {
    const looker = await queryLooker({ runningPolls: 5, rows: [{ 'orders.count': 42 }] });
    const env = mockEnv({ heartbeatTimeoutMs: 30_000, workflowType: 'queryToDashboard', workflowExecution: { workflowId: 'job-1', runId: 'r1' } });
    const heartbeats = recordHeartbeats(env);

    const result = await run(env, looker.activities.runQuery, { jobId: 'job-1', query: inlineQuery });

    assert.deepEqual(result, { queryId: 'q1', queryTaskId: 't1', rowCount: 1, rows: [{ 'orders.count': 42 }] });
    assert.equal(looker.taskCreations().length, 1);
    const body = JSON.parse(looker.taskCreations()[0].body);
    assert.equal(body.source, 'lookerflow:queryToDashboard:job-1', 'System Activity names the job type and id');
    assert.equal(body.query_id, 'q1');

    const pollTimes = looker.pollRequests().map((r) => r.at);
    assert.equal(pollTimes.length, 6);
    const gaps = pollTimes.slice(1).map((t, i) => t - pollTimes[i]);
    // 100 ms in the task's first second, then max(250 ms, 10 % of the time followed), the calls
    // paced by a bucket of 4 a second holding 2: never three within 250 ms (plus request time).
    gaps.forEach((gap, i) => assert.ok(gap >= 95 && gap < 550, `gap ${i}: ${gap} ms`));
    pollTimes.slice(2).forEach((t, i) => assert.ok(t - pollTimes[i]! >= 245, `polls ${i + 1}-${i + 3} within ${t - pollTimes[i]!} ms`));

    assert.deepEqual(
      heartbeats.map((h) => h.polls),
      [1, 2, 3, 4, 5, 6],
    );
    assert.deepEqual(heartbeats[0], { queryTaskId: 't1', polls: 1, status: 'running' });
    assert.equal(heartbeats.at(-1)!.status, 'complete');
  });

  it('on cancellation kills the query in Looker and reports cancellation', async () => {
    const looker = await queryLooker({ runningPolls: Infinity });
    const env = mockEnv({ heartbeatTimeoutMs: 30_000 });
    env.once('heartbeat', () => env.cancel());

    const error = await run(env, looker.activities.runQuery, { jobId: 'job-2', query: inlineQuery }).catch((e: unknown) => e);

    assert.ok(error instanceof CancelledFailure, `expected CancelledFailure, got ${String(error)}`);
    assert.deepEqual(
      looker.kills().map((r) => r.path),
      ['/api/4.0/running_queries/t1'],
    );
  });

  for (const [reason, details] of [
    ['WORKER_SHUTDOWN', { workerShutdown: true }],
    ['TIMED_OUT', { timedOut: true }],
  ] as const) {
    it(`cancelled for ${reason} (scripted fake Looker): the query is left running for the next attempt`, async () => {
      const looker = await queryLooker({ runningPolls: Infinity });
      const env = mockEnv({ heartbeatTimeoutMs: 30_000 });
      env.once('heartbeat', () => env.cancel(reason, new ActivityCancellationDetails(details)));

      const error = await run(env, looker.activities.runQuery, { jobId: 'job-2b', query: inlineQuery }).catch((e: unknown) => e);

      assert.ok(error instanceof CancelledFailure, `expected CancelledFailure, got ${String(error)}`);
      assert.deepEqual(looker.kills(), [], 'not killed');
    });
  }

  it('a resumed task that was killed in Looker (scripted fake Looker): runs the query again', async () => {
    const looker = await queryLooker({ killed: ['t-killed'] });
    const env = mockEnv({ heartbeatTimeoutMs: 30_000, attempt: 2, heartbeatDetails: { queryTaskId: 't-killed', polls: 3, status: 'running' } });

    const result = await run(env, looker.activities.runQuery, { jobId: 'job-3b', query: inlineQuery });

    assert.equal(result.queryTaskId, 't1');
    assert.equal(looker.taskCreations().length, 1);
  });

  it('a slow poll (scripted fake Looker) keeps the heartbeat going', async () => {
    const looker = await queryLooker({ runningPolls: 0, pollDelayMs: 600 });
    const env = mockEnv({ heartbeatTimeoutMs: 400 });
    const heartbeats = recordHeartbeats(env);

    await run(env, looker.activities.runQuery, { jobId: 'job-3c', query: inlineQuery });

    const during = heartbeats.filter((h) => h.status === 'polling');
    assert.ok(during.length >= 2, `heartbeats while the poll was answered: ${JSON.stringify(heartbeats)}`);
    assert.ok(during.every((h) => h.queryTaskId === 't1'), 'each carries the task id');
  });

  it('a retried attempt resumes the heartbeated query task instead of starting another', async () => {
    const looker = await queryLooker({ runningPolls: 1 });
    const env = mockEnv({
      heartbeatTimeoutMs: 30_000,
      attempt: 2,
      heartbeatDetails: { queryTaskId: 't-before-crash', polls: 4, status: 'running' },
    });
    const heartbeats = recordHeartbeats(env);

    const result = await run(env, looker.activities.runQuery, { jobId: 'job-3', query: inlineQuery });

    assert.equal(result.queryTaskId, 't-before-crash');
    assert.equal(looker.taskCreations().length, 0, 'no second query task');
    assert.deepEqual(
      heartbeats.map((h) => [h.queryTaskId, h.polls]),
      [
        ['t-before-crash', 5],
        ['t-before-crash', 6],
      ],
    );
  });

  it('when the heartbeated task has expired (404), starts a new one', async () => {
    const looker = await queryLooker({ expired: ['t-old'] });
    const env = mockEnv({ heartbeatTimeoutMs: 30_000, heartbeatDetails: { queryTaskId: 't-old', polls: 2, status: 'running' } });

    const result = await run(env, looker.activities.runQuery, { jobId: 'job-4', query: inlineQuery });

    assert.equal(result.queryTaskId, 't1');
    assert.equal(looker.taskCreations().length, 1);
  });

  it('a query error is a non-retryable LookerQueryFailed with the SQL message', async () => {
    const looker = await queryLooker({
      failWith: { errors: [{ message: 'Error running query', message_details: 'Column "foo" does not exist' }] },
    });
    const env = mockEnv({ heartbeatTimeoutMs: 30_000 });

    const error = await run(env, looker.activities.runQuery, { jobId: 'job-5', query: inlineQuery }).catch((e: unknown) => e);

    assert.ok(error instanceof ApplicationFailure);
    assert.equal(error.type, 'LookerQueryFailed');
    assert.equal(error.nonRetryable, true);
    assert.match(error.message, /Column "foo" does not exist/);
  });

  it('large results go to the file store and only a reference and a sample are returned', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ 'orders.id': i, 'orders.status': 'complete' }));
    const looker = await queryLooker({ rows });
    const env = mockEnv({ heartbeatTimeoutMs: 30_000 });

    const result = await run(env, looker.activities.runQuery, { jobId: 'job-6', query: inlineQuery, maxInlineBytes: 1000 });

    assert.equal(result.rows, undefined);
    assert.equal(result.rowCount, 500);
    assert.equal(result.sample?.length, 20);
    assert.equal(result.rowsRef?.path, 'jobs/job-6/runQuery/q1.json');
    const stored = readFileSync(join(looker.filesDir, result.rowsRef!.path), 'utf8');
    assert.equal(Buffer.byteLength(stored), result.rowsRef!.bytes);
    assert.deepEqual(JSON.parse(stored), rows);
  });

  it('saved query ids skip create_query', async () => {
    const looker = await queryLooker();
    const env = mockEnv({ heartbeatTimeoutMs: 30_000 });
    const result = await run(env, looker.activities.runQuery, { jobId: 'job-7', queryId: 'saved-9' });
    assert.equal(result.queryId, 'saved-9');
    assert.equal(JSON.parse(looker.taskCreations()[0].body).query_id, 'saved-9');
  });
});
