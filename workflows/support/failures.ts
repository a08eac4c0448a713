// What a job reports when one of its activities or children failed: the underlying
// ApplicationFailure rather than Temporal's generic wrapper around it.
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/workflow';

/**
 * The failure a job should end with when an activity or child failed: the underlying
 * ApplicationFailure (e.g. UnknownRoleOrGroup with the valid names) rather than Temporal's
 * generic "Activity task failed".
 */
export function asJobFailure(error: unknown): unknown {
  if ((error instanceof ActivityFailure || error instanceof ChildWorkflowFailure) && error.cause instanceof ApplicationFailure) {
    const cause = error.cause;
    return ApplicationFailure.create({ type: cause.type ?? undefined, message: cause.message, details: cause.details ?? undefined, nonRetryable: true });
  }
  return error;
}

/** The message a person should read for a failed activity or child. */
export function failureMessage(error: unknown): string {
  const failure = asJobFailure(error);
  return failure instanceof Error ? failure.message : String(failure);
}

/** A job's input refused by the workflow's own check: every problem named, nothing done. */
export function invalidInputFailure(problems: string[], nothingDone: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'InvalidInput',
    nonRetryable: true,
    message: `${problems.length} problem${problems.length > 1 ? 's' : ''} in the input; ${nothingDone}: ${problems.join('; ')}`,
    details: [{ problems }],
  });
}
