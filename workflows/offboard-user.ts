// offboardUser: disable the leaver's account and hand their scheduled plans and alerts to the
// user named in `transferTo`. Both users are looked up first: a missing one fails the job
// before anything changes. Every step is idempotent, so a re-run only finishes what is left.
import { ApplicationFailure } from '@temporalio/workflow';
import type { LookerUserSummary, TransferredItem } from '../activities/user-access';
import type { OffboardUserInput } from '../jobs/offboard-user';
import { lookerActivities } from './support/looker';
import { Progress } from './support/progress';

export interface OffboardUserResult {
  userId: string;
  /** False when the account was disabled already. */
  disabled: boolean;
  transferredTo: { id: string; email: string | null };
  scheduledPlans: TransferredItem[];
  alerts: TransferredItem[];
}

export async function offboardUser(input: OffboardUserInput): Promise<OffboardUserResult> {
  const progress = new Progress();
  const read = lookerActivities('read');
  const writes = lookerActivities('idempotentWrite');

  progress.step('finding users', { total: 2 });
  const leaver = mustExist(await read.findUserByEmail(input.email), `No Looker user has the email ${input.email}`);
  const target = input.transferTo;
  const heir = mustExist(
    'email' in target ? await read.findUserByEmail(target.email) : await read.findUserById(target.id),
    'email' in target ? `transferTo: no Looker user has the email ${target.email}` : `transferTo: no Looker user has the id ${target.id}`,
  );
  if (heir.id === leaver.id) throw ApplicationFailure.nonRetryable('transferTo must be someone other than the user leaving', 'InvalidTransferTarget');
  // Looker refuses to give a schedule to a disabled user; better to know before disabling anyone.
  if (heir.isDisabled) throw ApplicationFailure.nonRetryable(`transferTo: user ${heir.id} (${heir.displayName}) is disabled`, 'InvalidTransferTarget');
  progress.advance(2);

  progress.step('disabling user', { message: leaver.displayName });
  const { changed: disabled } = await writes.disableUser({ userId: leaver.id });

  const transfer = { fromUserId: leaver.id, toUserId: heir.id };
  progress.step('transferring scheduled plans');
  const { moved: scheduledPlans } = await writes.transferScheduledPlans(transfer);
  progress.step('transferring alerts', { message: `${scheduledPlans.length} scheduled plans moved` });
  const { moved: alerts } = await writes.transferAlerts(transfer);

  progress.step('done', { message: `${scheduledPlans.length} scheduled plans and ${alerts.length} alerts moved to user ${heir.id}` });
  return { userId: leaver.id, disabled, transferredTo: { id: heir.id, email: heir.email }, scheduledPlans, alerts };
}

function mustExist(user: LookerUserSummary | null, message: string): LookerUserSummary {
  if (!user) throw ApplicationFailure.nonRetryable(message, 'UserNotFound');
  return user;
}
