// Starts a lookerflow worker from validated settings: Looker client → start-up check →
// activities → the two Temporal workers. Used by `npm run worker` and `npm run dev`.
import { NativeConnection } from '@temporalio/worker';
import { checkLookerConnection, createActivities, createLocalFileStore, createLookerClient, lookerSettingsFromEnv } from '../activities';
import { LookerGovernor } from '../activities/governor';
import { lookerApiTaskQueue } from '../workflows/support/task-queues';
import { createWorkers, type LookerflowWorkers } from './create-workers';
import { shareRateThroughTaskQueue } from './fleet-rate';
import type { WorkerSettings } from './settings';

export class StartupError extends Error {}

export interface StartedWorker {
  workers: LookerflowWorkers;
  /** Who the worker acts as in Looker, for the start-up line. */
  lookerUser: string;
  close(): Promise<void>;
}

export async function startWorker(settings: WorkerSettings, env: NodeJS.ProcessEnv = process.env): Promise<StartedWorker> {
  let looker;
  const governor = new LookerGovernor({ ceilingRps: settings.LOOKER_API_RPS });
  try {
    looker = createLookerClient(lookerSettingsFromEnv(env, { iniPath: settings.LOOKERSDK_INI }), { governor });
  } catch (err) {
    throw new StartupError(err instanceof Error ? err.message : String(err));
  }
  // Fail here, in one line, rather than let every job retry against a wrong Looker forever.
  const me = await checkLookerConnection(looker).catch((err: Error) => {
    throw new StartupError(err.message);
  });

  const connection = await NativeConnection.connect({ address: settings.TEMPORAL_ADDRESS }).catch((err: Error) => {
    throw new StartupError(`Cannot reach Temporal at TEMPORAL_ADDRESS=${settings.TEMPORAL_ADDRESS}: ${err.message.split('\n')[0]}`);
  });
  const workers = await createWorkers({
    connection,
    namespace: settings.TEMPORAL_NAMESPACE,
    taskQueue: settings.LOOKERFLOW_TASK_QUEUE,
    activities: createActivities({ looker, files: createLocalFileStore(settings.LOOKERFLOW_FILES_DIR) }),
    workflows: { workflowsPath: require.resolve('../workflows') },
    lookerApi: { requestsPerSecond: settings.LOOKER_API_RPS, concurrency: settings.LOOKER_API_CONCURRENCY },
    shutdownGraceTime: settings.LOOKERFLOW_SHUTDOWN_GRACE_SECONDS * 1000,
  });
  const fleetRate = await shareRateThroughTaskQueue({
    workflowService: connection.workflowService,
    namespace: settings.TEMPORAL_NAMESPACE,
    taskQueue: lookerApiTaskQueue(settings.LOOKERFLOW_TASK_QUEUE),
    identity: workers.lookerApiWorker.options.identity,
    governor,
  });
  return {
    workers,
    lookerUser: `${me.userDisplayName ?? 'user'} (id ${me.userId}) on Looker ${me.lookerReleaseVersion ?? '?'}`,
    async close() {
      fleetRate.stop();
      await workers.shutdown();
      await connection.close();
    },
  };
}
