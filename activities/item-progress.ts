// Progress of an activity that works through items one at a time (archiving and restoring
// batches, transfers). It is heartbeated after each item and every few seconds in between, so a
// lost worker is noticed within the heartbeat timeout while a slow Looker call inside one item is
// not mistaken for one; the next attempt reads it back and goes on from the next item instead
// of starting over.
import { Context } from '@temporalio/activity';
import { keepProgress } from './activity-wait';

/** Well under the `batch` kind's 30 s heartbeat timeout (the SDK throttles what it sends). */
const KEEP_ALIVE_MS = 5_000;

/**
 * Runs `work` with the progress the previous attempt of this same piece of work (`initial.for`)
 * heartbeated, or else `initial`. `work` mutates the progress and calls `itemDone` after each item.
 */
export async function withItemProgress<T extends { for: string }, R>(initial: T, work: (progress: T, itemDone: () => void) => Promise<R>): Promise<R> {
  const context = activityContext();
  const details = context?.info.heartbeatDetails as T | undefined;
  const progress = details && typeof details === 'object' && details.for === initial.for ? details : initial;
  // The activity-wide keep-alive (as-activity.ts) then repeats this progress, never older details.
  keepProgress(progress);
  const beat = () => context?.heartbeat(progress);
  const keepAlive = context ? setInterval(beat, KEEP_ALIVE_MS) : undefined;
  try {
    return await work(progress, beat);
  } finally {
    clearInterval(keepAlive);
  }
}

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // not running as an activity (plain unit test)
  }
}
