// The Looker-limit governor: one per Looker instance (one per LookerClient), shared by every
// activity of the worker. Looker does not document its limits and shares them with every other
// API client, so the rate is learned from Looker's answers instead of trusted from a setting:
//  - calls are paced at the current rate (never above LOOKER_API_RPS when that is set);
//  - a 429 cuts the rate to just under what Looker answered lately, once per burst of refusals,
//    and only when the pace was what held this worker back; the refused caller waits
//    Retry-After / ratelimit-reset plus a full-jitter spread, then sends the same call again
//    inside the same activity;
//  - each answered call raises the rate a little (probing upward), faster while catching up;
//  - `ratelimit-remaining: 0` with `ratelimit-reset` pauses every caller until the reset.
import { parseSecondsMs, RATE_LIMIT_DELAY_BOUNDS_MS, rateLimitDelayMs } from './looker-errors';

export interface GovernorOptions {
  /** LOOKER_API_RPS: the rate is never raised above it. Unset: no ceiling. */
  ceilingRps?: number;
  /** The rate to start from (default: the ceiling, or 10 calls/s without one). */
  startRps?: number;
  /** Never paced slower than this (a 429 storm must not stop the worker). */
  floorRps?: number;
  now?: () => number;
  random?: () => number;
}

export interface GovernorStats {
  rateRps: number;
  answered: number;
  throttled: number;
  /** 429 episodes that cut the rate. */
  cuts: number;
}

/**
 * On a 429 the rate drops to just under what Looker answered in the last seconds (its limit, as
 * far as this worker can tell), but never below a quarter of the current rate in one step.
 */
export const CUT_TO_ANSWERED = 0.9;
const MAX_CUT = 0.25;
/** Probing: each answered call raises the rate by this share (crossing the limit every ~35 calls at most). */
const PROBE_SHARE_PER_CALL = 0.003;
/**
 * Catching up, the rate doubles in about 35 calls: before the first 429 (it may start far below
 * the limit) and below the rate earlier cuts left (a cut made on a stalled moment's low count).
 */
const CATCH_UP_SHARE_PER_CALL = 0.02;
/** The pace binds when this worker sends at least this share of its rate. */
const PACE_BINDS = 0.5;
/** How far back answered and sent calls count for the estimate of Looker's limit. */
const RECENT_WINDOW_MS = 2_000;
const DEFAULT_START_RPS = 10;
/** One cut per burst of 429s: the calls of the next second still went out at the old pace. */
const CUT_WINDOW_MS = 1_000;
const DEFAULT_FLOOR_RPS = 0.5;

export class LookerGovernor {
  private rate: number;
  private readonly ceiling: number;
  private readonly floor: number;
  private readonly now: () => number;
  private readonly random: () => number;
  /** Time of the next free call slot (pacing). */
  private nextSlotMs = 0;
  /** Nobody calls before this (ratelimit-remaining 0 until ratelimit-reset). */
  private pausedUntilMs = 0;
  private lastCutMs = -Infinity;
  /** The rate a cut left, remembered across cuts (fading by 10 % each): below it the rate catches up fast. */
  private lastGoodRps = 0;
  private readonly startedMs: number;
  /** When recent calls were answered and sent (the last RECENT_WINDOW_MS), for the cut. */
  private answeredAt: number[] = [];
  private sentAt: number[] = [];
  /** Callers waiting for their slot: the pace is what holds this worker back. */
  private waiting = 0;
  private seenThrottle = false;
  private readonly listeners: Array<(rateRps: number) => void> = [];
  readonly stats: GovernorStats;

  constructor(options: GovernorOptions = {}) {
    this.ceiling = options.ceilingRps ?? Infinity;
    this.floor = options.floorRps ?? DEFAULT_FLOOR_RPS;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.rate = Math.max(this.floor, Math.min(this.ceiling, options.startRps ?? (Number.isFinite(this.ceiling) ? this.ceiling : DEFAULT_START_RPS)));
    this.startedMs = this.now();
    this.stats = { rateRps: this.rate, answered: 0, throttled: 0, cuts: 0 };
  }

  get rateRps(): number {
    return this.rate;
  }

