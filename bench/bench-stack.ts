// What every benchmark runs on: its own Temporal dev server, a Looker emulator process and one
// lookerflow worker (the real activities and workflows), torn down afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createActivities, createLocalFileStore, createLookerClient, lookerSettingsFromEnv } from '../activities';
import { LookerGovernor } from '../activities/governor';
import { startEmulatorProcess, type EmulatorProcess } from '../scripts/emulator-process';
import { startDevServer } from '../scripts/temporal-dev-server';
import { createWorkers } from '../worker/create-workers';
import { unbundledWorkflows } from '../worker/workflow-bundle';
import { createFileActivities } from '../activities/stored-files';
import { shareRateThroughTaskQueue } from '../worker/fleet-rate';
import { lookerApiTaskQueue } from '../workflows/support/task-queues';

export interface BenchStackOptions {
  /** The emulator's rate limit (calls/s per user, burst), or none. */
  lookerLimit?: { rps: number; burst: number };
  /** The worker's LOOKER_API_RPS (a ceiling for its governor); unset: none. */
  workerRps?: number;
  /** The worker's LOOKER_API_CONCURRENCY. */
  concurrency?: number;
  taskQueue: string;
}

export interface BenchStack {
  emulator: EmulatorProcess;
  governor: LookerGovernor;
  client: Client;
  taskQueue: string;
}

/** The emulator's call counters (GET /_emulator/counters). */
export interface EmulatorCounters {
  total: number;
  throttled429: number;
  byOperation: Record<string, number>;
  byStatus: Record<string, number>;
}

let runtimeInstalled = false;

export async function withBenchStack<T>(options: BenchStackOptions, run: (stack: BenchStack) => Promise<T>): Promise<T> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    runtimeInstalled = true;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'lookerflow-bench-'));
  const server = await startDevServer({ ui: false, logFile: join(scratch, 'temporal.log') });
  const emulator = await startEmulatorProcess({ seed: 'demo' });
  const connection = await Connection.connect({ address: server.address });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  try {
    if (options.lookerLimit) await emulator.admin('PATCH', '/config', { rateLimit: options.lookerLimit });
    const governor = new LookerGovernor({ ceilingRps: options.workerRps });
    const looker = createLookerClient(lookerSettingsFromEnv(emulator.lookerEnv), { governor });
    const workers = await createWorkers({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue: options.taskQueue,
      activities: createActivities({ looker, files: createLocalFileStore(scratch) }),
      fileActivities: createFileActivities({ files: createLocalFileStore(scratch) }),
      workflows: unbundledWorkflows(),
      lookerApi: { requestsPerSecond: options.workerRps, concurrency: options.concurrency ?? 20 },
      shutdownGraceTime: '2s',
    });
    const running = workers.run();
    // As worker/start-worker.ts does: the learned rate becomes the Looker API queue's rate limit.
    const fleetRate = await shareRateThroughTaskQueue({
      workflowService: nativeConnection.workflowService,
      namespace: 'default',
      taskQueue: lookerApiTaskQueue(options.taskQueue),
      identity: workers.workflowWorker.options.identity,
      governor,
    });
    const trace = process.env.BENCH_TRACE_GOVERNOR ? setInterval(() => console.log('governor', JSON.stringify(governor.stats)), 2000) : undefined;
    try {
      await emulator.admin('DELETE', '/calls');
      return await run({ emulator, governor, client: new Client({ connection }), taskQueue: options.taskQueue });
    } finally {
      clearInterval(trace);
      fleetRate.stop();
      await workers.shutdown();
      await running.catch(() => undefined);
    }
  } finally {
    await nativeConnection.close();
    await connection.close();
    await emulator.stop();
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
