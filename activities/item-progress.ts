// Progress of an activity that works through items one at a time (archiving and restoring
// batches, transfers). It is heartbeated after each item, so a lost worker is noticed within the
// heartbeat timeout, and the next attempt reads it back and goes on from the next item instead
// of starting over.
import { Context } from '@temporalio/activity';

/** What the previous attempt heartbeated, if it is progress of this same piece of work. */
export function resumedProgress<T extends { for: string }>(workKey: string): T | undefined {
  const details = activityContext()?.info.heartbeatDetails as T | undefined;
  return details && typeof details === 'object' && details.for === workKey ? details : undefined;
}

/** Records progress after an item; also tells Temporal the worker is alive. */
export function heartbeatProgress<T extends { for: string }>(progress: T): void {
  activityContext()?.heartbeat(progress);
}

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // not running as an activity (plain unit test)
  }
}
