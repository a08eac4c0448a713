// Waiting inside a running activity (for a 429's Retry-After, or for a Looker task): the wait
// heartbeats so Temporal does not time a polling activity out, repeating the activity's last
// progress details so a retry can still resume its Looker task; it gives up (returns false)
// when the wait would not fit in what is left of the attempt's start-to-close time.
import { Context } from '@temporalio/activity';
import { sleep } from './governor';

/** Time left for the last Looker call after a wait: a retry by Temporal is the better choice then. */
const ATTEMPT_MARGIN_MS = 15_000;

const lastDetails = new WeakMap<Context, unknown>();
const attemptStart = new WeakMap<Context, number>();

function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // not inside an activity (start-up connection check, plain scripts)
  }
}

/** Heartbeats `details` and remembers them for the heartbeats sent while waiting. */
export function heartbeatProgress(details: unknown): void {
  const context = Context.current();
  lastDetails.set(context, details);
  context.heartbeat(details);
}

/** Remembers `details` (a mutable progress object) for every later keep-alive heartbeat, without sending one now. */
export function keepProgress(details: unknown): void {
  const context = currentContext();
  if (context) lastDetails.set(context, details);
}

/** Marks the start of the attempt (the first Looker call of the activity is close enough). */
export function noteActivityCall(): void {
  const context = currentContext();
  if (context && !attemptStart.has(context)) attemptStart.set(context, Date.now());
}

/**
 * Waits `ms` inside the current activity, heartbeating. False (without waiting) when the wait
 * would end too close to the attempt's start-to-close timeout. Outside an activity it just waits.
 */
export async function waitInActivity(ms: number, signal?: AbortSignal): Promise<boolean> {
  const context = currentContext();
  if (context) {
    const started = attemptStart.get(context) ?? Date.now();
    if (Date.now() + ms > started + context.info.startToCloseTimeoutMs - ATTEMPT_MARGIN_MS) return false;
  }
  await heartbeatWhile(sleep(ms, signal ?? context?.cancellationSignal));
  return true;
}

/**
 * Awaits `work` while heartbeating `details` (by default the activity's last progress, or before
 * it has any, what the previous attempt heartbeated) every quarter of the heartbeat timeout: a
 * wait, or one Looker call that may take up to LOOKERSDK_TIMEOUT, must not pass for a lost
 * worker. Every Looker activity runs inside one (as-activity.ts).
 */
export async function heartbeatWhile<T>(work: Promise<T>, details?: unknown): Promise<T> {
  const context = currentContext();
  const timeoutMs = context?.info.heartbeatTimeoutMs;
  if (!context || !timeoutMs) return work;
  // Waits inside this one (a 429 during the call) repeat these details too.
  if (details !== undefined) lastDetails.set(context, details);
  const beat = () => context.heartbeat(lastDetails.get(context) ?? context.info.heartbeatDetails);
  const timer = setInterval(beat, Math.max(100, timeoutMs / 4));
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
