/** Renders a query result in Looker's text result formats. */
import { fieldLabel, type FieldDef } from '../data/catalogue';
import { ApiError } from '../core/errors';
import type { QueryResult } from './engine';

export const SUPPORTED_FORMATS = ['json', 'inline_json', 'json_detail', 'json_fe', 'csv', 'txt', 'md', 'html', 'sql'] as const;
export type ResultFormat = (typeof SUPPORTED_FORMATS)[number];

export interface FormattedResult {
  contentType: string;
  /** JSON formats are kept as values so multi_results can embed them. */
  value: unknown;
}

export function assertSupportedFormat(format: string): asserts format is ResultFormat {
  if (!(SUPPORTED_FORMATS as readonly string[]).includes(format)) {
    throw new ApiError(400, `Unsupported result_format "${format}". The emulator supports ${SUPPORTED_FORMATS.join(', ')}`);
  }
}

function fieldMetadata(field: FieldDef) {
  return {
    name: field.name,
    label: fieldLabel(field),
    label_short: field.label_short,
    type: field.type,
    category: field.category,
    view: field.name.split('.')[0],
    is_numeric: field.category === 'measure' || field.type === 'number',
  };
}

function cell(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

export function formatResult(result: QueryResult, format: ResultFormat, ranAt: Date): FormattedResult {
  const { fields, rows } = result;
  const labels = fields.map(fieldLabel);
  switch (format) {
    case 'json':
    case 'inline_json':
      return { contentType: 'application/json', value: rows };
    case 'json_detail':
    case 'json_fe':
      return {
        contentType: 'application/json',
        value: {
          fields: {
            dimensions: fields.filter((f) => f.category === 'dimension').map(fieldMetadata),
            measures: fields.filter((f) => f.category === 'measure').map(fieldMetadata),
            filters: [],
            pivots: [],
            table_calculations: [],
          },
          data: rows.map((r) => Object.fromEntries(fields.map((f) => [f.name, { value: r[f.name] ?? null }]))),
          sql: result.sql,
          ran_at: ranAt.toISOString(),
          has_totals: result.totals !== null,
          ...(result.totals ? { totals_data: Object.fromEntries(Object.entries(result.totals).map(([k, v]) => [k, { value: v }])) } : {}),
          has_row_totals: false,
          null_sort_treatment: 'low',
          pivots: [],
        },
      };
    case 'csv': {
      const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
      const lines = [labels.map(quote).join(','), ...rows.map((r) => fields.map((f) => quote(cell(r[f.name]))).join(','))];
      return { contentType: 'text/csv; charset=utf-8', value: lines.join('\n') + '\n' };
    }
    case 'txt': {
      const lines = [labels.join('\t'), ...rows.map((r) => fields.map((f) => cell(r[f.name])).join('\t'))];
      return { contentType: 'text/plain; charset=utf-8', value: lines.join('\n') + '\n' };
    }
    case 'md': {
      const escape = (text: string) => text.replace(/\|/g, '\\|');
      const lines = [
        `| ${labels.map(escape).join(' | ')} |`,
        `|${fields.map((f) => (f.category === 'measure' ? ' ---: ' : ' :--- ')).join('|')}|`,
        ...rows.map((r) => `| ${fields.map((f) => escape(cell(r[f.name]))).join(' | ')} |`),
      ];
      return { contentType: 'text/markdown; charset=utf-8', value: lines.join('\n') + '\n' };
    }
    case 'html': {
      const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const head = `<tr>${labels.map((l) => `<th>${esc(l)}</th>`).join('')}</tr>`;
      const body = rows.map((r) => `<tr>${fields.map((f) => `<td>${esc(cell(r[f.name]))}</td>`).join('')}</tr>`).join('\n');
      return { contentType: 'text/html; charset=utf-8', value: `<table>\n${head}\n${body}\n</table>\n` };
    }
    case 'sql':
      return { contentType: 'application/sql', value: result.sql };
  }
}
