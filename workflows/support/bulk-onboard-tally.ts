// bulkOnboard's result: counts and a few emails of each kind, while every user goes to a CSV in
// the file store, a part per run, so neither the result nor what a run carries to the next
// grows with the number of users.
import { RESULT_LIST_SAMPLE } from '../../contracts/bounded-results';
import { BULK_ONBOARD_FAILED_SAMPLE, type BulkOnboardResult } from '../../contracts/bulk-onboard';
import { jobFilePath, writeJobText } from './files';

export type RowOutcome = { row: number; email: string } & ({ created: boolean } | { reason: string });

/** Where the report stands: its path and length, so the next run appends after it. */
export interface ReportFile {
  path: string;
  bytes: number;
}

type Counted = BulkOnboardResult & Required<Pick<BulkOnboardResult, 'counts' | 'reportPath'>>;

export const doneCount = (result: Counted): number => result.counts.created + result.counts.alreadyPresent + result.counts.failed;

/**
 * The tally to go on from. A chain begun before results were counted carries full lists: they
 * are counted, cut to samples, and written as the first lines of the report (without row numbers).
 */
export async function tallyFrom(carried: BulkOnboardResult | undefined, report: ReportFile | undefined, total: number): Promise<{ result: Counted; report: ReportFile }> {
  if (carried?.counts && carried.reportPath && report) return { result: carried as Counted, report };
  const path = jobFilePath('bulkOnboard', 'users.csv');
  // Counts and the report first: what a person reads first in the JSON a CLI or MCP client shows.
  const result: Counted = { total: carried?.total ?? total, counts: { created: 0, alreadyPresent: 0, failed: 0 }, reportPath: path, created: [], alreadyPresent: [], failed: [] };
  const earlier: Array<Omit<RowOutcome, 'row'>> = [
    ...(carried?.created ?? []).map((email) => ({ email, created: true })),
    ...(carried?.alreadyPresent ?? []).map((email) => ({ email, created: false })),
    ...(carried?.failed ?? []),
  ];
  const bytes = await writeJobText(path, 0, csvLine(['row', 'email', 'outcome', 'reason']) + earlier.map((o) => outcomeLine({ row: 0, ...o } as RowOutcome)).join(''));
  addToTally(result, earlier.map((o) => ({ row: 0, ...o }) as RowOutcome));
  return { result, report: { path, bytes } };
}

/** Counts this run's outcomes, keeps samples, and appends them to the report. */
export async function recordOutcomes(result: Counted, report: ReportFile, outcomes: RowOutcome[]): Promise<ReportFile> {
  addToTally(result, outcomes);
  if (outcomes.length === 0) return report;
  return { path: report.path, bytes: await writeJobText(report.path, report.bytes, outcomes.map(outcomeLine).join('')) };
}

function addToTally(result: Counted, outcomes: RowOutcome[]): void {
  for (const outcome of outcomes) {
    if ('reason' in outcome) {
      result.counts.failed++;
      if (result.failed.length < BULK_ONBOARD_FAILED_SAMPLE) result.failed.push({ email: outcome.email, reason: outcome.reason });
    } else {
      const kind = outcome.created ? 'created' : 'alreadyPresent';
      result.counts[kind]++;
      if (result[kind].length < RESULT_LIST_SAMPLE) result[kind].push(outcome.email);
    }
  }
}

function outcomeLine(outcome: RowOutcome): string {
  const kind = 'reason' in outcome ? 'failed' : outcome.created ? 'created' : 'alreadyPresent';
  return csvLine([outcome.row ? String(outcome.row) : '', outcome.email, kind, 'reason' in outcome ? outcome.reason : '']);
}

/** One CSV line; a cell with a comma, quote or line break is quoted. */
function csvLine(cells: string[]): string {
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',') + '\n';
}
