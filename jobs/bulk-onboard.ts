// bulkOnboard: many onboardUser jobs at once, from a list or a CSV export of an HR system.
// Every row is checked before anything starts, and all bad rows are reported together.
import { z } from 'zod';
import { defineJob } from './job-type';
import { OnboardUserInput } from './onboard-user';

/** The CSV header bulkOnboard expects; roles and groups are `;`-separated names. */
export const BULK_ONBOARD_CSV_COLUMNS = ['email', 'firstName', 'lastName', 'roles', 'groups'] as const;

export const BulkOnboardInput = z
  .object({
    users: z.array(OnboardUserInput).min(1, 'users must list at least one user').optional(),
    /** Header `email,firstName,lastName,roles,groups`; e.g. `jdoe@company.com,Jane,Doe,Viewer,Finance;Marketing`. */
    csv: z.string().min(1, 'csv must not be empty').optional(),
    /** How many users are onboarded at the same time. */
    concurrency: z.number().int().min(1).max(50).default(10),
    /** Users per workflow run before it continues as new, which keeps each run's history small. */
    usersPerRun: z.number().int().min(1).max(1000).default(500),
  })
  .strict()
  .superRefine((input, ctx) => {
    if ((input.users === undefined) === (input.csv === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either users or csv (exactly one)', path: ['users'] });
      return;
    }
    if (input.csv !== undefined && missingCsvColumns(input.csv).length > 0) {
      const missing = missingCsvColumns(input.csv).join(', ');
      ctx.addIssue({ code: 'custom', message: `csv header lacks ${missing}; expected ${BULK_ONBOARD_CSV_COLUMNS.join(',')}`, path: ['csv'] });
      return;
    }
    const rows = input.csv !== undefined ? csvRows(input.csv) : input.users!;
    if (input.csv !== undefined && rows.length === 0) ctx.addIssue({ code: 'custom', message: 'csv has no rows below its header', path: ['csv'] });
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

function missingCsvColumns(csv: string): string[] {
  const header = csvCells(csv.trimStart().split(/\r?\n/, 1)[0] ?? '');
  return BULK_ONBOARD_CSV_COLUMNS.filter((column) => !header.includes(column));
}

/** CSV text → row objects (header first; quoted fields may hold commas; roles/groups split on `;`). */
function csvRows(csv: string): Array<Record<string, unknown>> {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = csvCells(lines.shift() ?? '');
  return lines.map((line) => {
    const cells = csvCells(line);
    const row: Record<string, unknown> = Object.fromEntries(header.map((column, i) => [column, cells[i] ?? '']));
    for (const list of ['roles', 'groups']) {
      row[list] = String(row[list] ?? '').split(';').map((s) => s.trim()).filter(Boolean);
    }
    return row;
  });
}

function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted && char === '"' && line[i + 1] === '"') cell += line[++i];
    else if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      cells.push(cell.trim());
      cell = '';
    } else cell += char;
  }
  cells.push(cell.trim());
  return cells;
}

export const bulkOnboardJob = defineJob({
  type: 'bulkOnboard',
  purpose: 'Onboard many users at once from a list or a CSV (email,firstName,lastName,roles,groups); reports created, already present and failed users.',
  writes: true,
  tags: ['users'],
  input: BulkOnboardInput,
  summary: (input) => `Onboard ${input.users ? input.users.length : csvRows(input.csv ?? '').length} users`,
  target: (input) => (input.users ? `${input.users.length} users` : 'csv'),
});
