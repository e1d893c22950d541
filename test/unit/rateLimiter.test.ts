import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ensAccountLimit } from "../../provider/clouds/alicloud/ens/accountLimit";
import { LimiterRegistry, type RateLimit, RateLimiter } from "../../provider/reconcile/rateLimiter";
import { TokenBuckets } from "../emulator/tokenBucket";

/** A clock that only moves when told to; `sleep` records the wait and moves it, so nothing really waits. */
function manualClock(start = 1_000_000) {
  const clock = {
    t: start,
    waits: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.waits.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}

/** Start times (relative to `from`) of `count` calls all asking at `from`. */
function startsOfSimultaneous(limiter: RateLimiter, clock: { t: number }, count: number): number[] {
  return Array.from({ length: count }, () => clock.t + limiter.reserve() - 1_000_000);
}

describe("RateLimiter", () => {
  it("lets a burst start at once, then paces the rest at the rate, first come first served", () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ callsPerSecond: 10, burst: 5 }, clock);
    expect(startsOfSimultaneous(limiter, clock, 8)).toEqual([0, 0, 0, 0, 0, 100, 200, 300]);
  });

  it("with a burst of 1 spaces every call by exactly 1/rate", () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ callsPerSecond: 4, burst: 1 }, clock);
    expect(startsOfSimultaneous(limiter, clock, 4)).toEqual([0, 250, 500, 750]);
  });

  it("earns the burst back while idle, never more than the burst", async () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ callsPerSecond: 10, burst: 3 }, clock);
    startsOfSimultaneous(limiter, clock, 3); // burst spent
    clock.t += 150; // 1.5 calls' worth of idle time
    expect(limiter.reserve()).toBe(0);
    expect(limiter.reserve()).toBe(50);
    clock.t += 60_000; // a long idle period still earns only `burst` immediate calls
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([
      0, 0, 0, 100,
    ]);
  });

  it("acquire waits exactly the booked time on the injected clock", async () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ callsPerSecond: 10, burst: 1 }, clock);
    await limiter.acquire();
    await limiter.acquire();
    await limiter.acquire();
    expect(clock.waits).toEqual([100, 100]);
  });

  it("refuses a rate or burst that would never let a call through", () => {
    expect(() => new RateLimiter({ callsPerSecond: 0, burst: 1 })).toThrow(
      /callsPerSecond must be a positive/,
    );
    expect(() => new RateLimiter({ callsPerSecond: 10, burst: 0 })).toThrow(
      /burst must be a positive integer/,
    );
  });

  it("never drains ENS's server bucket (capacity 10, 10/s) even when 400 ms of network delay bunches calls up", () => {
    // Callers ask in bursts and after idle periods; the calls are bunched up at the start of one of them.
    const gap = fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 0, max: 30 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 2_000 }) },
    );
    const asks = fc.array(gap, { minLength: 1, maxLength: 120 });
    fc.assert(
      fc.property(asks, fc.nat(), (gaps, holdIndex) => {
        expect(serverRefusals(ensAccountLimit(10), gaps, holdIndex, 400)).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it("would be refused by that bucket if it used the bucket's whole burst (why half is kept as margin)", () => {
    const asks = Array.from({ length: 30 }, () => 0);
    expect(serverRefusals({ callsPerSecond: 10, burst: 10 }, asks, 12, 300)).toBe(3);
  });
});

/**
 * Books a call per ask (after the given gaps), then delivers them to a server bucket shaped like ENS's
 * (the emulator's own), in the worst way a network delay of up to `delayMs` can: every call booked in
 * the `delayMs` before call number `holdIndex` starts is held back and arrives together with it.
 */
function serverRefusals(limit: RateLimit, gaps: number[], holdIndex: number, delayMs: number): number {
  const clock = manualClock(0);
  const limiter = new RateLimiter(limit, clock);
  const starts = gaps.map((gap) => {
    clock.t += gap;
    return clock.t + limiter.reserve();
  });
  const holdAt = starts[holdIndex % starts.length];
  const arrivals = starts
    .map((start) => (start >= holdAt - delayMs && start < holdAt ? holdAt : start))
    .sort((a, b) => a - b);
  let serverNow = 0;
  const server = new TokenBuckets(10, 10, () => serverNow);
  return arrivals.filter((t) => {
    serverNow = t;
    return !server.take("account");
  }).length;
}

describe("LimiterRegistry", () => {
  it("hands every caller of one key the same limiter, and other keys their own", () => {
    const registry = new LimiterRegistry(manualClock());
    const a = registry.limiterFor("AKID-A", { callsPerSecond: 10, burst: 5 });
    expect(registry.limiterFor("AKID-A", { callsPerSecond: 10, burst: 5 })).toBe(a);
    expect(registry.limiterFor("AKID-B", { callsPerSecond: 10, burst: 5 })).not.toBe(a);
    const slower = registry.limiterFor("AKID-A", { callsPerSecond: 2, burst: 1 });
    expect(slower).not.toBe(a);
    expect(slower.limit).toEqual({ callsPerSecond: 2, burst: 1 });
  });
});

describe("ensAccountLimit", () => {
  it("paces at the configured rate with half a second's burst, at least one", () => {
    expect(ensAccountLimit(10)).toEqual({ callsPerSecond: 10, burst: 5 });
    expect(ensAccountLimit(1)).toEqual({ callsPerSecond: 1, burst: 1 });
    expect(ensAccountLimit(0.5)).toEqual({ callsPerSecond: 0.5, burst: 1 });
  });
});
