// F5 graceful shutdown: the worker process gets SIGTERM while a queryToDashboard waits on its
// Looker query and a bulk onboarding is mid-batch; it stops within its grace time, a new worker
// process takes over, and both jobs complete with nothing repeated: one query task, no kill,
// one dashboard, one create per user.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobProgress } from '../contracts/job';
import { BulkOnboardInput } from '../jobs/bulk-onboard';
import { QueryToDashboardInput } from '../jobs/query-to-dashboard';
import { waitFor } from '../scripts/wait-for';
import { startFaultEmulator } from './fault-suite';
import { uniqueTaskQueue, useTemporal } from './harness';
import { revenueScenario } from './mcp-helpers';
import { usersWithEmail } from './user-jobs';
import { runWorkerProcess } from './worker-process';

const USERS = 20;

test('F5 graceful shutdown: SIGTERM mid-query and mid-batch; both jobs complete with nothing repeated', { timeout: 6 * 60_000 }, async () => {
  const { client, address } = await useTemporal();
  const { emulator, workerEnv } = await startFaultEmulator();
  // A query that takes longer than the grace time, and slow calls so the batch is mid-way.
  emulator.admin.configure({ queryDurationMs: 8_000, latencyMs: 30 });
  const taskQueue = uniqueTaskQueue('f5-shutdown');
  const env = { ...workerEnv(address, taskQueue), LOOKERFLOW_SHUTDOWN_GRACE_SECONDS: '1' };
  const first = runWorkerProcess(env);
  await first.ready();

  const emails = Array.from({ length: USERS }, (_, i) => `shutdown${i + 1}@company.com`);
  const start = (type: string, input: unknown) =>
    client.workflow.start(type, { taskQueue, workflowId: `${type}-${taskQueue}`, args: [input], workflowExecutionTimeout: '5m' });
  const query = await start('queryToDashboard', QueryToDashboardInput.parse(revenueScenario('F5 categories over 100k')));
  const bulk = await start(
    'bulkOnboard',
    BulkOnboardInput.parse({ users: emails.map((email, i) => ({ email, firstName: 'Shutdown', lastName: `User ${i + 1}`, roles: ['Viewer'], groups: ['Finance'] })), concurrency: 4 }),
  );

  const ops = () => emulator.admin.counters().byOperation;
  const atStop = await waitFor('the query running and the batch under way', async () => {
    const progress = await bulk.query<JobProgress>('progress');
    return (ops().create_query_task ?? 0) >= 1 && progress.done >= 3 ? progress : undefined;
  }, { timeoutMs: 120_000, intervalMs: 20 });
  first.child.kill('SIGTERM');
  assert.equal(await first.exited, 0, 'the worker shut down gracefully');
  const second = runWorkerProcess(env);
  await second.ready();

  const [, bulkResult] = (await Promise.all([query.result(), bulk.result()])) as [unknown, { failed: unknown[] }];
  assert.ok(atStop.done < USERS, 'the onboarding was mid-batch at SIGTERM');
  assert.deepEqual(bulkResult.failed, []);
  const counts = ops();
  const dashboards = Object.values(emulator.admin.state().dashboards).filter((d) => d.title === 'F5 categories over 100k');
  const repeated = {
    queryTasks: (counts.create_query_task ?? 0) - 1,
    kills: counts.kill_query ?? 0,
    dashboards: dashboards.length - 1,
    users: (counts.create_user ?? 0) - USERS,
  };
  for (const email of emails) assert.equal(usersWithEmail(emulator, email).length, 1, `one Looker user ${email}`);
  assert.deepEqual(repeated, { queryTasks: 0, kills: 0, dashboards: 0, users: 0 }, 'nothing was repeated');
  console.log(`F5 graceful shutdown: 2/2 jobs completed, 0 repeated (1 query task, 0 kills, 1 dashboard, ${counts.create_user} users created for ${USERS}; SIGTERM at ${atStop.done}/${USERS} users)`);
});
