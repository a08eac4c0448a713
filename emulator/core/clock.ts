/**
 * Two notions of time:
 * - `now()` is the business clock (configurable) that seeds and timestamps use,
 *   so "not viewed for 90 days" holds whenever the emulator runs;
 * - `elapsedMs()` is real wall-clock time, which drives task progress, token
 *   expiry and rate limits (a frozen business clock must not freeze tasks).
 */
export interface Clock {
  now(): Date;
  wallMs(): number;
}

export function makeClock(now?: () => Date): Clock {
  return { now: now ?? (() => new Date()), wallMs: () => Date.now() };
}

export const DAY_MS = 24 * 60 * 60 * 1000;
