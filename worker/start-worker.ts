// Starts a lookerflow worker from validated settings: Looker client → start-up check →
// activities → the two Temporal workers. Used by `npm run worker` and `npm run dev`.
import { NativeConnection } from '@temporalio/worker';
import { checkLookerConnection, createActivities, createLocalFileStore, createLookerClient, lookerSettingsFromEnv } from '../activities';
import { createFileActivities } from '../activities/stored-files';
import { createWorkers, type LookerflowWorkers } from './create-workers';
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
  try {
    looker = createLookerClient(lookerSettingsFromEnv(env, { iniPath: settings.LOOKERSDK_INI }));
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
  const files = createLocalFileStore(settings.LOOKERFLOW_FILES_DIR);
  const workers = await createWorkers({
    connection,
    namespace: settings.TEMPORAL_NAMESPACE,
    taskQueue: settings.LOOKERFLOW_TASK_QUEUE,
    activities: createActivities({ looker, files }),
    fileActivities: createFileActivities({ files }),
    workflows: { workflowsPath: require.resolve('../workflows') },
    lookerApi: { requestsPerSecond: settings.LOOKER_API_RPS, concurrency: settings.LOOKER_API_CONCURRENCY },
    shutdownGraceTime: settings.LOOKERFLOW_SHUTDOWN_GRACE_SECONDS * 1000,
  });
  return {
    workers,
    lookerUser: `${me.userDisplayName ?? 'user'} (id ${me.userId}) on Looker ${me.lookerReleaseVersion ?? '?'}`,
    async close() {
      await workers.shutdown();
      await connection.close();
    },
  };
}
