// The whole lookerflow stack for an integration test file: the Looker emulator, the real
// activities (real @looker/sdk-node over HTTP) and real workers on the shared dev server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { Client, WorkflowStartOptions } from '@temporalio/client';
import { createActivities } from '../activities';
import { createLocalFileStore } from '../activities/file-store';
import { createFileActivities } from '../activities/stored-files';
import { createLookerClient } from '../activities/looker-client';
import { lookerSettingsFromEnv } from '../activities/looker-settings';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator';
import { startTestWorker, useTemporal, type TestWorker } from './harness';

export interface LookerStack {
  emulator: RunningEmulator;
  client: Client;
  taskQueue: string;
  worker: TestWorker;
  filesDir: string;
  /** LOOKERSDK_* settings pointing at the emulator, as a worker process would read them. */
  lookerEnv: Record<string, string>;
  /** Starts another worker on the same task queue (e.g. after stopping the first). */
  startWorker(identity?: string): Promise<TestWorker>;
  /** Runs a job workflow to completion and returns its result. */
  runJob<R = unknown>(type: string, input: unknown, options?: Partial<WorkflowStartOptions>): Promise<R>;
}

let jobs = 0;

/** Call at file top level or in `before`; everything stops after the file's last test. */
export async function startLookerStack(options: EmulatorOptions = {}): Promise<LookerStack> {
  const { client } = await useTemporal();
  const emulator = await startEmulator({ port: 0, seed: 'demo', validateResponses: true, ...options });
  after(() => emulator.close());
  const lookerEnv = {
    LOOKERSDK_BASE_URL: emulator.baseUrl,
    LOOKERSDK_CLIENT_ID: emulator.clientId,
    LOOKERSDK_CLIENT_SECRET: emulator.clientSecret,
  };
  const filesDir = mkdtempSync(join(tmpdir(), 'lookerflow-files-'));
  const files = createLocalFileStore(filesDir);
  const activities = createActivities({ looker: createLookerClient(lookerSettingsFromEnv(lookerEnv)), files });
  const fileActivities = createFileActivities({ files, jobs: { workflowService: client.workflowService, namespace: client.options.namespace } });
  const worker = await startTestWorker({ activities, fileActivities });
  const { taskQueue } = worker;
  return {
    emulator,
    client,
    taskQueue,
    worker,
    filesDir,
    lookerEnv,
    startWorker: (identity) => startTestWorker({ activities, fileActivities, taskQueue, identity }),
    runJob: <R>(type: string, input: unknown, extra: Partial<WorkflowStartOptions> = {}) =>
      client.workflow.execute(type, {
        taskQueue,
        workflowId: `${type}-${taskQueue}-${++jobs}`,
        args: [input],
        workflowExecutionTimeout: '5m',
        ...extra,
      } as WorkflowStartOptions) as Promise<R>,
  };
}
