/**
 * A subset of Looker filter expressions, enough for realistic automation:
 * numbers: `5`, `5,7`, `>5`, `<5`, `>=5`, `<=5`, `5 to 10`, `NOT 5`, `NULL`, `NOT NULL`;
 * strings: `foo`, `foo,bar`, `%oo%`, `-foo` (exclude), `NULL`, `-NULL`, `EMPTY`;
 * dates: `YYYY-MM-DD`, `before/after YYYY-MM-DD`, `D1 to D2`, `N days` / `last N days`,
 * `N days ago`, `before N days ago`, `NULL`.
 */
import { DAY_MS } from '../core/clock';
import type { DimensionType } from '../data/catalogue';

export type Predicate = (value: unknown) => boolean;

export function compileFilter(expression: string, type: DimensionType | 'measure', now: Date): Predicate {
  const clauses = expression.split(',').map((c) => c.trim()).filter((c) => c.length);
  const positives: Predicate[] = [];
  const negatives: Predicate[] = [];
  for (const clause of clauses) {
    // `-foo` excludes for strings only; for numbers `-5` is just negative.
    const dashNegated = (type === 'string' || type === 'yesno') && clause.startsWith('-');
    const negated = dashNegated || /^NOT\s+/i.test(clause);
    const body = dashNegated ? clause.slice(1).trim() : negated ? clause.replace(/^NOT\s+/i, '').trim() : clause;
    const predicate = compileClause(body, type, now);
    (negated ? negatives : positives).push(predicate);
  }
  return (value) => (positives.length === 0 || positives.some((p) => p(value))) && negatives.every((p) => !p(value));
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

function compileClause(clause: string, type: DimensionType | 'measure', now: Date): Predicate {
  const upper = clause.toUpperCase();
  if (upper === 'NULL') return isEmpty;
  if (upper === 'EMPTY') return isEmpty;
  if (type === 'number' || type === 'measure') return compileNumber(clause);
  if (type === 'date' || type === 'date_time') return compileDate(clause, now);
  if (type === 'yesno') return (v) => String(v).toLowerCase() === clause.toLowerCase();
  return compileString(clause);
}

function compileNumber(clause: string): Predicate {
  const num = (v: unknown) => (isEmpty(v) ? NaN : Number(v));
  const range = /^(-?[\d.]+)\s+to\s+(-?[\d.]+)$/i.exec(clause);
  if (range) return (v) => num(v) >= Number(range[1]) && num(v) <= Number(range[2]);
  const cmp = /^(>=|<=|>|<|=)?\s*(-?[\d.]+)$/.exec(clause);
  if (!cmp) throw new Error(`Invalid number filter expression "${clause}"`);
  const n = Number(cmp[2]);
  switch (cmp[1]) {
    case '>': return (v) => num(v) > n;
    case '<': return (v) => num(v) < n;
    case '>=': return (v) => num(v) >= n;
    case '<=': return (v) => num(v) <= n;
    default: return (v) => num(v) === n;
  }
}

function compileString(clause: string): Predicate {
  const wanted = clause.replace(/\^,/g, ',').toLowerCase();
  if (!wanted.includes('%') && !wanted.includes('_')) return (v) => !isEmpty(v) && String(v).toLowerCase() === wanted;
  const pattern = wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  const regex = new RegExp(`^${pattern}$`, 's');
  return (v) => !isEmpty(v) && regex.test(String(v).toLowerCase());
}

function compileDate(clause: string, now: Date): Predicate {
  const day = (v: unknown) => (isEmpty(v) ? NaN : Date.parse(String(v).slice(0, 10)));
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const parseDay = (text: string) => {
    const t = Date.parse(text.trim().slice(0, 10).replace(/\//g, '-'));
    if (Number.isNaN(t)) throw new Error(`Invalid date filter expression "${clause}"`);
    return t;
  };
  let m: RegExpExecArray | null;
  if ((m = /^(?:last\s+)?(\d+)\s+days?$/i.exec(clause))) {
    const from = today - (Number(m[1]) - 1) * DAY_MS;
    return (v) => day(v) >= from && day(v) <= today;
  }
  if ((m = /^before\s+(\d+)\s+days?\s+ago$/i.exec(clause))) {
    const limit = today - Number(m[1]) * DAY_MS;
    return (v) => day(v) < limit;
  }
  if ((m = /^(\d+)\s+days?\s+ago$/i.exec(clause))) {
    const target = today - Number(m[1]) * DAY_MS;
    return (v) => day(v) === target;
  }
  if ((m = /^before\s+(.+)$/i.exec(clause))) {
    const limit = parseDay(m[1]);
    return (v) => day(v) < limit;
  }
  if ((m = /^after\s+(.+)$/i.exec(clause))) {
    const limit = parseDay(m[1]);
    return (v) => day(v) >= limit;
  }
  if ((m = /^(.+?)\s+to\s+(.+)$/i.exec(clause))) {
    const from = parseDay(m[1]);
    const to = parseDay(m[2]);
    return (v) => day(v) >= from && day(v) < to;
  }
  const exact = parseDay(clause);
  return (v) => day(v) === exact;
}