  /** Called with the new rate after each cut and each probe step of 5 % or more. */
  onRateChange(listener: (rateRps: number) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Adopts a rate learned elsewhere (the fleet's queue rate), within floor and ceiling. Each
   * worker keeps adapting from there.
   */
  adopt(rateRps: number): void {
    this.setRate(rateRps, false);
  }

  /**
   * Waits for this caller's slot; resolves to the time the call may be sent (its ticket, which
   * onThrottled uses to tell a fresh 429 from one of a burst that already cut the rate).
   */
  async acquire(signal?: AbortSignal): Promise<number> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlotMs, this.pausedUntilMs);
    this.nextSlotMs = slot + 1000 / this.rate;
    this.sentAt = recent(this.sentAt, slot);
    if (slot > now) {
      this.waiting++;
      try {
        await sleep(slot - now, signal);
      } finally {
        this.waiting--;
      }
    }
    return slot;
  }

  /** An answered call (any status but 429): probe upward, honour ratelimit-remaining. */
  onAnswered(headers: Record<string, string>): void {
    this.stats.answered++;
    const now = this.now();
    this.answeredAt = recent(this.answeredAt, now);
    const share = !this.seenThrottle || this.rate < this.lastGoodRps ? CATCH_UP_SHARE_PER_CALL : PROBE_SHARE_PER_CALL;
    this.setRate(this.rate * (1 + share), false);
    const remaining = parseSecondsMs(headers['ratelimit-remaining']);
    const resetMs = parseSecondsMs(headers['ratelimit-reset']);
    if (remaining === 0 && resetMs !== undefined) this.pausedUntilMs = Math.max(this.pausedUntilMs, now + resetMs);
  }

  /** Calls/s among `times` over the recent window (shorter just after start-up). */
  private perSecond(times: number[], now: number): number {
    const windowMs = Math.max(500, Math.min(RECENT_WINDOW_MS, now - this.startedMs));
    return times.filter((t) => t >= now - windowMs && t <= now).length / (windowMs / 1000);
  }

  /**
   * A 429 for a call sent at `ticketMs`: cuts the rate (once per burst) and returns how long this
   * caller waits before sending the same call again: what Looker asked for, plus full jitter
   * over one more such period so that the refused callers come back spread out.
   */
  onThrottled(headers: Record<string, string>, ticketMs: number): number {
    this.stats.throttled++;
    this.seenThrottle = true;
    const now = this.now();
    // Calls sent before the last cut (or within a second of it) were paced at the old rate. And
    // when this worker sends far below its pace, the pace is not what Looker refused (a limit on
    // one endpoint, say): the refused call still waits, the rate stays.
    const paceBinds = this.waiting > 0 || this.perSecond(this.sentAt, now) >= this.rate * PACE_BINDS;
    if (ticketMs >= this.lastCutMs + CUT_WINDOW_MS && paceBinds) {
      this.lastCutMs = now;
      this.stats.cuts++;
      this.setRate(Math.max(this.rate * MAX_CUT, Math.min(this.rate, this.perSecond(this.answeredAt, now)) * CUT_TO_ANSWERED), true);
      this.lastGoodRps = Math.max(this.lastGoodRps * CUT_TO_ANSWERED, this.rate);
    }
    // Bounded like every 429 delay (1 s to 5 min); without a header, one second.
    const waitMs = rateLimitDelayMs(headers, { now, random: () => 0 }) ?? RATE_LIMIT_DELAY_BOUNDS_MS.min;
    return Math.round(waitMs * (1 + this.random()));
  }

  private setRate(rateRps: number, always: boolean): void {
    const next = Math.max(this.floor, Math.min(this.ceiling, rateRps));
    if (next === this.rate) return;
    const reported = this.stats.rateRps;
    this.rate = next;
    if (always || Math.abs(next - reported) >= reported * 0.05) {
      this.stats.rateRps = next;
      for (const listener of this.listeners) listener(next);
    }
  }
}

/** setTimeout as a promise that an abort signal rejects early with the signal's reason. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Keeps the times of the last RECENT_WINDOW_MS, adding `at`. */
function recent(times: number[], at: number): number[] {
  const kept = times[0] !== undefined && times[0] < at - RECENT_WINDOW_MS ? times.filter((t) => t >= at - RECENT_WINDOW_MS) : times;
  kept.push(at);
  return kept;
}
