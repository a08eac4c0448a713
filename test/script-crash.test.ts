// A script's writes survive its worker crashing: a runScript job makes 200 writes through
// `parallel` while Looker answers a quarter of its calls with 429, and the worker process is
// killed with SIGKILL twice (Looker calls in flight, no graceful shutdown), a new one taking over
// each time. The job completes and Looker holds each write exactly once: a completed call is
// answered from history on replay, never sent again, and a call that was in flight when its worker
// died is retried, its write found made by the script that looks before it gives up.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunScriptResult } from '../contracts/run-script';
import { RunScriptInput } from '../jobs/run-script';
import { waitFor } from '../scripts/wait-for';
import { startFaultEmulator } from './fault-suite';
import { uniqueTaskQueue, useTemporal } from './harness';
import { runWorkerProcess, type WorkerProcess } from './worker-process';

const WRITES = 200;

// The names come in as input: building them in the script would be 200 interpreted steps in a row.
const SCRIPT = `
let done = 0;
await parallel(input.names, 8, async (name) => {
  try {
    await looker.create_group({ body: { name } });
  } catch (e) {
    // A retried call whose first attempt Looker applied before the worker died: the group is there.
    if ((await looker.search_groups({ name, fields: 'id' })).length !== 1) throw e;
  }
  progress(++done, input.names.length);
});
return done;`;

/** Kills the worker process (no graceful shutdown) and starts the next one. */
async function killAndReplace(worker: WorkerProcess, env: Record<string, string>): Promise<WorkerProcess> {
  worker.child.kill('SIGKILL');
  assert.equal(await worker.exited, null, 'the worker died by the signal');
  const next = runWorkerProcess(env);
  await next.ready();
  return next;
}

test('a script making 200 writes through parallel under a 429 storm survives two SIGKILLs of its worker, each write made once', { timeout: 10 * 60_000 }, async () => {
  const { client, address } = await useTemporal();
  const { emulator, workerEnv } = await startFaultEmulator();
  // Slower calls, so each kill lands with calls in flight; a quarter of them refused with 429.
  emulator.admin.configure({ latencyMs: 20, randomRateLimitRate: 0.25 });
  const env = workerEnv(address, uniqueTaskQueue('script-crash'));
  const prefix = `Crash group ${env.LOOKERFLOW_TASK_QUEUE}`;
  const names = Array.from({ length: WRITES }, (_, i) => `${prefix} ${i + 1}`);
  const made = () => Object.values(emulator.admin.state().groups).filter((g) => g.name.startsWith(`${prefix} `));

  let worker = runWorkerProcess(env);
  await worker.ready();
  const handle = await client.workflow.start('runScript', {
    taskQueue: env.LOOKERFLOW_TASK_QUEUE,
    workflowId: `runScript-${env.LOOKERFLOW_TASK_QUEUE}`,
    args: [RunScriptInput.parse({ script: SCRIPT, input: { names }, requireApproval: false })],
    workflowExecutionTimeout: '9m',
  });

  // 1. Killed mid-run, a quarter of the writes made.
  await waitFor('a quarter of the writes', () => made().length >= WRITES / 4, { timeoutMs: 120_000, intervalMs: 10 });
  const atFirstKill = made().length;
  worker = await killAndReplace(worker, env);

  // 2. Killed again once the new worker has taken the run over (it has replayed the script and
  // gone on from where the first stopped).
  const identity = `${worker.child.pid}@`;
  await waitFor('the second worker to take the run over', async () => {
    const { events } = await handle.fetchHistory();
    return events?.some((e) => e.workflowTaskCompletedEventAttributes?.identity?.startsWith(identity)) || undefined;
  }, { timeoutMs: 240_000, intervalMs: 200 });
  const atSecondKill = made().length;
  worker = await killAndReplace(worker, env);

  const result = (await handle.result()) as RunScriptResult;
  assert.ok(atFirstKill < WRITES && atSecondKill < WRITES, `both kills were mid-run (${atFirstKill}, ${atSecondKill} of ${WRITES} made)`);
  assert.equal(result.value, WRITES);
  const groups = made();
  const counts = new Map<string, number>();
  for (const g of groups) counts.set(g.name, (counts.get(g.name) ?? 0) + 1);
  assert.deepEqual(names.filter((n) => counts.get(n) !== 1), [], 'each group exactly once');
  assert.equal(groups.length, WRITES);
  const throttled = emulator.admin.counters().throttled429;
  assert.ok(throttled > 0, 'Looker refused calls with 429 during the run');
  console.log(`script crash: ${WRITES} writes, kills at ${atFirstKill} and ${atSecondKill}, ${throttled} × 429, ${result.calls} Looker calls in the last run`);
});
