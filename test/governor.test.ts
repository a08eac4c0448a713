// The Looker-limit governor and the batched task poller on the real stack: dev server, real
// worker, real SDK, the emulator rate-limiting like a Looker instance.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { temporal } from '@temporalio/proto';
import { createActivities } from '../activities';
import { createLocalFileStore } from '../activities/file-store';
import { LookerGovernor } from '../activities/governor';
import { createLookerClient } from '../activities/looker-client';
import { lookerSettingsFromEnv } from '../activities/looker-settings';
import { startEmulator } from '../emulator';
import { QueryToDashboardInput } from '../jobs/query-to-dashboard';
import { waitFor } from '../scripts/wait-for';
import { filesTaskQueue, lookerApiTaskQueue } from '../workflows/support/task-queues';
import { FLEET_RATE_REASON, shareRateThroughTaskQueue } from '../worker/fleet-rate';
import { startTestWorker, uniqueTaskQueue, useTemporal } from './harness';

/** The worker as production builds it with LOOKER_API_RPS=10 (the old default). */
async function startGovernedStack() {
  const { client } = await useTemporal();
  const emulator = await startEmulator({ port: 0, seed: 'demo', validateResponses: true });
  after(() => emulator.close());
  const lookerEnv = { LOOKERSDK_BASE_URL: emulator.baseUrl, LOOKERSDK_CLIENT_ID: emulator.clientId, LOOKERSDK_CLIENT_SECRET: emulator.clientSecret };
  const governor = new LookerGovernor({ ceilingRps: 10 });
  const activities = createActivities({
    looker: createLookerClient(lookerSettingsFromEnv(lookerEnv), { governor }),
    files: createLocalFileStore(mkdtempSync(join(tmpdir(), 'lookerflow-files-'))),
  });
  const worker = await startTestWorker({ activities, lookerApi: { requestsPerSecond: 10, concurrency: 10 } });
  return { client, emulator, governor, taskQueue: worker.taskQueue };
}

const stackReady = startGovernedStack();
let runs = 0;

function execute<R>(kind: string, name: string, input: unknown): Promise<R> {
  return stackReady.then(({ client, taskQueue }) =>
    client.workflow.execute('callLookerActivity', {
      taskQueue,
      workflowId: `${taskQueue}-activity-${++runs}`,
      args: [kind, name, input, 100],
      workflowExecutionTimeout: '2m',
    }) as Promise<R>,
  );
}

beforeEach(async () => {
  const { emulator } = await stackReady;
  emulator.admin.reset();
  emulator.admin.clearFaults();
  emulator.admin.clearCalls();
  emulator.admin.configure({ rateLimit: null, queryDurationMs: 200 });
});

describe('Looker-limit governor', () => {
  it('a 429 on the third call of an activity is waited out at that call: the first two are not repeated', async () => {
    const { emulator } = await stackReady;
    emulator.admin.injectFault({ status: 429, count: 1, operation: 'create_user_credentials_email', retryAfterSeconds: 1 });

    const result = await execute<{ id: string; created: boolean }>('idempotentWrite', 'ensureUser', { email: 'nth@company.com', firstName: 'Nth', lastName: 'Call' });

    assert.equal(result.created, true);
    const calls = emulator.admin.calls().filter((c) => c.operationId !== 'login');
    assert.deepEqual(
      calls.map((c) => `${c.operationId} ${c.status}`),
      ['search_users 200', 'create_user 200', 'create_user_credentials_email 429', 'create_user_credentials_email 200'],
    );
    const [refused, retried] = calls.slice(2);
    assert.ok(retried.atMs - refused.atMs >= 1000, 'the call came back no earlier than Retry-After');
  });

  it('the livelock case, small: 5 onboardUser jobs against 2 calls/s (burst 3) with LOOKER_API_RPS 10 all finish', async () => {
    const { client, emulator, taskQueue } = await stackReady;
    emulator.admin.configure({ rateLimit: { rps: 2, burst: 3 } });

    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        client.workflow.execute('onboardUser', {
          taskQueue,
          workflowId: `${taskQueue}-livelock-${i}`,
          args: [{ email: `livelock${i}@company.com`, firstName: 'Live', lastName: `Lock ${i}`, roles: ['Viewer', 'Developer'], groups: ['Finance', 'Marketing'], sendSetupEmail: false, userAttributes: {} }],
          workflowExecutionTimeout: '4m',
        }),
      ),
    );

    assert.deepEqual(
      results.map((r) => r.status),
      Array(5).fill('fulfilled'),
    );
    const counters = emulator.admin.counters();
    // Before the governor, 79 % of calls were refused and no job finished in 3 minutes.
    assert.ok(counters.throttled429 / counters.total <= 0.3, `${counters.throttled429} of ${counters.total} calls answered 429`);
    const state = emulator.admin.state();
    for (let i = 0; i < 5; i++) {
      const users = Object.values(state.users).filter((u) => u.credentials_email?.email === `livelock${i}@company.com`);
      assert.equal(users.length, 1, `livelock${i}@company.com exists once`);
    }
  });
});

