// Starts a lookerflow worker from validated settings: Looker client → start-up check →
// activities → the two Temporal workers. Used by `npm run worker` and `npm run dev`.
import { setTimeout as sleep } from 'node:timers/promises';
import { NativeConnection } from '@temporalio/worker';
import { checkLookerConnection, createActivities, createLocalFileStore, createLookerClient, lookerSettingsFromEnv } from '../activities';
import { LookerConnectionError, type LookerConnectionInfo } from '../activities/connection-check';
import type { LookerClient } from '../activities/looker-client';
import { createFileActivities } from '../activities/stored-files';
import { LookerGovernor } from '../activities/governor';
import { lookerApiTaskQueue } from '../workflows/support/task-queues';
import { temporalSetup } from '../common/settings';
import { describeTemporalConnection } from '../common/temporal-connection';
import { createWorkers, type LookerflowWorkers } from './create-workers';
import { shareRateThroughTaskQueue } from './fleet-rate';
import type { WorkerSettings } from './settings';
import { workflowsForWorker } from './workflow-bundle';

export class StartupError extends Error {}

export interface StartedWorker {
  workers: LookerflowWorkers;
  /** Who the worker acts as in Looker, for the start-up line; resolves once Looker has answered. */
  lookerUser: Promise<string>;
  close(): Promise<void>;
}

/** Waits between checks of an unreachable Looker: 1 s doubling to 30 s. */
const LOOKER_RETRY_MS = { first: 1_000, max: 30_000 } as const;

export async function startWorker(
  settings: WorkerSettings,
  env: NodeJS.ProcessEnv = process.env,
  /** Where the lines about waiting for Looker go. */
  warn: (line: string) => void = console.warn,
): Promise<StartedWorker> {
  let looker;
  const governor = new LookerGovernor({ ceilingRps: settings.LOOKER_API_RPS, floorRps: settings.LOOKER_API_MIN_RPS });
  try {
    looker = createLookerClient(lookerSettingsFromEnv(env, { iniPath: settings.LOOKERSDK_INI }), { governor });
  } catch (err) {
    throw new StartupError(err instanceof Error ? err.message : String(err));
  }
  // Wrong settings fail here, in one line, rather than let every job retry against a wrong
  // Looker forever. A Looker that does not answer yet is waited for instead (below).
  const checked = await checkLookerConnection(looker).catch((err: Error) => {
    if (err instanceof LookerConnectionError && err.retryable) return err;
    throw new StartupError(err.message);
  });

  const temporal = temporalSetup(settings);
  const connection = await NativeConnection.connect(temporal.connection).catch((err: Error) => {
    throw new StartupError(
      `Cannot reach Temporal at TEMPORAL_ADDRESS=${settings.TEMPORAL_ADDRESS} (${describeTemporalConnection(temporal.connection)}): ${err.message.split('\n')[0]}`,
    );
  });
  let lookerAnswered: (me: LookerConnectionInfo) => void = () => undefined;
  const me = checked instanceof LookerConnectionError ? new Promise<LookerConnectionInfo>((done) => (lookerAnswered = done)) : Promise.resolve(checked);
  const files = createLocalFileStore(settings.LOOKERFLOW_FILES_DIR);
  const workers = await createWorkers({
    connection,
    namespace: temporal.namespace,
    dataConverter: temporal.dataConverter,
    taskQueue: settings.LOOKERFLOW_TASK_QUEUE,
    activities: createActivities({ looker, files, lookerWebUrl: settings.LOOKERFLOW_LOOKER_WEB_URL }),
    fileActivities: createFileActivities({
      files,
      // The codecs let the retention read an open job's input (which uploads it names) when payloads are encrypted.
      jobs: { workflowService: connection.workflowService, namespace: temporal.namespace, payloadCodecs: temporal.dataConverter.payloadCodecs },
    }),
    workflows: workflowsForWorker(),
    lookerApi: { requestsPerSecond: settings.LOOKER_API_RPS, concurrency: settings.LOOKER_API_CONCURRENCY },
    shutdownGraceTime: settings.LOOKERFLOW_SHUTDOWN_GRACE_SECONDS * 1000,
    ...(checked instanceof LookerConnectionError
      ? { lookerReady: (stop: AbortSignal) => waitForLooker(looker, checked, stop, warn).then((answered) => answered && lookerAnswered(answered)) }
      : {}),
  });
  const fleetRate = await shareRateThroughTaskQueue({
    workflowService: connection.workflowService,
    namespace: settings.TEMPORAL_NAMESPACE,
    taskQueue: lookerApiTaskQueue(settings.LOOKERFLOW_TASK_QUEUE),
    identity: workers.workflowWorker.options.identity,
    governor,
  });
  return {
    workers,
    lookerUser: me.then((info) => `${info.userDisplayName ?? 'user'} (id ${info.userId}) on Looker ${info.lookerReleaseVersion ?? '?'}`),
    async close() {
      fleetRate.stop();
      await workers.shutdown();
      await connection.close();
    },
  };
}

/**
 * Checks Looker again and again (1 s doubling to 30 s), one line each time, until it answers;
 * undefined when `stop` aborts first. Wrong settings found on the way stop the worker.
 */
async function waitForLooker(
  looker: LookerClient,
  firstError: LookerConnectionError,
  stop: AbortSignal,
  warn: (line: string) => void,
): Promise<LookerConnectionInfo | undefined> {
  let error = firstError;
  // A check can take up to LOOKERSDK_TIMEOUT; a shutdown need not wait for it.
  const stopped = new Promise<undefined>((done) => stop.addEventListener('abort', () => done(undefined), { once: true }));
  for (let delayMs: number = LOOKER_RETRY_MS.first; ; delayMs = Math.min(LOOKER_RETRY_MS.max, delayMs * 2)) {
    warn(`${error.message}; jobs are served meanwhile (progress, approvals, timers) and their Looker calls wait; checking again in ${delayMs / 1000} s`);
    try {
      await sleep(delayMs, undefined, { signal: stop });
    } catch {
      return undefined; // stopping
    }
    try {
      return await Promise.race([checkLookerConnection(looker), stopped]);
    } catch (err) {
      if (!(err instanceof LookerConnectionError && err.retryable)) throw new StartupError(err instanceof Error ? err.message : String(err));
      error = err;
    }
  }
}
