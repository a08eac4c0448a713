// The one time-zone check for job inputs and job schedules: an IANA name the runtime knows.
import { z } from 'zod';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A time-zone string; `what` names it in the message, e.g. "schedule.timezone". */
export function timeZone(what: string) {
  return z.string().refine(isTimeZone, { message: `${what} must be an IANA time zone such as "Europe/Berlin" or "UTC"` });
}
