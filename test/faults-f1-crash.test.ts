// F1 crash: the worker process is killed with SIGKILL at three different points of three jobs —
// while the KPI setup's first write (its alert) is in flight, before its scheduled plan; halfway
// through a bulk onboarding; and after the archive run's first move, mid-batch — and a new worker
// process is started each time. Every job completes and the emulator's final state equals a
// clean run's, compared whole.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '../scripts/wait-for';
import type { JobProgress } from '../contracts/job';
import { allCompleted, assertSameState, cleanRunState, faultJobInputs, lookerSnapshot, startFaultEmulator, startFaultJob, type FaultJobs } from './fault-suite';
import { uniqueTaskQueue, useTemporal } from './harness';
import { runWorkerProcess, type WorkerProcess } from './worker-process';

const USERS = 200;

async function startedWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const worker = runWorkerProcess(env);
  await worker.ready();
  return worker;
}

test('F1 crash: three SIGKILLs of the worker process mid-job; every job completes in a clean run\'s state', { timeout: 12 * 60_000 }, async () => {
  const { client, address } = await useTemporal();
  const started = Date.now();
  const clean = await cleanRunState(client, address, USERS, startedWorker);
  const cleanSeconds = Math.round((Date.now() - started) / 1000);

  const { emulator, workerEnv } = await startFaultEmulator();
  // Slower Looker calls, so each kill lands while activities are in flight.
  emulator.admin.configure({ latencyMs: 30 });
  const env = workerEnv(address, uniqueTaskQueue('f1-crash'));
  const taskQueue = env.LOOKERFLOW_TASK_QUEUE;
  const inputs = faultJobInputs(USERS);
  const ops = () => emulator.admin.counters().byOperation;
  let worker = await startedWorker(env);
  /** Kills the worker; returns the emulator's calls per operation once it is dead, then starts a new one. */
  const kill = async (): Promise<Record<string, number>> => {
    worker.child.kill('SIGKILL');
    assert.equal(await worker.exited, null, 'the worker died by the signal');
    const atKill = ops();
    worker = await startedWorker(env);
    return atKill;
  };
  const unfinished = async (handle: FaultJobs[keyof FaultJobs]) => (await handle.describe()).status.name === 'RUNNING';

  const jobs = {} as FaultJobs;
  // 1. KPI setup: killed while its alert write is in flight (the emulator applies it, the answer
  // is lost), before its scheduled plan is written.
  jobs.setupKpiMonitoring = await startFaultJob(client, taskQueue, 'setupKpiMonitoring', inputs.setupKpiMonitoring);
  await waitFor('the KPI alert write', () => (ops().create_alert ?? 0) >= 1, { timeoutMs: 120_000, intervalMs: 2 });
  assert.equal((await kill()).create_scheduled_plan ?? 0, 0, 'the KPI kill landed before its scheduled plan write');

  // 2. Bulk onboarding: killed about halfway through.
  jobs.bulkOnboard = await startFaultJob(client, taskQueue, 'bulkOnboard', inputs.bulkOnboard);
  const bulkAtKill = await waitFor('half of the users onboarded', async () => {
    const { done } = await jobs.bulkOnboard.query<JobProgress>('progress');
    return done >= USERS / 2 ? done : undefined;
  }, { timeoutMs: 300_000, intervalMs: 50 });
  assert.ok(await unfinished(jobs.bulkOnboard), 'the bulk onboarding was unfinished at the second kill');
  await kill();

  // 3. Archive run: killed after its first move, with more to move.
  jobs.archiveStaleContent = await startFaultJob(client, taskQueue, 'archiveStaleContent', inputs.archiveStaleContent);
  const moves = () => (ops().update_dashboard ?? 0) + (ops().update_look ?? 0) + (ops().move_dashboard ?? 0) + (ops().move_look ?? 0);
  await waitFor('the archive run\'s first move', () => moves() >= 1, { timeoutMs: 300_000, intervalMs: 5 });
  assert.ok(await unfinished(jobs.archiveStaleContent), 'the archive run was unfinished at the third kill');
  await kill();

  const completed = await allCompleted(jobs);
  const { duplicates, lostWrites } = assertSameState(clean, lookerSnapshot(emulator.admin.state()));
  console.log(`F1 crash: ${completed}/3 jobs completed, ${duplicates} duplicates, ${lostWrites} lost writes (3 SIGKILLs: KPI setup mid alert write, bulk onboarding at ${bulkAtKill}/${USERS} users, archive run after its first move; clean run ${cleanSeconds} s, faulted ${Math.round((Date.now() - started) / 1000) - cleanSeconds} s)`);
});
