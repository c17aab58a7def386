/**
 * A fixed-window counter per key (an IP, a referral code, an account), in this process's memory:
 * enough to stop a script hammering a public form or a login. Several API processes each count
 * their own share, so the effective limit is at most N × the configured one. Memory is bounded:
 * at most `maxKeys` keys are tracked; the oldest windows go first.
 */
export type TRateLimit = { max: number; windowMs: number };
export type TRateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: TRateLimit,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit for `key` and says whether it is within the limit. */
  hit(key: string): TRateDecision {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.limit.windowMs) {
      this.windows.delete(key);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > this.maxKeys) this.windows.delete(this.windows.keys().next().value as string);
    }
    w.count += 1;
    return w.count <= this.limit.max ? { allowed: true } : { allowed: false, retryAfterMs: w.start + this.limit.windowMs - now };
  }

  /** Forgets a key (e.g. after a successful login). */
  reset(key: string): void {
    this.windows.delete(key);
  }
}
