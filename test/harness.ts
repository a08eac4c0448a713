// The one way tests reach Temporal: the real dev server, started once per `npm test` run by
// scripts/test.ts (or by the first test file when a file is run on its own), and a real
// worker per test file on a task queue of its own. Everything started here is torn down by
// an `after` hook, also when a test fails.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { after } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type WorkerOptions } from '@temporalio/worker';
import { startDevServer } from '../scripts/temporal-dev-server';
import { bundleTestWorkflows } from '../scripts/test-workflow-bundle';
import { createWorkers, type LookerflowWorkers } from '../worker/create-workers';

export const TEST_TEMPORAL_ADDRESS_ENV = 'LOOKERFLOW_TEST_TEMPORAL_ADDRESS';
export const TEST_WORKFLOW_BUNDLE_ENV = 'LOOKERFLOW_TEST_WORKFLOW_BUNDLE';

export interface TestTemporal {
  address: string;
  namespace: string;
  client: Client;
  nativeConnection: NativeConnection;
}

const cleanups: Array<() => Promise<void>> = [];
let temporal: Promise<TestTemporal> | undefined;
let workflowBundle: Promise<NonNullable<WorkerOptions['workflowBundle']>> | undefined;

// Registered when the test file imports this module, so it runs once, after the file's
// last test. Last started, first stopped: workers before connections before the server.
after(async () => {
  while (cleanups.length) await cleanups.pop()!().catch((err) => console.error('teardown:', err));
});

function onTeardown(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

/** The shared dev server for this test run, with a client and a worker connection. */
export function useTemporal(): Promise<TestTemporal> {
  temporal ??= (async () => {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    let address = process.env[TEST_TEMPORAL_ADDRESS_ENV];
    if (!address) {
      const server = await startDevServer({ ui: false });
      onTeardown(() => server.stop());
      address = server.address;
    }
    const connection = await Connection.connect({ address });
    onTeardown(() => connection.close());
    const nativeConnection = await NativeConnection.connect({ address });
    onTeardown(() => nativeConnection.close());
    return { address, namespace: 'default', client: new Client({ connection, namespace: 'default' }), nativeConnection };
  })();
  return temporal;
}

/** The workflow bundle test workers run: the one `npm test` made, or a fresh one. */
export function testWorkflowBundle() {
  workflowBundle ??= (async () => {
    const path = process.env[TEST_WORKFLOW_BUNDLE_ENV];
    return path ? { code: readFileSync(path, 'utf8') } : await bundleTestWorkflows();
  })();
  return workflowBundle;
}

/** A task queue name no other test file uses. */
export function uniqueTaskQueue(hint = basename(process.argv[1] ?? 'test', '.test.ts')): string {
  return `${hint}-${randomUUID().slice(0, 8)}`;
}

export interface TestWorker {
  taskQueue: string;
  workers: LookerflowWorkers;
  /** Stops this worker (idempotent); in-flight activities get `graceTime` to finish. */
  stop(): Promise<void>;
}

/**
 * Starts the real lookerflow workers (workflow queue + Looker API queue) on `taskQueue`,
 * with the given activities and every workflow in workflows/ and test/workflows/.
 */
export async function startTestWorker(options: {
  activities: object;
  /** File store activities for the workflow worker (activities/stored-files.ts). */
  fileActivities?: object;
  taskQueue?: string;
  identity?: string;
  graceTime?: WorkerOptions['shutdownGraceTime'];
  lookerApi?: { requestsPerSecond: number; concurrency: number };
}): Promise<TestWorker> {
  const { nativeConnection, namespace } = await useTemporal();
  const taskQueue = options.taskQueue ?? uniqueTaskQueue();
  const workers = await createWorkers({
    connection: nativeConnection,
    namespace,
    taskQueue,
    activities: options.activities,
    fileActivities: options.fileActivities,
    workflows: { workflowBundle: await testWorkflowBundle() },
    lookerApi: options.lookerApi ?? { requestsPerSecond: 1000, concurrency: 20 },
    shutdownGraceTime: options.graceTime ?? '2s',
    identity: options.identity,
  });
  const running = workers.run();
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= workers.shutdown().then(() => running));
  onTeardown(stop);
  return { taskQueue, workers, stop };
}
