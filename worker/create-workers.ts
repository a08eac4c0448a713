// Builds the three workers one lookerflow process runs:
//  - the workflow worker on the job task queue (no activities: workflows only decide);
//  - the Looker API worker on `<queue>-looker-api`, whose activity starts per second the
//    Temporal server caps across every worker polling that queue;
//  - the local worker on `<queue>-local`, for the activities that make no Looker call (file
//    work, URL building), so they do not spend that cap.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { localTaskQueue, lookerApiTaskQueue } from '../workflows/support/task-queues';

export interface CreateWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: object;
  /** Either a path to the workflows module (bundled at start-up) or a prebuilt bundle. */
  workflows: Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'>;
  /** requestsPerSecond: the workers' cap on Looker activity starts (the fleet rate, once shared, overrides it). */
  lookerApi: { requestsPerSecond?: number; concurrency: number };
  /** How long in-flight activities may run on after shutdown starts. */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** Shown in workflow history as the worker that ran each task. */
  identity?: string;
}

export interface LookerflowWorkers {
  workflowWorker: Worker;
  lookerApiWorker: Worker;
  localWorker: Worker;
  /** Runs all three until shutdown() (or SIGINT/SIGTERM); rejects if either fails. */
  run(): Promise<void>;
  shutdown(): Promise<void>;
}

export async function createWorkers(options: CreateWorkersOptions): Promise<LookerflowWorkers> {
  const common = {
    connection: options.connection,
    namespace: options.namespace,
    shutdownGraceTime: options.shutdownGraceTime ?? '30s',
    ...(options.identity ? { identity: options.identity } : {}),
  };
  const workflowWorker = await Worker.create({ ...common, taskQueue: options.taskQueue, ...options.workflows });
  const lookerApiWorker = await Worker.create({
    ...common,
    taskQueue: lookerApiTaskQueue(options.taskQueue),
    activities: options.activities,
    ...(options.lookerApi.requestsPerSecond ? { maxTaskQueueActivitiesPerSecond: options.lookerApi.requestsPerSecond } : {}),
    maxConcurrentActivityTaskExecutions: options.lookerApi.concurrency,
  });
  const localWorker = await Worker.create({
    ...common,
    taskQueue: localTaskQueue(options.taskQueue),
    activities: options.activities,
    maxConcurrentActivityTaskExecutions: options.lookerApi.concurrency,
  });
  const workers = [workflowWorker, lookerApiWorker, localWorker];
  let running: Promise<void> | undefined;
  return {
    workflowWorker,
    lookerApiWorker,
    localWorker,
    run() {
      // If one worker dies, stop the other too: half a worker would take tasks it cannot finish.
      running ??= Promise.all(
        workers.map((w) =>
          w.run().catch((err) => {
            for (const other of workers) if (other.getState() === 'RUNNING') other.shutdown();
            throw err;
          }),
        ),
      ).then(() => undefined);
      return running;
    },
    async shutdown() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await running;
    },
  };
}
