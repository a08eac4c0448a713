// Helpers for the user job tests (onboardUser, bulkOnboard, offboardUser); the ones every job
// test uses are in test/job-helpers.ts.
import type { RunningEmulator } from '../emulator';

export function usersWithEmail(emulator: RunningEmulator, email: string) {
  return Object.values(emulator.admin.state().users).filter((u) => u.credentials_email?.email.toLowerCase() === email.toLowerCase());
}

/** The users, groups and ownerships a user job may change, to compare before and after. */
export function userAccessState(emulator: RunningEmulator) {
  const { users, groups, scheduled_plans, alerts } = emulator.admin.state();
  return { users, groups, scheduled_plans, alerts };
}
