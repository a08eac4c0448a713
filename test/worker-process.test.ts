// The worker as an operator runs it (`npm run worker`) with settings from the environment.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from '../scripts/free-port';
import { waitFor } from '../scripts/wait-for';
import { ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET, startEmulator } from '../emulator';
import { onboardUserJob } from '../jobs/onboard-user';
import type { JobProgress } from '../contracts/job';
import { useTemporal, uniqueTaskQueue } from './harness';
import { usersWithEmail } from './user-jobs';
import { runWorkerProcess } from './worker-process';

const goodLooker = async () => {
  const emulator = await startEmulator({ port: 0, seed: 'empty' });
  return {
    emulator,
    env: {
      LOOKERSDK_BASE_URL: emulator.baseUrl,
      LOOKERSDK_CLIENT_ID: emulator.clientId,
      LOOKERSDK_CLIENT_SECRET: emulator.clientSecret,
    },
  };
};

test('bad settings stop the worker with one line naming the setting', async () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ TEMPORAL_ADDRESS: 'nonsense', LOOKERSDK_BASE_URL: 'http://127.0.0.1:9', LOOKERSDK_CLIENT_ID: 'a', LOOKERSDK_CLIENT_SECRET: 'b' }, /^Invalid setting TEMPORAL_ADDRESS: must be host:port/],
    [{ LOOKERSDK_INI: '/no/such/looker.ini' }, /^Invalid setting LOOKERSDK_INI: no such file/],
    [{ LOOKERSDK_BASE_URL: 'http://127.0.0.1:9', LOOKERSDK_CLIENT_ID: 'a', LOOKERSDK_CLIENT_SECRET: 'b', LOOKER_API_RPS: '0' }, /^Invalid setting LOOKER_API_RPS/],
    [{ LOOKERSDK_BASE_URL: 'http://127.0.0.1:9', LOOKERSDK_CLIENT_ID: 'a', LOOKERSDK_CLIENT_SECRET: 'b', LOOKERFLOW_LOG_LEVEL: 'loud' }, /^Invalid setting LOOKERFLOW_LOG_LEVEL: must be one of debug, info, warn, error/],
  ];
  for (const [env, expected] of cases) {
    const worker = runWorkerProcess(env);
    assert.equal(await worker.exited, 2, worker.err());
    assert.match(worker.err().trim(), expected);
    assert.equal(worker.err().trim().split('\n').length, 1, `one line, got:\n${worker.err()}`);
  }
});

test('refused Looker credentials stop the worker with one line naming LOOKERSDK_CLIENT_ID, and never print the secret', async () => {
  const { emulator, env } = await goodLooker();
  try {
    const worker = runWorkerProcess({ ...env, LOOKERSDK_CLIENT_SECRET: 'wrong-secret-value' });
    assert.equal(await worker.exited, 2);
    assert.match(worker.err(), /LOOKERSDK_CLIENT_ID/);
    assert.doesNotMatch(worker.err() + worker.out(), /wrong-secret-value/);
  } finally {
    await emulator.close();
  }
});

test('an unreachable Temporal stops the worker with one line naming TEMPORAL_ADDRESS', async () => {
  const { emulator, env } = await goodLooker();
  try {
    const worker = runWorkerProcess({ ...env, TEMPORAL_ADDRESS: '127.0.0.1:9' });
    assert.equal(await worker.exited, 2);
    assert.match(worker.err().trim(), /^Cannot reach Temporal at TEMPORAL_ADDRESS=127\.0\.0\.1:9/);
  } finally {
    await emulator.close();
  }
});

test('a configured worker starts quietly, connects, polls both task queues, and exits cleanly on SIGTERM', async () => {
  const { client, address } = await useTemporal();
  const { emulator, env } = await goodLooker();
  const taskQueue = uniqueTaskQueue('worker-process');
  try {
    const worker = runWorkerProcess({ ...env, TEMPORAL_ADDRESS: address, LOOKERFLOW_TASK_QUEUE: taskQueue });
    await worker.ready();
    // One line at start-up; the SDK's bundle report and expected warnings only at LOOKERFLOW_LOG_LEVEL=debug.
    const startOutput = `${worker.out()}${worker.err()}`.trim().split('\n');
    assert.ok(startOutput.length <= 2, `a quiet start, got ${startOutput.length} lines:\n${startOutput.join('\n')}`);
    assert.doesNotMatch(startOutput.join('\n'), /webpack|Workflow bundle|No activities registered|No workflows registered|modules by path/);
    for (const queue of [taskQueue, `${taskQueue}-looker-api`]) {
      await waitFor(`a poller on ${queue}`, async () => {
        const described = await client.workflowService.describeTaskQueue({
          namespace: 'default',
          taskQueue: { name: queue },
          taskQueueType: queue === taskQueue ? 1 : 2, // WORKFLOW : ACTIVITY
        });
        return described.pollers && described.pollers.length > 0 ? true : undefined;
      });
    }
    worker.child.kill('SIGTERM');
    assert.equal(await worker.exited, 0, worker.err());
  } finally {
    await emulator.close();
  }
});

test('a worker started while Looker is unreachable serves its jobs, waits for Looker with a clear line, then runs them', async () => {
  const { client, address } = await useTemporal();
  const port = await freePort();
  const taskQueue = uniqueTaskQueue('worker-process');
  const worker = runWorkerProcess({
    TEMPORAL_ADDRESS: address,
    LOOKERFLOW_TASK_QUEUE: taskQueue,
    LOOKERSDK_BASE_URL: `http://127.0.0.1:${port}`,
    LOOKERSDK_CLIENT_ID: ADMIN_CLIENT_ID,
    LOOKERSDK_CLIENT_SECRET: ADMIN_CLIENT_SECRET,
  });
  const exitedEarly = worker.exited.then((code) => assert.fail(`the worker exited (${code}): ${worker.err()}`));
  await Promise.race([exitedEarly, waitFor('the line saying Looker is awaited', () => /unreachable.*checking again in \d+ s/.test(worker.err()) || undefined)]);

  const email = `while-down.${taskQueue}@company.com`;
  const handle = await client.workflow.start('onboardUser', {
    taskQueue,
    workflowId: `onboardUser-${taskQueue}`,
    args: [onboardUserJob.input.parse({ email, firstName: 'While', lastName: 'Down', roles: ['Viewer'] })],
    workflowExecutionTimeout: '3m',
  });
  // The workflow worker answers although no Looker call can run yet.
  const progress = await Promise.race([exitedEarly, handle.query<JobProgress>('progress')]);
  assert.equal(progress.step, 'resolving names');

  const emulator = await startEmulator({ port, seed: 'demo' });
  try {
    await Promise.race([exitedEarly, handle.result()]);
    assert.equal(usersWithEmail(emulator, email).length, 1);
    assert.match(worker.out(), /lookerflow worker on .*Looker as /);
    worker.child.kill('SIGTERM');
    assert.equal(await worker.exited, 0, worker.err());
  } finally {
    await emulator.close();
  }
});
