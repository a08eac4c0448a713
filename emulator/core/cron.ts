/** Just enough cron parsing to validate crontabs and measure how often they fire. */

export function expandField(field: string, min: number, max: number): number[] | null {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(part.trim());
    if (!m) return null;
    let [from, to] = m[1] === '*' ? [min, max] : m[1].split('-').map(Number);
    if (to === undefined) to = m[2] ? max : from;
    const step = m[2] ? Number(m[2]) : 1;
    if (from < min || to > max || from > to || step < 1) return null;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

// Looker's crontab takes month and weekday names, like any standard cron.
const NAMES = [[], [], [], ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'], ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']];

function withNumbers(field: string, index: number): string {
  const offset = index === 3 ? 1 : 0;
  return field.replace(/[a-z]+/gi, (name) => {
    const at = NAMES[index].indexOf(name.toLowerCase());
    return at < 0 ? name : String(at + offset);
  });
}

/** Validates a 5-field crontab; returns an error message or null. */
export function cronError(cron: string): string | null {
  const fields = cron.trim().split(/\s+/).map(withNumbers);
  if (fields.length !== 5) return 'must have 5 fields (minute hour day-of-month month day-of-week)';
  const ranges: [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];
  for (let i = 0; i < 5; i++) if (!expandField(fields[i], ...ranges[i])) return `invalid field "${fields[i]}"`;
  return null;
}

/** Smallest gap in minutes between two runs within a day (Infinity when it runs once a day or less). */
export function minimumIntervalMinutes(cron: string): number {
  const [minuteField, hourField] = cron.trim().split(/\s+/);
  const minutes = expandField(minuteField, 0, 59) ?? [];
  const hours = expandField(hourField, 0, 23) ?? [];
  const times = hours.flatMap((h) => minutes.map((m) => h * 60 + m)).sort((a, b) => a - b);
  if (times.length < 2) return Infinity;
  let gap = times[0] + 1440 - times[times.length - 1];
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i] - times[i - 1]);
  return gap;
}
