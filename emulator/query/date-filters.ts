/**
 * Looker date filter expressions, evaluated in UTC (weeks start on Monday):
 *   `today`, `yesterday`, `this week|month|quarter|year`, `last quarter`, `next month`,
 *   `30 days` / `last 30 days` (the current day and the 29 before), `3 days ago`,
 *   `3 months ago for 2 months`, `2026`, `2026-07`, `2026-07-01`, `2026/07/01 10:30`,
 *   `2026-07-01 to 2026-10-01` (end excluded), `2026-07-01 for 3 months`,
 *   `before 2026-07-01`, `after 2026-07-01` (on or after), `before 3 days ago`,
 *   `NULL`, `-NULL`, `NOT NULL`; alternatives separated by commas are ORed.
 */
import type { Predicate } from './filter-expressions';
import { combine, isEmpty, splitClauses } from './filter-expressions';

type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';
interface Period {
  start: number;
  end: number;
}

const UNITS = 'seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?';

function unitOf(text: string): Unit {
  return text.toLowerCase().replace(/s$/, '') as Unit;
}

/** Start of the unit containing t (UTC). */
function floor(t: number, unit: Unit): number {
  const d = new Date(t);
  const [y, mo, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
  switch (unit) {
    case 'second': return Math.floor(t / 1000) * 1000;
    case 'minute': return Math.floor(t / 60_000) * 60_000;
    case 'hour': return Math.floor(t / 3_600_000) * 3_600_000;
    case 'day': return Date.UTC(y, mo, day);
    case 'week': return Date.UTC(y, mo, day - ((d.getUTCDay() + 6) % 7));
    case 'month': return Date.UTC(y, mo, 1);
    case 'quarter': return Date.UTC(y, mo - (mo % 3), 1);
    case 'year': return Date.UTC(y, 0, 1);
  }
}

/** t moved by n units (calendar arithmetic for months, quarters and years). */
function add(t: number, unit: Unit, n: number): number {
  const fixed: Partial<Record<Unit, number>> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };
  if (fixed[unit]) return t + n * fixed[unit]!;
  const d = new Date(t);
  const months = unit === 'month' ? n : unit === 'quarter' ? 3 * n : 12 * n;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

/** A date literal as the period it names: `2026` is a year, `2026-07` a month, `2026-07-01` a day. */
function literal(text: string): Period | null {
  const m = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?)?)?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? undefined : Number(v)));
  const start = Date.UTC(y!, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
  const unit: Unit = s !== undefined ? 'second' : mi !== undefined ? 'minute' : d !== undefined ? 'day' : mo !== undefined ? 'month' : 'year';
  return { start, end: add(start, unit, 1) };
}

/** A point-in-time phrase (literal or relative) as a period. */
function period(text: string, now: number): Period | null {
  const t = text.trim().toLowerCase();
  let m: RegExpExecArray | null;
  if (t === 'now') return { start: now, end: now + 1 };
  if (t === 'today') return { start: floor(now, 'day'), end: add(floor(now, 'day'), 'day', 1) };
  if (t === 'yesterday') return { start: add(floor(now, 'day'), 'day', -1), end: floor(now, 'day') };
  if (t === 'tomorrow') return { start: add(floor(now, 'day'), 'day', 1), end: add(floor(now, 'day'), 'day', 2) };
  if ((m = new RegExp(`^(this|last|next)\\s+(${UNITS})$`).exec(t))) {
    const unit = unitOf(m[2]);
    const start = add(floor(now, unit), unit, m[1] === 'this' ? 0 : m[1] === 'last' ? -1 : 1);
    return { start, end: add(start, unit, 1) };
  }
  if ((m = new RegExp(`^(\\d+)\\s+(${UNITS})\\s+ago$`).exec(t))) {
    const unit = unitOf(m[2]);
    const start = add(floor(now, unit), unit, -Number(m[1]));
    return { start, end: add(start, unit, 1) };
  }
  if ((m = new RegExp(`^(\\d+)\\s+(${UNITS})\\s+from\\s+now$`).exec(t))) {
    const unit = unitOf(m[2]);
    const start = add(floor(now, unit), unit, Number(m[1]));
    return { start, end: add(start, unit, 1) };
  }
  return literal(t);
}

/** A whole clause as a period (ranges included), or null when it does not parse. */
function clausePeriod(clause: string, now: number): Period | null {
  const t = clause.trim().toLowerCase().replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`^(?:last )?(\\d+) (${UNITS})$`).exec(t))) {
    // "30 days": the current day and the 29 before it.
    const unit = unitOf(m[2]);
    const end = add(floor(now, unit), unit, 1);
    return { start: add(end, unit, -Number(m[1])), end };
  }
  if ((m = new RegExp(`^(.+?) for (\\d+) (${UNITS})$`).exec(t))) {
    const from = period(m[1], now);
    return from && { start: from.start, end: add(from.start, unitOf(m[3]), Number(m[2])) };
  }
  if ((m = /^before (.+)$/.exec(t))) {
    const limit = period(m[1], now);
    return limit && { start: -Infinity, end: limit.start };
  }
  if ((m = /^after (.+)$/.exec(t))) {
    const limit = period(m[1], now);
    return limit && { start: limit.start, end: Infinity };
  }
  if ((m = /^(.+?) (?:to|until) (.+)$/.exec(t))) {
    const [from, to] = [period(m[1], now), period(m[2], now)];
    return from && to && { start: from.start, end: to.start };
  }
  return period(t, now);
}

/** Reads a date or date-time value of a row as epoch ms (UTC). */
export function dateValueMs(value: unknown): number {
  if (isEmpty(value)) return NaN;
  const text = String(value);
  const p = literal(text.slice(0, 19).replace('T', ' '));
  return p ? p.start : Date.parse(text);
}

export function compileDate(expression: string, nowDate: Date): Predicate {
  const now = nowDate.getTime();
  const positives: Predicate[] = [];
  const negatives: Predicate[] = [];
  for (const clause of splitClauses(expression)) {
    const not = /^(?:-|NOT\s+)(.+)$/i.exec(clause);
    const body = not ? not[1].trim() : clause;
    let predicate: Predicate;
    if (/^NULL$/i.test(body)) predicate = (v) => v === null || v === undefined;
    else {
      const range = clausePeriod(body, now);
      if (!range) throw new Error(`Invalid date filter expression "${clause}"`);
      predicate = (v) => {
        const t = dateValueMs(v);
        return t >= range.start && t < range.end;
      };
    }
    (not ? negatives : positives).push(predicate);
  }
  return combine(positives, negatives);
}
