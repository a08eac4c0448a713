// A row condition ("total_revenue > 100000") applied to query rows in the workflow, and the
// Looker filter expression that reproduces it on a saved query, when one can.
// Pure and deterministic.
import type { RowCondition } from '../../contracts/query-to-dashboard';

export function rowMatches(row: Record<string, unknown>, { field, op, value }: RowCondition): boolean {
  const cell = row[field];
  const numeric = typeof value === 'number' || (value !== '' && !Number.isNaN(Number(value)));
  const left = numeric ? Number(cell) : String(cell ?? '');
  const right = numeric ? Number(value) : String(value);
  if (numeric && Number.isNaN(left as number)) return false;
  switch (op) {
    case '>': return left > right;
    case '>=': return left >= right;
    case '<': return left < right;
    case '<=': return left <= right;
    case '=': return left === right;
    case '!=': return left !== right;
  }
}

/**
 * The Looker filter expression for the condition, or undefined when Looker's syntax cannot say
 * it safely (text with filter-special characters, or text compared with < >).
 */
export function lookerFilterFor({ op, value }: RowCondition): string | undefined {
  if (typeof value === 'number' || (value !== '' && !Number.isNaN(Number(value)))) {
    const n = String(Number(value));
    return { '>': `>${n}`, '>=': `>=${n}`, '<': `<${n}`, '<=': `<=${n}`, '=': n, '!=': `NOT ${n}` }[op];
  }
  if (/[,%_^"\\]/.test(value) || value.startsWith('-') || value.trim() !== value) return undefined;
  if (op === '=') return value;
  if (op === '!=') return `-${value}`;
  return undefined;
}
