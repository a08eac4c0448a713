// Wraps an activity so that whatever a Looker call throws leaves it as one of the failure types
// from looker-errors.ts, and a cancelled activity reports cancellation rather than the
// "aborted" network error its cancelled HTTP request produced. While it runs it heartbeats
// (when scheduled with a heartbeat timeout): a worker that dies mid-call is noticed within that
// timeout instead of the start-to-close time, which must allow for one slow Looker call.
import { Context } from '@temporalio/activity';
import { heartbeatWhile } from './activity-wait';
import { toActivityFailure } from './looker-errors';

export function asActivity<Args extends unknown[], Result>(
  fn: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result> {
  return async (...args: Args) => {
    try {
      return await heartbeatWhile(fn(...args));
    } catch (error) {
      const cancelled = activityCancellation();
      throw cancelled ?? toActivityFailure(error);
    }
  };
}

function activityCancellation(): unknown {
  try {
    const signal = Context.current().cancellationSignal;
    return signal.aborted ? signal.reason : undefined;
  } catch {
    return undefined; // not running as an activity (plain unit test)
  }
}
