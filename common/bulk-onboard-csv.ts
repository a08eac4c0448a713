// bulkOnboard's CSV format, without validation code: the edge (jobs/bulk-onboard.ts) checks
// the rows it yields with the input schema; runs started before that check left the workflow
// read them too, which is why this stays free of zod.
import Papa from 'papaparse';

/** The CSV header bulkOnboard expects; roles and groups are `;`-separated names. */
export const BULK_ONBOARD_CSV_COLUMNS = ['email', 'firstName', 'lastName', 'roles', 'groups'] as const;

/** What makes `csv` unusable as a whole (malformed, wrong header, no rows), or undefined. */
export function csvProblem(csv: string): string | undefined {
  let records: string[][];
  try {
    records = csvRecords(csv);
  } catch (error) {
    return `csv is not valid CSV: ${(error as Error).message}`;
  }
  const missing = BULK_ONBOARD_CSV_COLUMNS.filter((column) => !(records[0] ?? []).includes(column));
  if (missing.length > 0) return `csv header lacks ${missing.join(', ')}; expected ${BULK_ONBOARD_CSV_COLUMNS.join(',')}`;
  if (records.length < 2) return 'csv has no rows below its header';
  return undefined;
}

/** CSV text → row objects (header first; quoted fields may hold commas, quotes and line breaks; roles/groups split on `;`). */
export function csvRows(csv: string): Array<Record<string, unknown>> {
  const [header = [], ...records] = csvRecords(csv);
  return records.map((cells) => {
    const row: Record<string, unknown> = Object.fromEntries(header.map((column, i) => [column, cells[i] ?? '']));
    for (const list of ['roles', 'groups']) {
      row[list] = String(row[list] ?? '').split(';').map((s) => s.trim()).filter(Boolean);
    }
    return row;
  });
}

/**
 * Records of trimmed cells; blank lines are skipped and a short row is filled in by csvRows.
 * papaparse rather than a Node-only parser: older workflow runs parse their CSV in the workflow
 * sandbox, which has no Buffer.
 */
function csvRecords(csv: string): string[][] {
  const { data, errors } = Papa.parse<string[]>(csv, { delimiter: ',', skipEmptyLines: 'greedy', transform: (cell) => cell.trim() });
  const [error] = errors;
  if (error) {
    const line = error.index === undefined ? '' : ` at line ${csv.slice(0, error.index).split('\n').length}`;
    throw new Error(`${error.message}${line}`);
  }
  return data;
}
