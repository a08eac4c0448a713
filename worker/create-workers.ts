// Builds the three workers one lookerflow process runs:
//  - the workflow worker on the job task queue (no activities: workflows only decide);
//  - the Looker API worker on `<queue>-looker-api`, whose calls per second the Temporal
//    server caps across every worker polling that queue;
//  - the files worker on `<queue>-files`: activities that make no Looker call (the file store,
//    URL building), so they spend none of the Looker rate budget.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { WorkflowCode } from './workflow-bundle';
import { filesTaskQueue, lookerApiTaskQueue } from '../workflows/support/task-queues';

export interface CreateWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  /** The payload codec (encryption) every worker applies; default: none. */
  dataConverter?: WorkerOptions['dataConverter'];
  taskQueue: string;
  activities: object;
  /** The file store activities (activities/stored-files.ts), run on `<queue>-files`. */
  fileActivities?: object;
  /** Either a path to the workflows module (bundled at start-up) or a prebuilt bundle. */
  workflows: WorkflowCode;
  /** requestsPerSecond: the workers' cap on Looker activity starts (the fleet rate, once shared, overrides it). */
  lookerApi: { requestsPerSecond?: number; concurrency: number };
  /** How long in-flight activities may run on after shutdown starts. */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** Shown in workflow history as the worker that ran each task. */
  identity?: string;
  /**
   * Resolves once Looker answers (or once `stop` aborts). When given, the workflow worker runs
   * at once and the Looker API worker only after it: jobs keep answering progress queries,
   * approvals and timers while Looker is down, and their Looker calls wait on the queue.
   */
  lookerReady?: (stop: AbortSignal) => Promise<void>;
}

export interface LookerflowWorkers {
  workflowWorker: Worker;
  /** Undefined until `lookerReady` resolved. */
  readonly lookerApiWorker: Worker | undefined;
  filesWorker: Worker;
  /** Runs all three until shutdown() (or SIGINT/SIGTERM); rejects if any fails. */
  run(): Promise<void>;
  shutdown(): Promise<void>;
}

export async function createWorkers(options: CreateWorkersOptions): Promise<LookerflowWorkers> {
  const common = {
    connection: options.connection,
    namespace: options.namespace,
    shutdownGraceTime: options.shutdownGraceTime ?? '30s',
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    ...(options.identity ? { identity: options.identity } : {}),
  };
  const workflowWorker = await Worker.create({ ...common, taskQueue: options.taskQueue, ...options.workflows });
  const createLookerApiWorker = () =>
    Worker.create({
      ...common,
      taskQueue: lookerApiTaskQueue(options.taskQueue),
      activities: options.activities,
      ...(options.lookerApi.requestsPerSecond ? { maxTaskQueueActivitiesPerSecond: options.lookerApi.requestsPerSecond } : {}),
      maxConcurrentActivityTaskExecutions: options.lookerApi.concurrency,
      // A cancellation reaches an activity only in the answer to a heartbeat, and by default the
      // SDK sends one at most every 0.8 × heartbeat timeout (24 s): a cancelled job would wait that
      // long for its query to be killed. Polls heartbeat every ≤ 5 s; let each one through.
      maxHeartbeatThrottleInterval: '1s',
    });
  let lookerApiWorker = options.lookerReady ? undefined : await createLookerApiWorker();
  // Work that makes no Looker call (the file store), without the rate cap: the stored-file
  // activities, and the Looker activities' own file steps (archive reports and manifests).
  const filesWorker = await Worker.create({
    ...common,
    taskQueue: filesTaskQueue(options.taskQueue),
    activities: { ...options.activities, ...options.fileActivities },
  });
  const stopping = new AbortController();
  const stopAll = () => {
    stopping.abort();
    for (const w of [workflowWorker, filesWorker, lookerApiWorker]) if (w?.getState() === 'RUNNING') w.shutdown();
  };
  // If one worker dies, stop the others too: half a worker would take tasks it cannot finish.
  const stopAllOnFailure = (err: unknown) => {
    stopAll();
    throw err;
  };
  const runLookerApi = async () => {
    if (!lookerApiWorker) {
      await options.lookerReady!(stopping.signal);
      if (stopping.signal.aborted) return;
      lookerApiWorker = await createLookerApiWorker();
    }
    await lookerApiWorker.run();
  };
  let running: Promise<void> | undefined;
  return {
    workflowWorker,
    filesWorker,
    get lookerApiWorker() {
      return lookerApiWorker;
    },
    run() {
      running ??= Promise.all([
        // The workflow worker stopping (shutdown(), SIGTERM) also ends a wait for Looker.
        workflowWorker.run().finally(() => stopping.abort()).catch(stopAllOnFailure),
        runLookerApi().catch(stopAllOnFailure),
        filesWorker.run().catch(stopAllOnFailure),
      ]).then(() => undefined);
      return running;
    },
    async shutdown() {
      stopAll();
      await running;
    },
  };
}
