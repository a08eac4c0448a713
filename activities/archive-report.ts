// The stale-content report: a Markdown table for people and a CSV for spreadsheets.
import { markdownCell } from '../common/markdown';
import type { ContentItem } from './archive-records';

const COLUMNS: Array<[string, (item: ContentItem) => string]> = [
  ['Type', (i) => i.type],
  ['Id', (i) => i.id],
  ['Title', (i) => i.title],
  ['Owner', (i) => i.ownerName ?? i.ownerId ?? ''],
  ['Folder', (i) => i.folderName ?? i.folderId],
  ['Last viewed', (i) => (i.lastViewedAt ? i.lastViewedAt.slice(0, 10) : 'never')],
];

export function markdownTable(items: ContentItem[]): string {
  const header = `| ${COLUMNS.map(([name]) => name).join(' | ')} |`;
  const rule = `| ${COLUMNS.map(() => '---').join(' | ')} |`;
  const rows = items.map((item) => `| ${COLUMNS.map(([, value]) => markdownCell(value(item))).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

export function csvTable(items: ContentItem[]): string {
  const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = [COLUMNS.map(([name]) => name), ...items.map((item) => COLUMNS.map(([, value]) => value(item)))];
  return lines.map((line) => line.map(cell).join(',')).join('\n') + '\n';
}

/** Rows shown in the job's result; the saved files always hold every row. */
export const PREVIEW_ROWS = 25;

export function renderArchiveReport(title: string, items: ContentItem[]): { markdown: string; csv: string; preview: string } {
  const dashboards = items.filter((i) => i.type === 'dashboard').length;
  const summary = `${items.length} stale item(s): ${dashboards} dashboard(s), ${items.length - dashboards} look(s).`;
  const markdown = `# ${title}\n\n${summary}\n\n${markdownTable(items)}\n`;
  const more = items.length - PREVIEW_ROWS;
  const preview = more > 0 ? `# ${title}\n\n${summary}\n\n${markdownTable(items.slice(0, PREVIEW_ROWS))}\n\n…and ${more} more in the report file.\n` : markdown;
  return { markdown, csv: csvTable(items), preview };
}
