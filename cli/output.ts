// How commands print: a readable table or summary by default, the JSON answer with --json.
import type { JobReport } from '../jobs/job-service';

export type Out = { log(text: string): void; error(text: string): void };

/** Columns padded to their widest cell; undefined cells print as `-`. */
export function table(rows: object[], columns: string[]): string {
  const cell = (row: object, c: string) => (row as Record<string, unknown>)[c];
  const cells = rows.map((row) => columns.map((c) => (cell(row, c) === undefined || cell(row, c) === '' ? '-' : String(cell(row, c)))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n');
}

/** A job report for people: one line of who/what/status, then what matters for its status. */
export function reportText(report: JobReport): string {
  const lines = [`${report.jobId}  ${report.status}  ${report.type}${report.target ? `  ${report.target}` : ''}`];
  if (report.progress) lines.push(`progress: ${report.progress.step}${report.progress.total ? ` (${report.progress.done}/${report.progress.total})` : ''}`);
  for (const p of report.pendingActivities) lines.push(`pending: ${p.activity} attempt ${p.attempt}${p.retry ? `, ${p.retry}` : ''}${p.lastFailure ? `: ${p.lastFailure}` : ''}`);
  if (report.approval) lines.push(`approval: ${JSON.stringify(report.approval)}`);
  if (report.failure) lines.push(`failure: ${report.failure.message}`);
  if (report.result !== undefined) lines.push(`result: ${JSON.stringify(report.result, null, 2)}`);
  lines.push(`ui: ${report.uiUrl}`);
  return lines.join('\n');
}
