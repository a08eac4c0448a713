// bulkOnboard: one onboardUser child per user, a bounded number at a time. Rows are all checked
// and all names resolved before the first child starts; past `usersPerRun` users the job
// continues as new, carrying counts and where its report stands.
//
// Calls to Looker are spent where they change something: one read of the existing users per
// run tells each child what is there already, so a child creates without looking first, skips
// the reads before its writes, and a user already as asked gets no child at all.
import { CancellationScope, continueAsNew, executeChild, isCancellation, patched, workflowInfo } from '@temporalio/workflow';
import type { KnownUser, UserLookup } from '../activities/user-lookup';
import type { BulkOnboardInput, BulkOnboardResult } from '../contracts/bulk-onboard';
import { LookerJobType, LookerTarget } from '../contracts/job';
import { onboardUserContract, onboardUserSummary, onboardUserTarget, type OnboardUserInput } from '../contracts/onboard-user';
import { onboardUser } from './onboard-user';
import { legacyBulkOnboard } from './support/bulk-onboard-legacy';
import { doneCount, recordOutcomes, tallyFrom, type ReportFile, type RowOutcome } from './support/bulk-onboard-tally';
import { storedFileActivities } from './support/files';
import { asJobFailure, failureMessage, invalidInputFailure } from './support/failures';
import { inLanes } from './support/in-lanes';
import { childWaitsForCancellation, lookerActivities } from './support/looker';
import { Progress } from './support/progress';
import { idsOf, resolveUserAccessNames, type ResolvedNames, type UserAccessNames } from './support/user-names';

/**
 * Patch id: rows are checked and parsed by an activity (zod stays at the edge), the existing
 * users are read once per run and handed to the children, the result holds counts and samples
 * with every user in a report file, and a child's id and search attributes name its user only
 * when the job's own target is in plaintext. Runs started before keep support/bulk-onboard-legacy.ts.
 */
export const BULK_ONBOARD_ROWS_AT_EDGE = 'bulk-onboard-rows-at-edge';

/** What one run hands to the next when it continues as new. */
export interface BulkOnboardCarry {
  result: BulkOnboardResult;
  names: ResolvedNames;
  /** Before the patch, with `csvFile`: the rows already handed to earlier runs. */
  csvRowsDone?: number;
  /** The rows of the input earlier runs took (the input is checked again, not carried). */
  rowsDone?: number;
  report?: ReportFile;
}

export async function bulkOnboard(input: BulkOnboardInput, carry?: BulkOnboardCarry): Promise<BulkOnboardResult> {
  if (!patched(BULK_ONBOARD_ROWS_AT_EDGE)) return legacyBulkOnboard(input, carry);
  const progress = new Progress();
  progress.step('checking rows');
  // Runs begun before the patch carry csvRowsDone (a csvFile) or continued with the rows left.
  const rowsDone = carry?.rowsDone ?? carry?.csvRowsDone ?? 0;
  const batch = await storedFileActivities().bulkOnboardBatch({ input, rowsDone });
  if (!batch.ok) throw invalidInputFailure(batch.problems, 'no user was onboarded');
  const { concurrency, usersPerRun, rows } = batch;

  progress.step('resolving names');
  const names = carry?.names ?? (await resolveNames(batch.names));
  let { result, report } = await tallyFrom(carry?.result, carry?.report, batch.total);
  const firstRow = doneCount(result) + 1;

  progress.step('finding existing users', { total: result.total, done: doneCount(result) });
  const lookup: UserLookup = await lookerActivities('read').findUsersByEmail({ emails: rows.map((user) => user.email) });

  progress.step('onboarding users', { total: result.total, done: doneCount(result) });
  const named = workflowInfo().typedSearchAttributes.get(LookerTarget) !== undefined;
  // Outcomes are kept in row order, whichever child finishes first.
  const outcomes: RowOutcome[] = [];
  let cancelled: unknown;
  await inLanes(rows, concurrency, async (user, index) => {
    const row = firstRow + index;
    const known = lookup.read ? { user: lookup.users[user.email.toLowerCase()] ?? null } : undefined;
    if (known?.user && asAsked(user, known.user, names)) {
      outcomes[index] = { row, email: user.email, created: false };
      progress.advance(1, user.email);
      return;
    }
    try {
      const onboarded = await executeChild(onboardUser, {
        // Derived from this job's id (kept across continue-as-new), so a user is never onboarded twice at once.
        workflowId: `${workflowInfo().workflowId}/${named ? user.email.toLowerCase() : `row-${row}`}`,
        args: [user, names, known],
        // Search attributes are not encrypted: a job started without a plaintext target (payloads
        // encrypted) gets children that do not name their user either, like onboardUser alone.
        typedSearchAttributes: [{ key: LookerJobType, value: onboardUserContract.type }, ...(named ? [{ key: LookerTarget, value: onboardUserTarget(user) }] : [])],
        // The same one-line summary as an onboardUser job started on its own (encrypted with the payloads).
        staticSummary: onboardUserSummary(user),
        memo: childWaitsForCancellation(),
      });
      outcomes[index] = { row, email: user.email, created: onboarded.created.user };
    } catch (error) {
      // Every lane stops at its child's cancellation (the children not yet started are refused
      // at once), so the job ends only when no child of it runs any more.
      if (isCancellation(error)) {
        cancelled ??= error;
        return;
      }
      outcomes[index] = { row, email: user.email, reason: failureMessage(error) };
    }
    progress.advance(1, user.email);
  });
  if (cancelled !== undefined) throw cancelled;
  report = await recordOutcomes(result, report, outcomes);

  // A cancel that arrived after the last child finished: continuing as new would drop it.
  if (CancellationScope.current().consideredCancelled) await CancellationScope.current().cancelRequested;
  if (rowsDone + rows.length < batch.total) {
    await continueAsNew<typeof bulkOnboard>(input, { result, names, rowsDone: rowsDone + rows.length, report });
  }
  progress.step('done', { total: result.total, done: doneCount(result), message: `${result.counts.failed} failed` });
  return result;
}

async function resolveNames(names: UserAccessNames): Promise<ResolvedNames> {
  try {
    return await resolveUserAccessNames(names);
  } catch (error) {
    throw asJobFailure(error);
  }
}

/** Whether an existing user already is as the row asks, so that no write is due (and no child). */
function asAsked(user: OnboardUserInput, known: KnownUser, names: ResolvedNames): boolean {
  if (user.sendSetupEmail || Object.keys(user.userAttributes).length > 0) return false; // their state is not in the bulk read
  if (user.firstName !== known.firstName || user.lastName !== known.lastName) return false;
  const roleIds = [...new Set(idsOf(user.roles, names.roleIds))].sort();
  if (roleIds.join(',') !== known.roleIds.join(',')) return false;
  return idsOf(user.groups, names.groupIds).every((id) => known.groupIds.includes(id));
}