describe('batched polling', () => {
  it('several query tasks in flight are checked by one query_task_multi_results call per tick', async () => {
    const { emulator } = await stackReady;
    // Long enough that all three overlap even when the pace learned above spaces their starts.
    emulator.admin.configure({ queryDurationMs: 5000 });
    const query = { model: 'ecommerce', view: 'order_items', fields: ['products.category', 'order_items.count'] };

    const results = await Promise.all([1, 2, 3].map((i) => execute<{ queryTaskId: string; rowCount: number }>('polling', 'runQuery', { jobId: `batch-${i}`, query })));

    const taskIds = results.map((r) => r.queryTaskId);
    assert.equal(new Set(taskIds).size, 3);
    const polls = emulator.admin.calls().filter((c) => c.operationId === 'query_task_multi_results');
    const idsIn = (query: string) => decodeURIComponent(new URLSearchParams(query).get('query_task_ids') ?? '').split(',');
    const withAll = polls.filter((c) => taskIds.every((id) => idsIn(c.query).includes(id)));
    assert.ok(withAll.length >= 1, `one call asked for all three tasks: ${polls.map((c) => c.query).join(' ')}`);
    // Each poll call covers every task in flight, so the calls are far fewer than one per task per tick.
    const perTask = taskIds.map((id) => polls.filter((c) => idsIn(c.query).includes(id)).length);
    assert.ok(polls.length < perTask.reduce((a, b) => a + b, 0), `${polls.length} calls for ${perTask.join('+')} task checks`);
    // The poller's bucket: 4 calls/s, at most 2 at once, so never three calls within 250 ms.
    for (let i = 2; i < polls.length; i++) assert.ok(polls[i].atMs - polls[i - 2].atMs >= 240, 'no three poll calls within 250 ms');
  });
});

describe('fleet rate through the Looker API task queue', () => {
  it('a cut is written as the queue rate limit, and another worker adopts it', async () => {
    const { nativeConnection, namespace } = await useTemporal();
    const taskQueue = lookerApiTaskQueue(uniqueTaskQueue());
    const shared = { workflowService: nativeConnection.workflowService, namespace, taskQueue, warn: (m: string) => assert.fail(m) };
    const first = new LookerGovernor({ ceilingRps: 40 });
    const second = new LookerGovernor({ ceilingRps: 40 });
    const a = await shareRateThroughTaskQueue({ ...shared, identity: 'worker-a', governor: first });
    after(() => a.stop());

    // Callers queued for their slot (the pace binds), then a 429: the rate is cut.
    const queued = Array.from({ length: 20 }, () => first.acquire());
    first.onThrottled({ 'retry-after': '1' }, Date.now());
    await Promise.all(queued);
    const written = await waitFor(
      'the cut rate in the task queue config',
      async () => {
        const { config } = await nativeConnection.workflowService.describeTaskQueue({
          namespace,
          taskQueue: { name: taskQueue },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
          reportConfig: true,
        });
        const limit = config?.queueRateLimit;
        return limit?.metadata?.reason === FLEET_RATE_REASON && limit.rateLimit?.requestsPerSecond === first.rateRps ? limit : undefined;
      },
      { timeoutMs: 10_000 },
    );
    assert.ok(first.rateRps < 40);
    assert.equal(written.metadata?.updateIdentity, 'worker-a');

    const b = await shareRateThroughTaskQueue({ ...shared, identity: 'worker-b', governor: second });
    after(() => b.stop());
    assert.equal(second.rateRps, first.rateRps, 'a new worker starts from the fleet rate');
  });
});

describe('activities that make no Looker call', () => {
  it('run on the local queue, off the Looker API queue and its rate limit', async () => {
    const { client, taskQueue } = await stackReady;
    const handle = await client.workflow.start('queryToDashboard', {
      taskQueue,
      workflowId: `${taskQueue}-local-queue`,
      args: [
        QueryToDashboardInput.parse({
          query: { model: 'ecommerce', explore: 'order_items', fields: ['products.category', 'order_items.total_revenue'] },
          dashboard: { title: 'Local queue check' },
          element: { title: 'Revenue by category', type: 'looker_bar' },
        }),
      ],
      workflowExecutionTimeout: '2m',
    });
    await handle.result();

    const { events } = await handle.fetchHistory();
    const queueOf = Object.fromEntries(
      (events ?? [])
        .map((e) => e.activityTaskScheduledEventAttributes)
        .filter((a) => a)
        .map((a) => [a!.activityType!.name!, a!.taskQueue!.name!]),
    );
    assert.equal(queueOf.lookerWebUrl, filesTaskQueue(taskQueue));
    assert.equal(queueOf.runQuery, lookerApiTaskQueue(taskQueue));
  });
});
