/**
 * A client-side rate limiter shaped like the clouds' own flow control: a token bucket that refills at
 * `callsPerSecond` and holds at most `burst` calls. It is written as GCRA (the "generic cell rate
 * algorithm"), which keeps a single number instead of a token count: the time the next call could start
 * if no burst were left. `reserve` books a start time synchronously, so callers waiting at the same
 * moment are served in the order they asked, without a queue, and a slot once booked is never reused.
 */
export interface RateLimit {
  /** The sustained rate. */
  callsPerSecond: number;
  /** How many calls may start back to back after an idle period; at least 1 (no burst at all). */
  burst: number;
}

export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

export class RateLimiter {
  private readonly intervalMs: number;
  /** How far ahead of the steady pace a call may start: the burst, expressed as time. */
  private readonly toleranceMs: number;
  /** GCRA's "theoretical arrival time": the steady-pace start of the next call. */
  private nextAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly limit: RateLimit,
    private readonly clock: LimiterClock = systemClock,
  ) {
    if (!(limit.callsPerSecond > 0) || !Number.isFinite(limit.callsPerSecond))
      throw new RangeError(`callsPerSecond must be a positive number, got ${limit.callsPerSecond}`);
    if (!Number.isInteger(limit.burst) || limit.burst < 1)
      throw new RangeError(`burst must be a positive integer, got ${limit.burst}`);
    this.intervalMs = 1000 / limit.callsPerSecond;
    this.toleranceMs = (limit.burst - 1) * this.intervalMs;
  }

  /** Books the earliest start the limit allows for one call; returns how long to wait for it (0: now). */
  reserve(): number {
    const now = this.clock.now();
    const steady = Math.max(this.nextAt, now);
    this.nextAt = steady + this.intervalMs;
    return Math.max(0, steady - this.toleranceMs - now);
  }

  /** Resolves when one call may start. */
  async acquire(): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await this.clock.sleep(wait);
  }
}

/**
 * One limiter per key, for limits that belong to an account rather than to a resource. The key must name
 * the account without being a secret (an AccessKeyId, never the AccessKey secret).
 */
export class LimiterRegistry {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(private readonly clock: LimiterClock = systemClock) {}

  /** The limiter shared by every caller of `key`; a new one only when the limit itself changed. */
  limiterFor(key: string, limit: RateLimit): RateLimiter {
    const existing = this.limiters.get(key);
    if (
      existing &&
      existing.limit.callsPerSecond === limit.callsPerSecond &&
      existing.limit.burst === limit.burst
    )
      return existing;
    const limiter = new RateLimiter({ ...limit }, this.clock);
    this.limiters.set(key, limiter);
    return limiter;
  }
}
