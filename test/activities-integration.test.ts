// Looker activities through the real dev server and a real worker, against the Looker emulator:
// rate limiting, token revocation, lost responses, a long query and a 422.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { LookerActivities } from '../activities';
import type { LookerActivityKind } from '../workflows/support/activity-options';
import { waitFor } from '../scripts/wait-for';
import { startLookerStack } from './stack';

// Started at file level, so its teardown belongs to the file, not to the first test.
const stackReady = startLookerStack({ seed: 'demo' });

let runs = 0;
/** Runs one activity in a workflow with the production options of its kind (backoff shortened to 100 ms). */
async function execute<R = unknown>(kind: LookerActivityKind, name: keyof LookerActivities, input: unknown): Promise<R> {
  const { client, taskQueue } = await stackReady;
  return client.workflow.execute('callLookerActivity', {
    taskQueue,
    workflowId: `${taskQueue}-activity-${++runs}`,
    args: [kind, name, input, 100],
    workflowExecutionTimeout: '2m',
  }) as Promise<R>;
}

async function emulatorAdmin() {
  return (await stackReady).emulator.admin;
}

async function callsTo(operation: string) {
  return (await emulatorAdmin()).calls().filter((c) => c.operationId === operation);
}

const slowQuery = { model: 'ecommerce', view: 'order_items', fields: ['products.category', 'order_items.count'] };

beforeEach(async () => {
  const admin = await emulatorAdmin();
  admin.reset();
  admin.clearFaults();
  admin.clearCalls();
  admin.configure({ queryDurationMs: 200 });
});

