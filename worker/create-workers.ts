// Builds the three workers one lookerflow process runs:
//  - the workflow worker on the job task queue (no activities: workflows only decide);
//  - the Looker API worker on `<queue>-looker-api`, whose calls per second the Temporal
//    server caps across every worker polling that queue;
//  - the files worker on `<queue>-files`: activities that only read and write the file store,
//    so they spend none of the Looker rate budget.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { filesTaskQueue, lookerApiTaskQueue } from '../workflows/support/task-queues';

export interface CreateWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: object;
  /** Either a path to the workflows module (bundled at start-up) or a prebuilt bundle. */
  workflows: Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'>;
  lookerApi: { requestsPerSecond: number; concurrency: number };
  /** How long in-flight activities may run on after shutdown starts. */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** Shown in workflow history as the worker that ran each task. */
  identity?: string;
}

export interface LookerflowWorkers {
  workflowWorker: Worker;
  lookerApiWorker: Worker;
  filesWorker: Worker;
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
    maxTaskQueueActivitiesPerSecond: options.lookerApi.requestsPerSecond,
    maxConcurrentActivityTaskExecutions: options.lookerApi.concurrency,
  });
  // The same activities (workflows send only file store work here), without the rate cap.
  const filesWorker = await Worker.create({ ...common, taskQueue: filesTaskQueue(options.taskQueue), activities: options.activities });
  const workers = [workflowWorker, lookerApiWorker, filesWorker];
  let running: Promise<void> | undefined;
  return {
    workflowWorker,
    lookerApiWorker,
    filesWorker,
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
