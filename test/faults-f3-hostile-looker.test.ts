// F3 hostile Looker: while the three jobs run, the emulator answers calls 429 and 5xx at random,
// resets connections before applying anything, and revokes every token every 20 s. Every job
// completes and the final state equals a clean run's, compared whole.
//
// The 429s come at random, not past a limit, so cutting the rate cannot help: the worker runs with
// a floor (LOOKER_API_MIN_RPS) the governor's cuts stop at, as an operator would set it for a
// Looker known to take that much.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allCompleted, assertSameState, cleanRunState, faultJobInputs, lookerSnapshot, startFaultEmulator, startFaultJobs } from './fault-suite';
import { uniqueTaskQueue, useTemporal } from './harness';
import { runWorkerProcess } from './worker-process';

const USERS = 200;
const MIN_RPS = '20';
const RATES = { randomRateLimitRate: 0.3, randomFailureRate: 0.1, randomResetRate: 0.01 };

async function startedWorker(env: Record<string, string>): Promise<void> {
  const worker = runWorkerProcess(env);
  await worker.ready();
}

test('F3 hostile Looker: 429s, 5xx, connection resets and revoked tokens; same final state as a clean run', { timeout: 15 * 60_000 }, async () => {
  const { client, address } = await useTemporal();
  const clean = await cleanRunState(client, address, USERS, startedWorker);
  const started = Date.now();

  const { emulator, workerEnv } = await startFaultEmulator();
  const taskQueue = uniqueTaskQueue('f3-hostile');
  await startedWorker({ ...workerEnv(address, taskQueue), LOOKER_API_MIN_RPS: MIN_RPS });
  emulator.admin.configure(RATES);
  let revocations = 0;
  const revoking = setInterval(() => {
    emulator.admin.revokeTokens();
    revocations++;
  }, 20_000);
  try {
    const completed = await allCompleted(await startFaultJobs(client, taskQueue, faultJobInputs(USERS)));
    clearInterval(revoking);
    emulator.admin.configure({ randomRateLimitRate: 0, randomFailureRate: 0, randomResetRate: 0 });

    const calls = emulator.admin.calls();
    const answered = (status: number) => calls.filter((c) => c.status === status).length;
    const fivexx = calls.filter((c) => c.status !== null && c.status >= 500).length;
    const resets = calls.filter((c) => c.outcome === 'reset').length;
    assert.ok(answered(429) > 0 && fivexx > 0 && resets > 0, 'every kind of fault was injected');
    const { duplicates, lostWrites } = assertSameState(clean, lookerSnapshot(emulator.admin.state()));
    console.log(
      `F3 hostile Looker: ${completed}/3 jobs completed, ${duplicates} duplicates, ${lostWrites} lost writes (${USERS} users; ` +
        `${calls.length} calls at ${RATES.randomRateLimitRate * 100} % 429, ${RATES.randomFailureRate * 100} % 5xx, ${RATES.randomResetRate * 100} % resets: ${answered(429)} × 429, ${fivexx} × 5xx, ${resets} resets, ${answered(401)} × 401 after ${revocations} token revocations; ${Math.round((Date.now() - started) / 1000)} s)`,
    );
  } finally {
    clearInterval(revoking);
  }
});
