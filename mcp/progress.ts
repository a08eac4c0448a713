// Long waits over MCP: bounded below what clients give a tool call, with progress notifications
// that let a client reset its timeout.
import { progressLine } from '../jobs/job-service';
import type { JobProgress } from '../contracts/job';
import type { Extra } from './tool-registry';

/**
 * Common MCP clients give a tool call 60 s: a wait stays below that, unless the client sent a
 * progress token (progress notifications, about one a second, let it reset its timeout).
 */
export const WAIT_SECONDS = { default: 45, withoutProgress: 55 } as const;

export function waitSeconds(requested: number | undefined, hasProgressToken: boolean): number {
  const seconds = requested ?? WAIT_SECONDS.default;
  return hasProgressToken ? seconds : Math.min(seconds, WAIT_SECONDS.withoutProgress);
}

/** Sends MCP progress notifications while a job runs, when the client asked for them. */
export function progressNotifier(extra: Extra): ((progress: JobProgress) => Promise<void>) | undefined {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return undefined;
  let count = 0;
  return async (progress) => {
    // MCP wants `progress` to grow with each notification; the job's own counts go in the message.
    await extra
      .sendNotification({ method: 'notifications/progress', params: { progressToken, progress: ++count, message: progressLine(progress) } })
      .catch(() => undefined);
  };
}
