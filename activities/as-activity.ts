// Wraps an activity so that whatever a Looker call throws leaves it as one of the failure types
// from looker-errors.ts, and a cancelled activity reports cancellation rather than the
// "aborted" network error its cancelled HTTP request produced.
import { Context } from '@temporalio/activity';
import { toActivityFailure } from './looker-errors';

export function asActivity<Args extends unknown[], Result>(
  fn: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result> {
  return async (...args: Args) => {
    try {
      return await fn(...args);
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
