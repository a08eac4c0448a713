// F2 server restart: a file-backed Temporal dev server of this file's own is stopped in the
// middle of the three jobs and started again on the same port and SQLite file. The worker
// process keeps running through the outage; every job resumes and completes, with nothing
// written twice.
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
import { allCompleted, faultJobInputs, startFaultEmulator, startFaultJobs } from './fault-suite';
import { uniqueTaskQueue } from './harness';
import { usersWithEmail } from './user-jobs';
import { runWorkerProcess } from './worker-process';

const USERS = 30;

test('F2 server restart: jobs running when the Temporal server stops resume and complete after it restarts', { timeout: 10 * 60_000 }, async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'lookerflow-f2-'));
  const port = await freePort();
  const serverOptions = { ui: false, port, dbFilename: join(scratch, 'temporal.sqlite'), logFile: join(scratch, 'temporal.log') };
  let server: DevServer = await startDevServer(serverOptions);
  after(() => server.stop());
  const connection = await Connection.connect({ address: server.address });
  after(() => connection.close());
  const client = new Client({ connection });

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
  const state = emulator.admin.state();
  for (let i = 1; i <= USERS; i++) assert.equal(usersWithEmail(emulator, `fault${i}@company.com`).length, 1, `one Looker user fault${i}@company.com`);
  const duplicates =
    Array.from({ length: USERS }, (_, i) => usersWithEmail(emulator, `fault${i + 1}@company.com`).length - 1).reduce((a, b) => a + b, 0) +
    Math.max(0, Object.values(state.folders).filter((f) => f.name === 'Fault Archive').length - 1) +
    Math.max(0, Object.values(state.alerts).filter((a) => a.field.name === 'events.daily_active_users' && a.threshold === 10_000).length - 1);
  assert.equal(duplicates, 0);
  console.log(`F2 server restart: ${completed}/3 jobs completed, ${duplicates} duplicates (server stopped with ${atStop.done}/${USERS} users onboarded, ${callsBeforeRestart} Looker calls before the restart)`);
});
