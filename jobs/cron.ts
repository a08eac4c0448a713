// The one cron check for job inputs (Looker schedule and alert crontabs) and job schedules
// (Temporal Schedules): the standard five-field crontab both accept — numbers, `*`, lists,
// ranges, steps, and JAN–DEC / SUN–SAT names. Extensions only some parsers take (seconds,
// `@daily`, L, W, #, ?) are refused, so a cron that passes here is read alike by both.
import { Cron } from 'croner';
import { z } from 'zod';

const FIELDS = [
  { name: 'minute', range: '0-59' },
  { name: 'hour', range: '0-23' },
  { name: 'day-of-month', range: '1-31' },
  { name: 'month', range: '1-12 or JAN-DEC' },
  { name: 'day-of-week', range: '0-7 or SUN-SAT' },
] as const;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const NAMES: Array<string[]> = [[], [], [], MONTHS, DAYS];

export const FIVE_FIELD_HINT = 'must be a five-field cron expression (minute hour day-of-month month day-of-week) such as "0 9 * * *"';

/** What is wrong with `cron` (every bad field named), or undefined when it is a valid crontab. */
export function cronProblem(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== FIELDS.length) return FIVE_FIELD_HINT;
  const bad = fields.flatMap((field, i) => (fieldIsValid(field, i) ? [] : [`the ${FIELDS[i].name} field "${field}" (use ${FIELDS[i].range}, *, lists, ranges and */steps)`]));
  return bad.length > 0 ? `has ${bad.join(' and ')}` : undefined;
}

/** A trimmed crontab string; `what` names it in the message, e.g. "schedule.cron". */
export function cronExpression(what: string) {
  return z
    .string({ error: `${what} is required` })
    .trim()
    .superRefine((cron, ctx) => {
      const problem = cronProblem(cron);
      if (problem) ctx.addIssue({ code: 'custom', message: `${what} ${problem}` });
    });
}

function fieldIsValid(field: string, index: number): boolean {
  if (!/^[0-9A-Za-z*,/-]+$/.test(field)) return false;
  const words = field.match(/[A-Za-z]+/g) ?? [];
  if (!words.every((word) => NAMES[index].includes(word.toUpperCase()))) return false;
  // croner checks ranges and syntax; the field alone, every other field `*`.
  const pattern = FIELDS.map((_, i) => (i === index ? field : '*')).join(' ');
  try {
    new Cron(pattern, { mode: '5-part' });
    return true;
  } catch {
    return false;
  }
}
