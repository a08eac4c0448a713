/** Run-time configuration; every field can be changed through the admin API. */
export interface RateLimitConfig {
  /** Sustained calls per second per API user. */
  rps: number;
  /** Bucket size: calls allowed in a burst. */
  burst: number;
  /** Tighter per-operation limits; defaults mimic Looker's (`scheduled_plan_run_once` 10/s). */
  perOperation?: Record<string, { rps: number; burst: number }>;
}

export interface EmulatorConfig {
  tokenTtlSeconds: number;
  /** How long a query task takes from `added` to `complete`. */
  queryDurationMs: number;
  /** How long a finished query task's results stay available (then 404 / `expired`). */
  queryResultTtlMs: number;
  /** Queries per user that run at once; the rest stay `added` until a slot frees. */
  maxConcurrentQueriesPerUser: number;
  renderDurationMs: number;
  /** null = no rate limiting (the default). */
  rateLimit: RateLimitConfig | null;
  /** Added to every /api/4.0 call before it is handled. */
  latencyMs: number;
  /** Fraction (0..1) of /api/4.0 calls that fail at random with 500/502/503. */
  randomFailureRate: number;
  /** Fraction (0..1) of /api/4.0 calls answered 429 at random (Retry-After: 1), as a busy Looker does. */
  randomRateLimitRate: number;
  /** Fraction (0..1) of /api/4.0 calls whose connection is reset at random, before anything is applied. */
  randomResetRate: number;
  /** The web address /versions reports (`web_server_url`), as Looker reports its own; null: the API's origin. */
  webServerUrl?: string | null;
}

export const DEFAULT_OPERATION_LIMITS: Record<string, { rps: number; burst: number }> = {
  scheduled_plan_run_once: { rps: 10, burst: 10 },
  scheduled_plan_run_once_by_id: { rps: 10, burst: 10 },
};

export function defaultConfig(): EmulatorConfig {
  return {
    tokenTtlSeconds: 3600,
    queryDurationMs: 200,
    queryResultTtlMs: 10 * 60 * 1000,
    maxConcurrentQueriesPerUser: 15,
    renderDurationMs: 300,
    rateLimit: null,
    latencyMs: 0,
    randomFailureRate: 0,
    randomRateLimitRate: 0,
    randomResetRate: 0,
  };
}
