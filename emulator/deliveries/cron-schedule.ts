/** When a 5-field crontab fires next, in the plan's time zone (Vixie cron rules: day-of-month OR day-of-week when both are set). */
import { expandField } from '../core/cron';

const MINUTE_MS = 60_000;

interface CronSets {
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  anyDay: boolean;
  anyWeekday: boolean;
}

function parse(cron: string): CronSets | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minutes, hours, days, months, weekdays] = [
    expandField(fields[0], 0, 59), expandField(fields[1], 0, 23), expandField(fields[2], 1, 31), expandField(fields[3], 1, 12), expandField(fields[4], 0, 7),
  ];
  if (!minutes || !hours || !days || !months || !weekdays) return null;
  return {
    minutes, hours, days: new Set(days), months: new Set(months), weekdays: new Set(weekdays.map((d) => d % 7)),
    anyDay: fields[2] === '*', anyWeekday: fields[4] === '*',
  };
}

/** Milliseconds to add to UTC to get the zone's wall clock at that instant. */
function zoneOffset(ms: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    }).formatToParts(new Date(ms));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(ms / 1000) * 1000;
  } catch {
    return 0;
  }
}

function dayMatches(sets: CronSets, d: Date): boolean {
  if (!sets.months.has(d.getUTCMonth() + 1)) return false;
  const dom = sets.days.has(d.getUTCDate());
  const dow = sets.weekdays.has(d.getUTCDay());
  if (!sets.anyDay && !sets.anyWeekday) return dom || dow;
  return dom && dow;
}

/** The first firing strictly after `afterMs`, or null for an invalid crontab or none within five years. */
export function nextCronRun(cron: string, afterMs: number, timeZone = 'UTC'): number | null {
  const sets = parse(cron);
  if (!sets) return null;
  // Walk the zone's wall clock (held in a UTC Date), then convert back to an instant.
  let local = Math.floor((afterMs + zoneOffset(afterMs, timeZone)) / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const limit = local + 5 * 366 * 24 * 60 * MINUTE_MS;
  while (local < limit) {
    const d = new Date(local);
    const nextDay = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
    if (!dayMatches(sets, d)) {
      local = nextDay;
      continue;
    }
    let found: number | null = null;
    for (const h of sets.hours) {
      if (h < d.getUTCHours()) continue;
      const m = sets.minutes.find((minute) => h > d.getUTCHours() || minute >= d.getUTCMinutes());
      if (m !== undefined) {
        found = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), h, m);
        break;
      }
    }
    if (found === null) {
      local = nextDay;
      continue;
    }
    const instant = found - zoneOffset(found - zoneOffset(found, timeZone), timeZone);
    if (instant > afterMs) return instant;
    local = found + MINUTE_MS;
  }
  return null;
}
