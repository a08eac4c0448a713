// Helpers for the user job tests (onboardUser, bulkOnboard, offboardUser).
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { RunningEmulator } from '../emulator';

/** The ApplicationFailure a job ended with; fails the test if the job succeeded. */
export async function jobFailure(run: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await run.then(
    () => assert.fail('the job should have failed'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof WorkflowFailedError, `expected WorkflowFailedError, got ${String(error)}`);
  assert.ok(error.cause instanceof ApplicationFailure, `expected an ApplicationFailure cause, got ${String(error.cause)}`);
  return error.cause;
}

export function usersWithEmail(emulator: RunningEmulator, email: string) {
  return Object.values(emulator.admin.state().users).filter((u) => u.credentials_email?.email.toLowerCase() === email.toLowerCase());
}

/** The users, groups and ownerships a user job may change, to compare before and after. */
export function userAccessState(emulator: RunningEmulator) {
  const { users, groups, scheduled_plans, alerts } = emulator.admin.state();
  return { users, groups, scheduled_plans, alerts };
}

/** Operations of the Looker calls since `clearCalls()` that change something (not GETs or the login). */
export function writeCalls(emulator: RunningEmulator): string[] {
  return emulator.admin
    .calls()
    .filter((c) => c.method !== 'GET' && c.operationId !== 'login' && !c.operationId?.startsWith('search_'))
    .map((c) => c.operationId ?? c.path);
}
