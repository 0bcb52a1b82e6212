export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Sliding-window rate limiter per key (a person's identity): at most `limit` requests in any
 * `windowMs`. State is in memory, per process: with several app servers behind a load balancer
 * each enforces its own window (a person's effective limit is then up to N times higher).
 * No timers: expired keys are swept on use.
 */
export class RateLimiter {
  readonly #rule: RateLimit;
  readonly #now: () => number;
  readonly #hits = new Map<string, number[]>();
  #sinceSweep = 0;

  constructor(rule: RateLimit, now: () => number = Date.now) {
    if (!(rule.limit >= 1 && rule.windowMs > 0))
      throw new RangeError('RateLimiter: limit >= 1 and windowMs > 0');
    this.#rule = rule;
    this.#now = now;
  }

  get rule(): RateLimit {
    return this.#rule;
  }

  /** Counts one request for `key` if allowed; otherwise says how long until one would be. */
  take(key: string): RateDecision {
    const nowMs = this.#now();
    this.#maybeSweep(nowMs);
    const cutoff = nowMs - this.#rule.windowMs;
    const hits = (this.#hits.get(key) ?? []).filter((t) => t > cutoff);
    if (hits.length >= this.#rule.limit) {
      this.#hits.set(key, hits);
      const oldest = hits[0] as number;
      return { ok: false, retryAfterMs: Math.max(1, oldest + this.#rule.windowMs - nowMs) };
    }
    hits.push(nowMs);
    this.#hits.set(key, hits);
    return { ok: true };
  }

  /** Keys currently tracked (for tests and stats). */
  get size(): number {
    return this.#hits.size;
  }

  #maybeSweep(nowMs: number): void {
    if (++this.#sinceSweep < 1000) return;
    this.#sinceSweep = 0;
    const cutoff = nowMs - this.#rule.windowMs;
    for (const [key, hits] of this.#hits) {
      if ((hits[hits.length - 1] ?? 0) <= cutoff) this.#hits.delete(key);
    }
  }
}
