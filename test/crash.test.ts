// A job survives its worker crashing: the worker process is killed with SIGKILL in the middle of
// a bulk onboarding (no graceful shutdown, Looker calls in flight), a new worker process takes
// over, and the job completes with every user in Looker exactly once.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startEmulator } from '../emulator';
import { BulkOnboardInput } from '../jobs/bulk-onboard';
import { waitFor } from '../scripts/wait-for';
import type { JobProgress } from '../contracts/job';
import type { BulkOnboardResult } from '../contracts/bulk-onboard';
import { uniqueTaskQueue, useTemporal } from './harness';
import { usersWithEmail } from './user-jobs';
import { runWorkerProcess } from './worker-process';

const USERS = 24;

test('a bulk onboarding completes after its worker process is killed mid-run, with no duplicate user', async () => {
  const { client, address } = await useTemporal();
  // Slow Looker calls, so the kill lands while activities are in flight.
  const emulator = await startEmulator({ port: 0, seed: 'demo' });
  after(() => emulator.close());
  emulator.admin.configure({ latencyMs: 40 });
  const taskQueue = uniqueTaskQueue('crash');
  const env = {
    TEMPORAL_ADDRESS: address,
    LOOKERFLOW_TASK_QUEUE: taskQueue,
    LOOKERSDK_BASE_URL: emulator.baseUrl,
    LOOKERSDK_CLIENT_ID: emulator.clientId,
    LOOKERSDK_CLIENT_SECRET: emulator.clientSecret,
  };

  const first = runWorkerProcess(env);
  await first.ready();
  const emails = Array.from({ length: USERS }, (_, i) => `crash${i + 1}.${taskQueue}@company.com`);
  const handle = await client.workflow.start('bulkOnboard', {
    taskQueue,
    workflowId: `bulkOnboard-${taskQueue}`,
    args: [BulkOnboardInput.parse({ users: emails.map((email, i) => ({ email, firstName: 'Crash', lastName: `User ${i + 1}`, roles: ['Viewer'], groups: ['Finance'] })), concurrency: 4 })],
    workflowExecutionTimeout: '5m',
  });

  // Kill once some users are done and others are not: the crash is mid-run by construction.
  const atKill = await waitFor('a few users onboarded', async () => {
    const progress = await handle.query<JobProgress>('progress');
    return progress.done >= 3 && progress.done < USERS - 3 ? progress : undefined;
  }, { timeoutMs: 120_000, intervalMs: 20 });
  first.child.kill('SIGKILL');
  assert.equal(await first.exited, null, 'the first worker died by the signal, not by exiting');

  const second = runWorkerProcess(env);
  await second.ready();
  const result = await handle.result() as BulkOnboardResult;

  assert.ok(atKill.done < USERS, 'the job was unfinished when its worker died');
  assert.deepEqual(result.failed, []);
  assert.equal(result.counts!.created + result.counts!.alreadyPresent, USERS);
  for (const email of emails) assert.equal(usersWithEmail(emulator, email).length, 1, `exactly one Looker user for ${email}`);
  const finance = emulator.admin.state().groups['3'].user_ids;
  for (const email of emails) assert.ok(finance.includes(usersWithEmail(emulator, email)[0].id), `${email} is in Finance`);
});
