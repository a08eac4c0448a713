// Looker activities through the real dev server and a real worker, against a scripted fake
// Looker: rate limiting, token revocation, a lost response, a long query and a 422.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { createActivities } from '../activities';
import { createLocalFileStore } from '../activities/file-store';
import { createLookerClient } from '../activities/looker-client';
import { lookerSettingsFromEnv } from '../activities/looker-settings';
import type { LookerActivityKind } from '../workflows/support/activity-options';
import { fakeEnv, startFakeLooker, type FakeHandler } from './activities-fake-looker';
import { startTestWorker, useTemporal } from './harness';

// Started at file level, so the harness's teardown hook belongs to the file, not to the first test.
const temporalReady = useTemporal();

async function lookerJob(handler: FakeHandler) {
  const server = await startFakeLooker(handler);
  after(() => server.close());
  const activities = createActivities({
    looker: createLookerClient(lookerSettingsFromEnv(fakeEnv(server.baseUrl))),
    files: createLocalFileStore(mkdtempSync(join(tmpdir(), 'lookerflow-files-'))),
  });
  const { taskQueue } = await startTestWorker({ activities });
  const { client } = await temporalReady;
  let runs = 0;
  const execute = (kind: LookerActivityKind, name: keyof typeof activities, input: unknown) =>
    client.workflow.execute('callLookerActivity', {
      taskQueue,
      workflowId: `${taskQueue}-${++runs}`,
      args: [kind, name, input, 100],
      workflowExecutionTimeout: '2m',
    });
  return { server, execute };
}

describe('Looker activities on a real worker', () => {
  it('a 429 storm: each retry waits at least the advertised Retry-After', async () => {
    let rateLimited = 0;
    const { server, execute } = await lookerJob((req) => {
      if (req.path !== '/api/4.0/roles/search') return undefined;
      if (++rateLimited <= 3) return { status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too many requests' } };
      return { body: [{ id: '1', name: 'Admin' }] };
    });

    const page = await execute('read', 'searchRoles', { name: 'Admin' });

    assert.deepEqual(page, { items: [{ id: '1', name: 'Admin' }], nextOffset: null });
    const times = server.apiRequests().map((r) => r.at);
    assert.equal(times.length, 4);
    for (let i = 1; i < times.length; i++) {
      const gap = times[i] - times[i - 1];
      assert.ok(gap >= 1000, `retry ${i} came ${gap} ms after the 429 that asked for 1000 ms`);
      assert.ok(gap < 3000, `retry ${i} waited ${gap} ms`);
    }
  });

  it('a token revoked mid-query: the activity logs in again and finishes the same query task', async () => {
    let polls = 0;
    let tasks = 0;
    let revokedToken: string | undefined;
    const { server, execute } = await lookerJob((req) => {
      if (req.path === '/api/4.0/queries') return { body: { id: 'q1' } };
      if (req.path === '/api/4.0/query_tasks') return { body: { id: `t${++tasks}` } };
      if (req.path !== '/api/4.0/query_tasks/multi_results') return undefined;
      polls++;
      if (polls === 3) revokedToken = req.headers.authorization;
      if (req.headers.authorization === revokedToken) return { status: 401, body: { message: 'Requires authentication.' } };
      return { body: { t1: polls < 6 ? { status: 'running' } : { status: 'complete', data: [{ n: 1 }] } } };
    });

    const result = (await execute('polling', 'runQuery', { jobId: 'revoke', query: { model: 'm', view: 'v' } })) as { rows: unknown[] };

    assert.deepEqual(result.rows, [{ n: 1 }]);
    assert.equal(server.logins().length, 2);
    assert.equal(tasks, 1);
  });

  it('a lost response after creating credentials: the retry finds the user, no duplicate', async () => {
    const users: Array<{ id: string; email?: string; first_name: string; last_name: string }> = [];
    let dropped = false;
    const { execute } = await lookerJob((req) => {
      if (req.method === 'GET' && req.path === '/api/4.0/users/search') {
        const email = req.query.get('email');
        const match = email === 'IS NULL' ? users.filter((u) => !u.email) : users.filter((u) => u.email === email);
        return { body: match };
      }
      if (req.method === 'POST' && req.path === '/api/4.0/users') {
        const body = JSON.parse(req.body);
        users.push({ id: String(users.length + 1), first_name: body.first_name, last_name: body.last_name });
        return { body: { id: String(users.length) } };
      }
      const credentials = /^\/api\/4\.0\/users\/(\d+)\/credentials_email$/.exec(req.path);
      if (req.method === 'POST' && credentials) {
        const user = users.find((u) => u.id === credentials[1])!;
        if (user.email) return { status: 409, body: { message: 'Email credentials already exist for this user' } };
        user.email = JSON.parse(req.body).email;
        if (!dropped) {
          dropped = true;
          return { drop: true };
        }
        return { body: { email: user.email } };
      }
      return undefined;
    });

    const result = await execute('idempotentWrite', 'ensureUser', { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });

    assert.ok(dropped);
    assert.deepEqual(result, { id: '1', created: false });
    assert.equal(users.length, 1);
  });

  it('a query that takes 10 s completes with a bounded number of polls', async () => {
    let startedAt = 0;
    const { server, execute } = await lookerJob((req) => {
      if (req.path === '/api/4.0/queries') return { body: { id: 'q1' } };
      if (req.path === '/api/4.0/query_tasks') {
        startedAt = Date.now();
        return { body: { id: 't1' } };
      }
      if (req.path !== '/api/4.0/query_tasks/multi_results') return undefined;
      const done = Date.now() - startedAt >= 10_000;
      return { body: { t1: done ? { status: 'complete', data: [{ n: 1 }] } : { status: 'running' } } };
    });

    const result = (await execute('polling', 'runQuery', { jobId: 'slow', query: { model: 'm', view: 'v' } })) as { rowCount: number };

    assert.equal(result.rowCount, 1);
    const polls = server.apiRequests().filter((r) => r.path === '/api/4.0/query_tasks/multi_results').length;
    // 100 ms doubling to 5 s reaches 10 s on the 8th poll.
    assert.ok(polls >= 7 && polls <= 9, `${polls} polls`);
  });

  it('a 422 reaches the workflow as a non-retryable failure naming the fields', async () => {
    const { server, execute } = await lookerJob((req) => {
      if (req.path === '/api/4.0/users/search') return { body: [] };
      if (req.method === 'POST' && req.path === '/api/4.0/users') {
        return {
          status: 422,
          body: {
            message: 'Validation Failed',
            errors: [{ field: 'first_name', code: 'missing', message: 'is required' }],
            documentation_url: 'https://cloud.google.com/looker/docs/r/err/4.0/422/post/users',
          },
        };
      }
      return undefined;
    });

    const error = await execute('idempotentWrite', 'ensureUser', { email: 'x@example.com' }).catch((e: unknown) => e);

    assert.ok(error instanceof WorkflowFailedError, String(error));
    assert.ok(error.cause instanceof ActivityFailure);
    const failure = error.cause.cause;
    assert.ok(failure instanceof ApplicationFailure);
    assert.equal(failure.type, 'LookerValidation');
    assert.equal(failure.nonRetryable, true);
    assert.equal(failure.message, 'Looker rejected create_user (422 Validation Failed): first_name: missing — is required');
    assert.equal(server.apiRequests().filter((r) => r.method === 'POST').length, 1, 'not retried');
  });
});
