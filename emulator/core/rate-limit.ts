/**
 * Token buckets per (user, limit) computed lazily from timestamps: no timers,
 * so an idle emulator never keeps the event loop busy.
 */
import { DEFAULT_OPERATION_LIMITS, type RateLimitConfig } from './config';

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export interface Throttle {
  limit: number;
  retryAfterSeconds: number;
  resetSeconds: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  reset(): void {
    this.buckets.clear();
  }

  /** Takes one token from each applicable bucket; returns a Throttle when one is empty. */
  take(config: RateLimitConfig | null, userKey: string, operationId: string, nowMs: number): Throttle | undefined {
    if (!config) return undefined;
    const perOperation = { ...DEFAULT_OPERATION_LIMITS, ...(config.perOperation ?? {}) }[operationId];
    const limits = [{ key: `${userKey}`, ...config }];
    if (perOperation) limits.push({ key: `${userKey}:${operationId}`, ...perOperation, perOperation: undefined });
    for (const limit of limits) {
      const throttle = this.check(limit.key, limit.rps, limit.burst, nowMs);
      if (throttle) return throttle;
    }
    for (const limit of limits) this.buckets.get(limit.key)!.tokens -= 1;
    return undefined;
  }

  private check(key: string, rps: number, burst: number, nowMs: number): Throttle | undefined {
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedMs: nowMs };
    bucket.tokens = Math.min(burst, bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * rps);
    bucket.updatedMs = nowMs;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) return undefined;
    const waitSeconds = (1 - bucket.tokens) / rps;
    const seconds = Math.max(1, Math.ceil(waitSeconds));
    return { limit: burst, retryAfterSeconds: seconds, resetSeconds: seconds };
  }
}
