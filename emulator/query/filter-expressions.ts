/**
 * Looker filter expressions (cloud.google.com/looker/docs/filter-expressions):
 * strings: `FOO`, `FOO,BAR`, `%OO%`, `F_O`, `-FOO` (exclude), `EMPTY`, `-EMPTY`,
 *   `NULL`, `-NULL`, `^` escapes (`^%`, `^_`, `^-`, `^,`, `^^`) and `\,`;
 * numbers: `5`, `NOT 5`, `<>5`, `!=5`, `1, 3, 5`, `>5`, `>=5`, `<5`, `<=5`,
 *   `>5 AND <10`, `5 to 10`, intervals `[0,100]`, `(0,100)`, `[0,)`, `NULL`, `NOT NULL`;
 * dates: see date-filters.ts.
 * Alternatives are ORed; excluded values (`-x`, `NOT x`) are ANDed.
 */
import type { DimensionType } from '../data/catalogue';
import { compileDate } from './date-filters';

export type Predicate = (value: unknown) => boolean;

export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

export function compileFilter(expression: string, type: DimensionType | 'measure', now: Date): Predicate {
  if (type === 'number' || type === 'measure') return compileNumber(expression);
  if (type === 'date' || type === 'date_time') return compileDate(expression, now);
  return compileString(expression, type === 'yesno');
}

/** Splits on commas that are not escaped (`^,` or `\,`) and not inside brackets. */
export function splitClauses(expression: string): string[] {
  const clauses: string[] = [];
  let current = '';
  let depth = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if ((c === '^' || c === '\\') && i + 1 < expression.length) {
      current += c + expression[++i];
      continue;
    }
    if (c === '[' || c === '(') depth++;
    if (c === ']' || c === ')') depth = Math.max(0, depth - 1);
    if (c === ',' && depth === 0) {
      clauses.push(current);
      current = '';
    } else current += c;
  }
  clauses.push(current);
  return clauses.map((c) => c.trim()).filter((c) => c.length);
}

/** Alternatives ORed, exclusions ANDed. */
export function combine(positives: Predicate[], negatives: Predicate[]): Predicate {
  return (value) => (positives.length === 0 || positives.some((p) => p(value))) && negatives.every((p) => !p(value));
}

function compileString(expression: string, yesno: boolean): Predicate {
  const positives: Predicate[] = [];
  const negatives: Predicate[] = [];
  for (const clause of splitClauses(expression)) {
    const negated = clause.startsWith('-');
    const body = negated ? clause.slice(1) : clause;
    (negated ? negatives : positives).push(stringClause(body, yesno));
  }
  return combine(positives, negatives);
}

function stringClause(clause: string, yesno: boolean): Predicate {
  if (clause === 'NULL') return (v) => v === null || v === undefined;
  if (clause === 'EMPTY') return isEmpty;
  if (yesno) return (v) => String(v).toLowerCase() === clause.toLowerCase();
  // Unescape, turning unescaped % and _ into wildcards.
  let pattern = '';
  for (let i = 0; i < clause.length; i++) {
    const c = clause[i];
    if ((c === '^' || c === '\\') && i + 1 < clause.length) pattern += escapeRegex(clause[++i]);
    else if (c === '%') pattern += '.*';
    else if (c === '_') pattern += '.';
    else pattern += escapeRegex(c);
  }
  const regex = new RegExp(`^${pattern}$`, 'is');
  return (v) => !isEmpty(v) && regex.test(String(v));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const NUMBER = '-?(?:\\d+\\.?\\d*|\\.\\d+)';

function compileNumber(expression: string): Predicate {
  const positives: Predicate[] = [];
  const negatives: Predicate[] = [];
  for (const clause of splitClauses(expression)) {
    const not = /^(?:NOT\s+|<>\s*|!=\s*)(.+)$/i.exec(clause);
    if (not) negatives.push(numberClause(not[1].trim(), clause));
    else positives.push(numberClause(clause, clause));
  }
  return combine(positives, negatives);
}

function numberClause(clause: string, original: string): Predicate {
  const num = (v: unknown) => (isEmpty(v) ? NaN : Number(v));
  if (/^NULL$/i.test(clause)) return (v) => v === null || v === undefined;
  const and = clause.split(/\s+AND\s+/i);
  if (and.length > 1) {
    const parts = and.map((p) => numberClause(p.trim(), original));
    return (v) => parts.every((p) => p(v));
  }
  const or = clause.split(/\s+OR\s+/i);
  if (or.length > 1) {
    const parts = or.map((p) => numberClause(p.trim(), original));
    return (v) => parts.some((p) => p(v));
  }
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`^(${NUMBER})\\s+to\\s+(${NUMBER})$`, 'i').exec(clause))) {
    const [from, to] = [Number(m[1]), Number(m[2])];
    return (v) => num(v) >= from && num(v) <= to;
  }
  if ((m = new RegExp(`^([\\[(])\\s*(${NUMBER})?\\s*,\\s*(${NUMBER})?\\s*([\\])])$`).exec(clause))) {
    const [, open, low, high, close] = m;
    const lo = low === undefined ? -Infinity : Number(low);
    const hi = high === undefined ? Infinity : Number(high);
    return (v) => {
      const n = num(v);
      return (open === '[' ? n >= lo : n > lo) && (close === ']' ? n <= hi : n < hi);
    };
  }
  if ((m = new RegExp(`^(>=|<=|>|<|=)?\\s*(${NUMBER})$`).exec(clause))) {
    const n = Number(m[2]);
    switch (m[1]) {
      case '>': return (v) => num(v) > n;
      case '<': return (v) => num(v) < n;
      case '>=': return (v) => num(v) >= n;
      case '<=': return (v) => num(v) <= n;
      default: return (v) => num(v) === n;
    }
  }
  throw new Error(`Invalid number filter expression "${original}"`);
}
