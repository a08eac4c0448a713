// offboardUser: disable the leaver's account and hand their scheduled plans and alerts to the
// user named in `transferTo`. Both users are looked up first: a missing one fails the job
// before anything changes. Every step is idempotent, so a re-run only finishes what is left.
import { ApplicationFailure, patched } from '@temporalio/workflow';
import type { LookerUserSummary, TransferBatch, TransferInput, TransferredItem } from '../activities/user-access';
import type { OffboardUserInput, OffboardUserResult } from '../contracts/offboard-user';
import { lookerActivities } from './support/looker';
import { Progress } from './support/progress';

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

  // Listed first because a transfer retried after a lost response no longer sees what it
  // already moved; the report is what the leaver owned plus anything the transfer found later.
  progress.step('listing what the user owns');
  const ownedPlans = await everyPage((page) =>
    read.searchScheduledPlans({ user_id: leaver.id, all_users: true, fields: 'id,name,user_id', ...page }).then(({ items, nextOffset }) => ({
      nextOffset,
      items: items.filter((p) => p.user_id === leaver.id).map((p) => ({ id: p.id!, title: p.name ?? '' })),
    })),
  );
  const ownedAlerts = await everyPage((page) =>
    read.searchAlerts({ all_owners: true, fields: 'id,owner_id,custom_title', ...page }).then(({ items, nextOffset }) => ({
      nextOffset,
      items: items.filter((a) => a.owner_id === leaver.id).map((a) => ({ id: a.id!, title: a.custom_title ?? '' })),
    })),
  );

  const transfer = { fromUserId: leaver.id, toUserId: heir.id };
  progress.step('transferring scheduled plans', { message: `${ownedPlans.length} owned` });
  // Bounded, heartbeated batches; runs started before them transfer everything in one activity.
  const batches = patched('transfer-in-bounded-batches') ? lookerActivities('batch') : undefined;
  const moveAll = (move: (t: TransferInput) => Promise<TransferBatch>) => (batches ? transferInBatches(move, transfer) : move(transfer).then((b) => b.moved));
  const scheduledPlans = union(ownedPlans, await moveAll(batches?.transferScheduledPlans ?? writes.transferScheduledPlans));
  progress.step('transferring alerts', { message: `${scheduledPlans.length} scheduled plans moved` });
  const alerts = union(ownedAlerts, await moveAll(batches?.transferAlerts ?? writes.transferAlerts));

  progress.step('done', { message: `${scheduledPlans.length} scheduled plans and ${alerts.length} alerts moved to user ${heir.id}` });
  return { userId: leaver.id, disabled, transferredTo: { id: heir.id, email: heir.email }, scheduledPlans, alerts };
}

const PAGE_SIZE = 100;
/** Items per transfer activity: one Looker call each, after the owner's items are listed. */
const TRANSFER_BATCH = 50;

async function transferInBatches(move: (t: TransferInput) => Promise<TransferBatch>, transfer: TransferInput): Promise<TransferredItem[]> {
  const moved: TransferredItem[] = [];
  for (;;) {
    const batch = await move({ ...transfer, max: TRANSFER_BATCH });
    moved.push(...batch.moved);
    if (!batch.more || batch.moved.length === 0) return moved;
  }
}

/** The items of every page (only the leaver's are kept, a handful, so history stays small). */
async function everyPage(
  page: (page: { limit: number; offset: number }) => Promise<{ items: TransferredItem[]; nextOffset: number | null }>,
): Promise<TransferredItem[]> {
  const owned: TransferredItem[] = [];
  for (let offset: number | null = 0; offset !== null; ) {
    const result = await page({ limit: PAGE_SIZE, offset });
    owned.push(...result.items);
    offset = result.nextOffset;
  }
  return owned;
}

function union(first: TransferredItem[], second: TransferredItem[]): TransferredItem[] {
  const ids = new Set(first.map((item) => item.id));
  return [...first, ...second.filter((item) => !ids.has(item.id))];
}

function mustExist(user: LookerUserSummary | null, message: string): LookerUserSummary {
  if (!user) throw ApplicationFailure.nonRetryable(message, 'UserNotFound');
  return user;
}
