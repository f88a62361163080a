import { tooManyRequests } from './errors.ts';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets as GoTrue's tollbooth limiters work: a burst of `limit` requests, refilled at
 * `limit` per `windowMs`, one bucket per (name, key) where key is the client IP (or 'global').
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly enabled: boolean;

  constructor(enabled: boolean) {
    this.enabled = enabled;
  }

  /** Takes one token; false when the bucket is empty. */
  take(name: string, key: string, limit: number, windowMs: number, now = Date.now()): boolean {
    if (!this.enabled) return true;
    if (limit <= 0) return false;
    const id = `${name}\u0000${key}`;
    const b = this.buckets.get(id) ?? { tokens: limit, at: now };
    b.tokens = Math.min(limit, b.tokens + ((now - b.at) * limit) / windowMs);
    b.at = now;
    if (this.buckets.size > 50_000) this.buckets.clear();
    this.buckets.set(id, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Per-IP request limit answering 429 over_request_rate_limit, as GoTrue's limitHandler. */
  check(name: string, ip: string, limit: number, windowMs: number): void {
    if (!this.take(name, ip, limit, windowMs)) {
      throw tooManyRequests('over_request_rate_limit', 'Request rate limit reached');
    }
  }
}

export const FIVE_MINUTES = 5 * 60_000;
export const ONE_HOUR = 60 * 60_000;
