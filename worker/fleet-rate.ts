// Fleet-wide Looker rate through Temporal's own means: each worker's governor (activities/
// governor.ts) writes the rate it learned from Looker's answers as the server-side rate limit
// of the Looker API task queue (UpdateTaskQueueConfig), which caps activity dispatch for every
// worker polling that queue, and adopts the rate another worker wrote. So the fleet converges
// on one rate without a coordination channel of our own.
import type { NativeConnection } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import type { LookerGovernor } from '../activities/governor';

export const FLEET_RATE_REASON = 'lookerflow governor: rate learned from Looker 429s and answers';
/** Publish at most this often (a burst of 429s cuts the rate several times in a second). */
const PUBLISH_EVERY_MS = 1_000;
/** Look for another worker's rate this often. */
const REFRESH_EVERY_MS = 5_000;
const GRPC_UNIMPLEMENTED = 12;

export interface FleetRateOptions {
  workflowService: NativeConnection['workflowService'];
  namespace: string;
  /** The Looker API task queue. */
  taskQueue: string;
  identity: string;
  governor: LookerGovernor;
  warn?: (message: string) => void;
}

export interface FleetRate {
  /** The rate this worker last wrote or adopted, if any. */
  readonly rateRps: number | undefined;
  stop(): void;
}

export async function shareRateThroughTaskQueue(options: FleetRateOptions): Promise<FleetRate> {
  const { workflowService, namespace, taskQueue, identity, governor } = options;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const taskQueueType = temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY;
  let shared: number | undefined;
  let lastWriteMs = 0;
  let stopped = false;
  let pending: NodeJS.Timeout | undefined;

  const disable = (error: unknown) => {
    if (stopped) return;
    stopped = true;
    const unsupported = (error as { code?: number }).code === GRPC_UNIMPLEMENTED;
    warn(`Looker rate not shared through the task queue${unsupported ? ' (the Temporal server does not support UpdateTaskQueueConfig)' : ''}: ${String((error as Error).message ?? error).split('\n')[0]}`);
  };

  async function readFleetRate(): Promise<void> {
    const response = await workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType, reportConfig: true });
    const limit = response.config?.queueRateLimit;
    const rps = limit?.rateLimit?.requestsPerSecond;
    const writer = limit?.metadata?.updateIdentity;
    const writtenMs = Number(limit?.metadata?.updateTime?.seconds ?? 0) * 1000;
    if (typeof rps !== 'number' || rps <= 0 || limit?.metadata?.reason !== FLEET_RATE_REASON) return;
    if (writer === identity || writtenMs < lastWriteMs) return;
    shared = rps;
    governor.adopt(rps);
  }

  async function write(rateRps: number): Promise<void> {
    lastWriteMs = Date.now();
    shared = rateRps;
    await workflowService.updateTaskQueueConfig({
      namespace,
      identity,
      taskQueue,
      taskQueueType,
      updateQueueRateLimit: { rateLimit: { requestsPerSecond: rateRps }, reason: FLEET_RATE_REASON },
    });
  }

  governor.onRateChange((rateRps) => {
    if (stopped || rateRps === shared || pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      if (!stopped) write(governor.rateRps).catch(disable);
    }, Math.max(0, lastWriteMs + PUBLISH_EVERY_MS - Date.now()));
    pending.unref();
  });

  await readFleetRate().catch(disable);
  if (!stopped && shared === undefined) await write(governor.rateRps).catch(disable);
  const refresh = setInterval(() => {
    if (!stopped) readFleetRate().catch(disable);
  }, REFRESH_EVERY_MS);
  refresh.unref();
  return {
    get rateRps() {
      return shared;
    },
    stop() {
      stopped = true;
      clearInterval(refresh);
      if (pending) clearTimeout(pending);
    },
  };
}
