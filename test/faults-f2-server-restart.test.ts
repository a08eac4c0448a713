// F2 server restart: a file-backed Temporal dev server of this file's own is stopped in the
// middle of the three jobs and started again on the same port and SQLite file. The worker
// process keeps running through the outage; every job resumes and completes, and the emulator's
// final state equals a clean run's, compared whole.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import type { JobProgress } from '../contracts/job';
import { startDevServer, type DevServer } from '../scripts/temporal-dev-server';
import { freePort } from '../scripts/free-port';
import { waitFor } from '../scripts/wait-for';
import { allCompleted, assertSameState, cleanRunState, faultJobInputs, lookerSnapshot, startFaultEmulator, startFaultJobs } from './fault-suite';
import { uniqueTaskQueue } from './harness';
import { runWorkerProcess } from './worker-process';

const USERS = 200;

test('F2 server restart: jobs running when the Temporal server stops resume and complete after it restarts', { timeout: 10 * 60_000 }, async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'lookerflow-f2-'));
  const port = await freePort();
  const serverOptions = { ui: false, port, dbFilename: join(scratch, 'temporal.sqlite'), logFile: join(scratch, 'temporal.log') };
  let server: DevServer = await startDevServer(serverOptions);
  after(() => server.stop());
  const connection = await Connection.connect({ address: server.address });
  after(() => connection.close());
  const client = new Client({ connection });
  const started = Date.now();
  const clean = await cleanRunState(client, server.address, USERS, async (env) => runWorkerProcess(env).ready());
  const cleanSeconds = Math.round((Date.now() - started) / 1000);

  const { emulator, workerEnv } = await startFaultEmulator();
  emulator.admin.configure({ latencyMs: 20 });
  const taskQueue = uniqueTaskQueue('f2-restart');
  const worker = runWorkerProcess(workerEnv(server.address, taskQueue));
  await worker.ready();
  const jobs = await startFaultJobs(client, taskQueue, faultJobInputs(USERS));

  const atStop = await waitFor('a third of the users onboarded', async () => {
    const progress = await jobs.bulkOnboard.query<JobProgress>('progress');
    return progress.done >= USERS / 3 ? progress : undefined;
  }, { timeoutMs: 300_000, intervalMs: 50 });
  await server.stop();
  const callsBeforeRestart = emulator.admin.calls().length;
  server = await startDevServer(serverOptions);

  const completed = await allCompleted(jobs);
  assert.ok(atStop.done < USERS, 'the onboarding was unfinished when the server stopped');
  assert.equal(worker.child.exitCode, null, 'the worker process rode out the outage');
  const { duplicates, lostWrites } = assertSameState(clean, lookerSnapshot(emulator.admin.state()));
  console.log(`F2 server restart: ${completed}/3 jobs completed, ${duplicates} duplicates, ${lostWrites} lost writes (server stopped with ${atStop.done}/${USERS} users onboarded, ${callsBeforeRestart} Looker calls before the restart; clean run ${cleanSeconds} s, faulted ${Math.round((Date.now() - started) / 1000) - cleanSeconds} s)`);
});
