// bulkOnboard: one onboardUser child per user, a bounded number at a time. Rows are all checked
// and all names resolved before the first child starts; past `usersPerRun` users the job
// continues as new with the rest, carrying what it has done so far.
//
// The one workflow that still imports from jobs/ (and so bundles zod): it re-checks its rows
// with the input schema, so a run started without the job service (Temporal UI, a test) fails
// with every bad row too. Moving that check into an activity changes the workflow's commands,
// which needs a patch that keeps this path for runs already in flight.
import { ApplicationFailure, CancellationScope, continueAsNew, executeChild, isCancellation, patched, workflowInfo } from '@temporalio/workflow';
import type { BulkOnboardInput, BulkOnboardResult } from '../contracts/bulk-onboard';
import { LookerJobType, LookerTarget } from '../contracts/job';
import { FILE_CHUNK_BYTES } from '../contracts/stored-files';
import { onboardUserContract, onboardUserSummary, onboardUserTarget, type OnboardUserInput } from '../contracts/onboard-user';
import { bulkOnboardUsers, checkBulkOnboardInput } from '../jobs/bulk-onboard';
import { onboardUser } from './onboard-user';
import { decodeBase64Utf8, storedFileActivities } from './support/files';
import { asJobFailure, failureMessage } from './support/failures';
import { childWaitsForCancellation } from './support/looker';
import { Progress } from './support/progress';
import { resolveUserAccessNames, type ResolvedNames } from './support/user-names';

/**
 * Patch id: a cancelled job ends cancelled once its running children have stopped, instead of
 * counting them as failed rows and continuing as new (which dropped the cancel).
 */
export const BULK_ONBOARD_ENDS_ON_CANCEL = 'bulk-onboard-ends-on-cancel';

/** What one run hands to the next when it continues as new. */
export interface BulkOnboardCarry {
  result: BulkOnboardResult;
  names: ResolvedNames;
  /** With `csvFile`: the rows already handed to earlier runs (the file is read again, not carried). */
  csvRowsDone?: number;
}

export async function bulkOnboard(input: BulkOnboardInput, carry?: BulkOnboardCarry): Promise<BulkOnboardResult> {
  const progress = new Progress();
  progress.step('checking rows');
  // A CSV by reference (only new runs have csvFile, hence the patch marks the new command).
  const csvFromFile = input.csvFile !== undefined && patched('bulk-onboard-csv-file') ? await readCsvFile(input.csvFile) : undefined;
  const parsed = checkBulkOnboardInput(csvFromFile === undefined ? input : { ...input, csvFile: undefined, csv: csvFromFile });
  if (!parsed.ok) {
    const { problems } = parsed;
    throw ApplicationFailure.create({
      type: 'InvalidInput',
      nonRetryable: true,
      message: `${problems.length} problem${problems.length > 1 ? 's' : ''} in the input; no user was onboarded: ${problems.join('; ')}`,
      details: [{ problems }],
    });
  }
  const { concurrency, usersPerRun } = parsed.data;
  const skipped = csvFromFile === undefined ? 0 : (carry?.csvRowsDone ?? 0);
  const users = bulkOnboardUsers(parsed.data).slice(skipped);
  const result = carry?.result ?? { total: users.length, created: [], alreadyPresent: [], failed: [] };
  const done = () => result.created.length + result.alreadyPresent.length + result.failed.length;

  progress.step('resolving names');
  const names = carry?.names ?? (await resolveNamesOf(users));

  const batch = users.slice(0, usersPerRun);
  progress.step('onboarding users', { total: result.total, done: done() });
  // Outcomes are kept in row order, whichever child finishes first.
  const outcomes: Array<{ email: string; created: boolean } | { email: string; reason: string }> = [];
  let cancelled: unknown;
  await inLanes(batch, concurrency, async (user, index) => {
    try {
      const onboarded = await executeChild(onboardUser, {
        // Derived from this job's id (kept across continue-as-new), so a user is never onboarded twice at once.
        workflowId: `${workflowInfo().workflowId}/${user.email.toLowerCase()}`,
        args: [user, names],
        typedSearchAttributes: [
          { key: LookerJobType, value: onboardUserContract.type },
          { key: LookerTarget, value: onboardUserTarget(user) },
        ],
        // The same one-line summary as an onboardUser job started on its own.
        staticSummary: onboardUserSummary(user),
        memo: childWaitsForCancellation(),
      });
      outcomes[index] = { email: user.email, created: onboarded.created.user };
    } catch (error) {
      // Every lane stops at its child's cancellation (the children not yet started are refused
      // at once), so the job ends only when no child of it runs any more.
      if (isCancellation(error) && patched(BULK_ONBOARD_ENDS_ON_CANCEL)) {
        cancelled ??= error;
        return;
      }
      outcomes[index] = { email: user.email, reason: failureMessage(error) };
    }
    progress.advance(1, user.email);
  });
  if (cancelled !== undefined) throw cancelled;
  for (const outcome of outcomes) {
    if ('reason' in outcome) result.failed.push(outcome);
    else (outcome.created ? result.created : result.alreadyPresent).push(outcome.email);
  }

  const remaining = users.slice(usersPerRun);
  // A cancel that arrived after the last child finished: continuing as new would drop it.
  if (CancellationScope.current().consideredCancelled && patched(BULK_ONBOARD_ENDS_ON_CANCEL)) {
    await CancellationScope.current().cancelRequested; // rejects with the cancellation
  }
  if (remaining.length > 0) {
    // From a file, the next run reads it again and skips what is done, so its input stays small.
    if (csvFromFile !== undefined) await continueAsNew<typeof bulkOnboard>(input, { result, names, csvRowsDone: skipped + batch.length });
    await continueAsNew<typeof bulkOnboard>({ users: remaining, concurrency, usersPerRun }, { result, names });
  }
  progress.step('done', { total: result.total, done: done(), message: `${result.failed.length} failed` });
  return result;
}

/** The CSV text of `csvFile`, read through the file store in chunks (at most 1 MB: MAX_INPUT_FILE_BYTES). */
async function readCsvFile(path: string): Promise<string> {
  const parts: string[] = [];
  for (let offset: number | null = 0; offset !== null; ) {
    const chunk = await storedFileActivities().readStoredFile({ path, offset, length: FILE_CHUNK_BYTES });
    parts.push(chunk.data);
    offset = chunk.nextOffset;
  }
  return decodeBase64Utf8(parts);
}

async function resolveNamesOf(users: OnboardUserInput[]): Promise<ResolvedNames> {
  try {
    return await resolveUserAccessNames({
      roles: users.flatMap((u) => u.roles),
      groups: users.flatMap((u) => u.groups),
      userAttributes: users.flatMap((u) => Object.keys(u.userAttributes)),
    });
  } catch (error) {
    throw asJobFailure(error);
  }
}

/** Runs `work` on every item, at most `lanes` at a time, in item order. */
async function inLanes<T>(items: T[], lanes: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}
