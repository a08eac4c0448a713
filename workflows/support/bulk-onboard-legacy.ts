// bulkOnboard as runs started before its rows were checked outside the workflow still run it
// (see BULK_ONBOARD_ROWS_AT_EDGE): their histories hold this path's commands, so it stays
// as it was, except that it no longer checks rows with the input schema (zod stays out of the
// workflow bundle).
//
// Why a plain check keeps their decisions: a run still open got past the schema's check in its
// first workflow task (one that failed it is closed), and the job service had checked the same
// input before starting it; the rows it yields with the schema's defaults applied are the rows
// below. A closed run that failed the check is replayed only to answer a query; for those the
// plain check refuses the same inputs wherever it can tell (a row without a valid-looking email
// or a name, a repeated email, a CSV without its header or rows, not one source), and it never
// refuses what the schema accepted, which is what could break a run in flight.
import { CancellationScope, continueAsNew, executeChild, isCancellation, patched, workflowInfo } from '@temporalio/workflow';
import type { BulkOnboardInput, BulkOnboardResult } from '../../contracts/bulk-onboard';
import { LookerJobType, LookerTarget } from '../../contracts/job';
import { FILE_CHUNK_BYTES } from '../../contracts/stored-files';
import { onboardUserContract, onboardUserSummary, onboardUserTarget, type OnboardUserInput } from '../../contracts/onboard-user';
import { csvProblem, csvRows } from '../../common/bulk-onboard-csv';
import { onboardUser } from '../onboard-user';
import { decodeBase64Utf8, storedFileActivities } from './files';
import { asJobFailure, failureMessage, invalidInputFailure } from './failures';
import { childWaitsForCancellation } from './looker';
import type { BulkOnboardCarry } from '../bulk-onboard';
import { inLanes } from './in-lanes';
import { Progress } from './progress';
import { resolveUserAccessNames, type ResolvedNames } from './user-names';

/**
 * Patch id: a cancelled job ends cancelled once its running children have stopped, instead of
 * counting them as failed rows and continuing as new (which dropped the cancel).
 */
export const BULK_ONBOARD_ENDS_ON_CANCEL = 'bulk-onboard-ends-on-cancel';

export async function legacyBulkOnboard(input: BulkOnboardInput, carry?: BulkOnboardCarry): Promise<BulkOnboardResult> {
  const progress = new Progress();
  progress.step('checking rows');
  // A CSV by reference (only new runs have csvFile, hence the patch marks the new command).
  const csvFromFile = input.csvFile !== undefined && patched('bulk-onboard-csv-file') ? await readCsvFile(input.csvFile) : undefined;
  const parsed = plainCheck(csvFromFile === undefined ? input : { ...input, csvFile: undefined, csv: csvFromFile });
  if (!parsed.ok) throw invalidInputFailure(parsed.problems, 'no user was onboarded');
  const { concurrency, usersPerRun } = parsed.data;
  const skipped = csvFromFile === undefined ? 0 : (carry?.csvRowsDone ?? 0);
  const users = parsed.data.users.slice(skipped);
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
    if (csvFromFile !== undefined) await continueAsNew<typeof legacyBulkOnboard>(input, { result, names, csvRowsDone: skipped + batch.length });
    await continueAsNew<typeof legacyBulkOnboard>({ users: remaining, concurrency, usersPerRun }, { result, names });
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

type Checked = { ok: true; data: { users: OnboardUserInput[]; concurrency: number; usersPerRun: number } } | { ok: false; problems: string[] };

/** The input's rows with the schema's defaults, or problems the schema certainly reports (see the top of this file). */
function plainCheck(input: Partial<Record<'users' | 'csv' | 'csvFile' | 'concurrency' | 'usersPerRun', unknown>>): Checked {
  const sources = [input.users, input.csv, input.csvFile].filter((source) => source !== undefined).length;
  if (sources !== 1) return { ok: false, problems: ['users: give one of users, csv or csvFile'] };
  const problem = typeof input.csv === 'string' ? csvProblem(input.csv) : undefined;
  if (problem) return { ok: false, problems: [`csv: ${problem}`] };
  const rows = (typeof input.csv === 'string' ? csvRows(input.csv) : Array.isArray(input.users) ? input.users : []) as Array<Record<string, unknown>>;
  const problems: string[] = [];
  const seen = new Set<string>();
  const users = rows.map((row, index): OnboardUserInput => {
    const text = (field: string) => (typeof row[field] === 'string' ? (row[field] as string).trim() : '');
    const email = typeof row.email === 'string' ? row.email : '';
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) problems.push(`row ${index + 1}: email: email must be a valid email address`);
    for (const field of ['firstName', 'lastName']) if (!text(field)) problems.push(`row ${index + 1}: ${field}: ${field} must not be empty`);
    if (seen.has(email.toLowerCase())) problems.push(`row ${index + 1}: email: ${email} is repeated`);
    seen.add(email.toLowerCase());
    const list = (field: string) => (Array.isArray(row[field]) ? (row[field] as string[]).map((name) => name.trim()) : []);
    return {
      email,
      firstName: text('firstName'),
      lastName: text('lastName'),
      roles: list('roles'),
      groups: list('groups'),
      sendSetupEmail: row.sendSetupEmail === true,
      forceSetupEmail: row.forceSetupEmail === true,
      userAttributes: (row.userAttributes ?? {}) as Record<string, string>,
    };
  });
  if (rows.length === 0) problems.push('users: users must list at least one user');
  if (problems.length) return { ok: false, problems };
  const number = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
  return { ok: true, data: { users, concurrency: number(input.concurrency, 10), usersPerRun: number(input.usersPerRun, 500) } };
}
