/** Just enough cron parsing to validate crontabs and measure how often they fire. */

function expandField(field: string, min: number, max: number): number[] | null {
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

/** Validates a 5-field crontab; returns an error message or null. */
export function cronError(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
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

/** Minutes a timezone is ahead of UTC at an instant (0 for an unknown zone). */
function offsetMinutes(timezone: string, at: Date): number {
  try {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
        .formatToParts(at)
        .map((p) => [p.type, Number(p.value)]),
    );
    const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
    return Math.round((local - Math.floor(at.getTime() / 60000) * 60000) / 60000);
  } catch {
    return 0;
  }
}

/** The next time a 5-field crontab fires after `from`, read in `timezone` (UTC by default); null if never within a year. */
export function nextRunAt(cron: string, timezone: string | null, from: Date): Date | null {
  if (cronError(cron)) return null;
  const [minF, hourF, domF, monF, dowF] = cron.trim().split(/\s+/);
  const minutes = expandField(minF, 0, 59)!;
  const hours = expandField(hourF, 0, 23)!;
  const doms = new Set(expandField(domF, 1, 31));
  const months = new Set(expandField(monF, 1, 12));
  const dows = new Set(expandField(dowF, 0, 7)!.map((d) => d % 7));
  const zone = timezone || 'UTC';
  const startLocal = new Date(from.getTime() + offsetMinutes(zone, from) * 60000);
  for (let day = 0; day <= 366; day++) {
    const date = new Date(Date.UTC(startLocal.getUTCFullYear(), startLocal.getUTCMonth(), startLocal.getUTCDate() + day));
    if (!months.has(date.getUTCMonth() + 1)) continue;
    // Cron's rule: when both day fields are restricted, either may match.
    const domOk = doms.has(date.getUTCDate());
    const dowOk = dows.has(date.getUTCDay());
    const dayOk = domF === '*' || dowF === '*' ? domOk && dowOk : domOk || dowOk;
    if (!dayOk) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const localMs = date.getTime() + (hour * 60 + minute) * 60000;
        const utc = new Date(localMs - offsetMinutes(zone, new Date(localMs)) * 60000);
        if (utc.getTime() > from.getTime()) return utc;
      }
    }
  }
  return null;
}
