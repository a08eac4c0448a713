// bulkOnboard: many onboardUser jobs at once, from a list or a CSV export of an HR system.
// Every row is checked before anything starts, and all bad rows are reported together.
import { z } from 'zod';
import { csvProblem, csvRows } from '../common/bulk-onboard-csv';
import { bulkOnboardContract } from '../contracts/bulk-onboard';
import { describeInputIssues } from './job-errors';
import { defineJob } from './job-type';
import { OnboardUserInput, userNames } from './onboard-user';

export const BulkOnboardInput = z
  .object({
    users: z.array(OnboardUserInput).min(1, 'users must list at least one user').optional(),
    /** Header `email,firstName,lastName,roles,groups`; e.g. `jdoe@company.com,Jane,Doe,Viewer,Finance;Marketing`. */
    csv: z.string().min(1, 'csv must not be empty').optional(),
    /** The same CSV as a file in the file store (uploads/…), for lists over the 64 KB input limit. */
    csvFile: z.string().min(1).optional().describe('file store path of the CSV (upload_file)'),
    /** How many users are onboarded at the same time. */
    concurrency: z.number().int().min(1).max(50).default(10).meta({ tuning: true }),
    /** Users per workflow run before it continues as new, which keeps each run's history small. */
    usersPerRun: z.number().int().min(1).max(1000).default(500).meta({ tuning: true }),
  })
  .strict()
  .superRefine((input, ctx) => {
    const sources = [input.users, input.csv, input.csvFile].filter((source) => source !== undefined).length;
    if (sources !== 1) {
      ctx.addIssue({ code: 'custom', message: 'give one of users, csv or csvFile', path: ['users'] });
      return;
    }
    // The file's rows are checked once it is read (by the job service before starting, and by the workflow).
    if (input.csvFile !== undefined) return;
    if (input.csv !== undefined) {
      const problem = csvProblem(input.csv);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem, path: ['csv'] });
        return;
      }
    }
    const rows = input.csv !== undefined ? csvRows(input.csv) : input.users!;
    for (const problem of rowProblems(rows, input.csv !== undefined)) ctx.addIssue({ code: 'custom', ...problem });
  });
export type BulkOnboardInput = z.infer<typeof BulkOnboardInput>;

/** The users of a valid BulkOnboardInput, in row order. */
export function bulkOnboardUsers(input: BulkOnboardInput): OnboardUserInput[] {
  if (input.users) return input.users;
  return csvRows(input.csv ?? '').map((row) => OnboardUserInput.parse(row));
}

/** The inputs whose issues are reported by row (see describeInputIssues). */
export const BULK_ONBOARD_ROW_LISTS = ['users', 'csv'];

/** Row-level problems (path [source, row index, field]): invalid fields and repeated emails. */
function rowProblems(rows: unknown[], fromCsv: boolean): Array<{ message: string; path: (string | number)[] }> {
  const source = fromCsv ? 'csv' : 'users';
  const problems: Array<{ message: string; path: (string | number)[] }> = [];
  const firstRowOfEmail = new Map<string, number>();
  rows.forEach((row, index) => {
    const parsed = OnboardUserInput.safeParse(row);
    // `users` rows were already checked by the array schema; only CSV rows need it here.
    if (fromCsv && !parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ message: issue.message, path: [source, index, ...issue.path.map(String)] });
    }
    if (!parsed.success) return;
    const email = parsed.data.email.toLowerCase();
    const first = firstRowOfEmail.get(email);
    if (first === undefined) firstRowOfEmail.set(email, index);
    else problems.push({ message: `${parsed.data.email} is already on row ${first + 1}`, path: [source, index, 'email'] });
  });
  return problems;
}

export const bulkOnboardJob = defineJob({
  contract: bulkOnboardContract,
  purpose: 'Onboard many users from a list or CSV (email,firstName,lastName,roles,groups).',
  writes: true,
  tags: ['users'],
  input: BulkOnboardInput,
  inputFiles: { csvFile: 'csv' },
  inputRowLists: BULK_ONBOARD_ROW_LISTS,
  names: (input) => bulkOnboardUsers(input).flatMap((user, i) => userNames(user, `row ${i + 1}: `)),
  summary: (input) => `Onboard ${input.users ? input.users.length : csvRows(input.csv ?? '').length} users`,
  target: (input) => (input.users ? `${input.users.length} users` : 'csv'),
});

/**
 * The check of an input that may not have come through the job service (bulkOnboard's row
 * activity checks again what the workflow was given): the parsed input, or every problem named,
 * by row where a row is at fault.
 */
export function checkBulkOnboardInput(input: unknown): { ok: true; data: z.output<typeof BulkOnboardInput> } | { ok: false; problems: string[] } {
  const parsed = BulkOnboardInput.safeParse(input);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, problems: describeInputIssues(parsed.error, BULK_ONBOARD_ROW_LISTS) };
}