describe('Looker activities on a real worker against the emulator', () => {
  it('a 429 storm: each retry comes no earlier than the advertised Retry-After, then succeeds', async () => {
    const admin = await emulatorAdmin();
    admin.injectFault({ status: 429, count: 3, operation: 'search_roles', retryAfterSeconds: 1 });

    const page = await execute<{ items: Array<{ id: string; name: string }> }>('read', 'searchRoles', { name: 'Admin' });

    assert.deepEqual(
      page.items.map((r) => [r.id, r.name]),
      [['1', 'Admin']],
    );
    const calls = await callsTo('search_roles');
    assert.deepEqual(
      calls.map((c) => c.status),
      [429, 429, 429, 200],
    );
    for (let i = 1; i < calls.length; i++) {
      const gap = calls[i].atMs - calls[i - 1].atMs;
      assert.ok(gap >= 1000, `retry ${i} came ${gap} ms after the 429 that asked for 1000 ms`);
      assert.ok(gap < 3000, `retry ${i} waited ${gap} ms`);
    }
    assert.equal(admin.counters().throttled429, 3);
  });

  it('a storm longer than any fixed attempt count still completes (render policy, six 429s)', async () => {
    const admin = await emulatorAdmin();
    admin.injectFault({ status: 429, count: 6, operation: 'search_roles', retryAfterSeconds: 1 });

    const page = await execute<{ items: Array<{ id: string }> }>('render', 'searchRoles', { name: 'Viewer' });

    assert.deepEqual(
      page.items.map((r) => r.id),
      ['3'],
    );
    assert.deepEqual(
      (await callsTo('search_roles')).map((c) => c.status),
      [429, 429, 429, 429, 429, 429, 200],
    );
  });

  it('tokens revoked mid-query: the activity logs in again and finishes the same query task', async () => {
    const admin = await emulatorAdmin();
    admin.configure({ queryDurationMs: 3000 });

    const job = execute<{ rowCount: number; queryTaskId: string }>('polling', 'runQuery', { jobId: 'revoke', query: slowQuery });
    await waitFor('two polls of the query task', async () => ((await callsTo('query_task_multi_results')).length >= 2 ? true : undefined), {
      timeoutMs: 10_000,
    });
    const loginsBefore = admin.counters().byOperation.login ?? 0;
    assert.ok(admin.revokeTokens() >= 1);
    const result = await job;

    assert.ok(result.rowCount > 0);
    const counters = admin.counters();
    assert.equal(counters.byOperation.login, loginsBefore + 1, 'one fresh login');
    assert.ok((counters.byStatus['401'] ?? 0) >= 1, 'the revoked token was refused');
    assert.equal(counters.byOperation.create_query_task, 1, 'the same query task was followed');
    assert.equal(Object.keys(admin.state().query_tasks).length, 1);
  });

  it('a lost create response (drop-after-apply): the retry finds the user, no duplicate', async () => {
    const admin = await emulatorAdmin();
    admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: 'create_user_credentials_email' });
    const usersBefore = Object.keys(admin.state().users).length;

    const result = await execute<{ id: string; created: boolean }>('idempotentWrite', 'ensureUser', {
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
    });

    const calls = await callsTo('create_user_credentials_email');
    assert.equal(calls[0].outcome, 'dropped');
    const users = Object.values(admin.state().users);
    assert.equal(users.length, usersBefore + 1);
    const ada = users.filter((u) => u.credentials_email?.email === 'ada@example.com');
    assert.equal(ada.length, 1);
    assert.deepEqual(result, { id: ada[0].id, created: false, outcome: 'unchanged' });
    assert.equal(admin.counters().byOperation.create_user, 1);
  });

  it('a query that takes 10 s completes with a bounded number of polls', async () => {
    const admin = await emulatorAdmin();
    admin.configure({ queryDurationMs: 10_000 });

    const result = await execute<{ rowCount: number }>('polling', 'runQuery', { jobId: 'slow', query: slowQuery });

    assert.ok(result.rowCount > 0);
    const polls = await callsTo('query_task_multi_results');
    // Every max(250 ms, 10 % of the time followed) (100 ms in the first second, as the poller's
    // bucket allows: no three calls within 250 ms): about 10 polls in the first 2.5 s, then 10 %
    // longer gaps, about 25 in all; a long query costs few calls, and none is left waiting long.
    assert.ok(polls.length >= 10 && polls.length <= 32, `${polls.length} polls`);
    const gaps = polls.slice(1).map((p, i) => p.atMs - polls[i].atMs);
    const threeWithin = polls.slice(2).map((p, i) => p.atMs - polls[i].atMs);
    assert.ok(Math.min(...threeWithin) >= 240, `shortest time spanning three polls ${Math.min(...threeWithin)} ms`);
    assert.ok(Math.max(...gaps) < 2_500, `longest gap between polls ${Math.max(...gaps)} ms`);
  });

  for (const status of [501, 405] as const) {
    it(`a ${status} (Looker does not support the call) fails at once, naming the operation, without a retry`, async () => {
      const admin = await emulatorAdmin();
      admin.injectFault({ status, count: 5, operation: 'search_roles' });

      const error = await execute('read', 'searchRoles', { name: 'Admin' }).catch((e: unknown) => e);

      assert.ok(error instanceof WorkflowFailedError, String(error));
      assert.ok(error.cause instanceof ActivityFailure);
      const failure = error.cause.cause;
      assert.ok(failure instanceof ApplicationFailure);
      assert.equal(failure.nonRetryable, true, `${failure.type}: ${failure.message}`);
      assert.match(failure.type ?? '', /^Looker(NotSupported|MethodNotAllowed)$/);
      assert.match(failure.message, new RegExp(`search_roles.*${status}|${status}.*search_roles`));
      assert.equal((await callsTo('search_roles')).length, 1, 'not retried');
    });
  }

  it('a 422 reaches the workflow as a non-retryable failure naming the fields, and leaves nothing behind', async () => {
    const admin = await emulatorAdmin();
    const usersBefore = Object.keys(admin.state().users).length;

    const error = await execute('idempotentWrite', 'ensureUser', { email: 'not-an-email', firstName: 'No', lastName: 'Body' }).catch(
      (e: unknown) => e,
    );

    assert.ok(error instanceof WorkflowFailedError, String(error));
    assert.ok(error.cause instanceof ActivityFailure);
    const failure = error.cause.cause;
    assert.ok(failure instanceof ApplicationFailure);
    assert.equal(failure.type, 'LookerValidation');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /^Looker rejected create_user_credentials_email \(422 .*\): email: invalid/);
    assert.equal((await callsTo('create_user_credentials_email')).length, 1, 'not retried');
    assert.equal(Object.keys(admin.state().users).length, usersBefore);
  });
});
