/**
 * The sliding-window pacer and its adaptive share, on a fake clock: timers fire in time order when the
 * test runs them, with promise chains settling in between. No real time passes and nothing sleeps.
 */
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ensQuota } from "../../provider/clouds/alicloud/ens/quotas";
import { SLB_QUOTAS } from "../../provider/clouds/alicloud/slb/quotas";
import { PacerRegistry } from "../../provider/reconcile/pacing";
import { parseQuota, quotaInForce } from "../../provider/reconcile/quota";
import { fileJournal } from "../../provider/reconcile/quotaJournal";
import { BETA, MARGIN_MS, WindowPacer } from "../../provider/reconcile/windowPacer";

/** Lets every promise chain that can move, move. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function fakeClock(start = 1_000_000) {
  const timers: { at: number; wake: () => void }[] = [];
  const clock = {
    t: start,
    now: () => clock.t,
    sleep: (ms: number) => new Promise<void>((wake) => timers.push({ at: clock.t + ms, wake })),
    /** Fires every timer in time order until none is left. */
    async run() {
      for (;;) {
        await settle();
        if (timers.length === 0) return;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift() as { at: number; wake: () => void };
        clock.t = Math.max(clock.t, next.at);
        next.wake();
      }
    },
  };
  return clock;
}
type Clock = ReturnType<typeof fakeClock>;

interface Call {
  start: number;
  end: number;
}

/** One paced request that takes `latencyMs` from start to answer; `throttled` is the server's verdict. */
async function paced(pacer: WindowPacer, clock: Clock, latencyMs: number, log: Call[], throttled = false) {
  const ticket = await pacer.acquire();
  const start = clock.now();
  await clock.sleep(latencyMs);
  log.push({ start, end: clock.now() });
  ticket.done(throttled);
}

/** `count` callers asking at once, each call taking `latencyMs`; resolves with the calls in start order. */
async function burst(pacer: WindowPacer, clock: Clock, count: number, latencyMs = 0): Promise<Call[]> {
  const log: Call[] = [];
  const all = Promise.all(Array.from({ length: count }, () => paced(pacer, clock, latencyMs, log)));
  await clock.run();
  await all;
  return log.sort((a, b) => a.start - b.start);
}

describe("WindowPacer", () => {
  it("starts call k + calls a whole window after call k was answered, whatever the latencies and arrivals", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 50, max: 60_000 }),
        fc.array(
          fc.record({ gap: fc.integer({ min: 0, max: 3000 }), latency: fc.integer({ min: 0, max: 2000 }) }),
          {
            minLength: 1,
            maxLength: 60,
          },
        ),
        async (calls, windowMs, requests) => {
          const clock = fakeClock();
          const pacer = new WindowPacer({ calls, windowMs }, clock);
          const log: Call[] = [];
          const launched: Promise<void>[] = [];
          const launcher = (async () => {
            for (const { gap, latency } of requests) {
              if (gap > 0) await clock.sleep(gap);
              launched.push(paced(pacer, clock, latency, log));
            }
          })();
          await clock.run();
          await launcher;
          await Promise.all(launched);
          expect(log).toHaveLength(requests.length);
          // The server counts each call somewhere between its start and its answer: with this spacing
          // no window of `windowMs` can hold more than `calls` of them, wherever they are counted.
          log.sort((a, b) => a.start - b.start);
          for (let i = 0; i + calls < log.length; i++)
            expect(log[i + calls].start).toBeGreaterThanOrEqual(log[i].end + windowMs);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("is the fastest schedule the quota allows: a full window at once, the next one window later", async () => {
    const clock = fakeClock(0);
    const starts = (await burst(new WindowPacer({ calls: 10, windowMs: 1000 }, clock), clock, 25)).map(
      (c) => c.start,
    );
    const next = 1000 + MARGIN_MS;
    expect(starts).toEqual([...Array(10).fill(0), ...Array(10).fill(next), ...Array(5).fill(2 * next)]);
  });

  it("waits for the answer of the call it is spaced from, so latency never lets a window overfill", async () => {
    const clock = fakeClock(0);
    const calls = await burst(new WindowPacer({ calls: 2, windowMs: 1000 }, clock), clock, 5, 300);
    expect(calls.map((c) => c.start)).toEqual([0, 0, 1305, 1305, 2610]);
  });

  it("lets an idle pacer start at once", async () => {
    const clock = fakeClock(0);
    const pacer = new WindowPacer({ calls: 2, windowMs: 60_000 }, clock);
    await burst(pacer, clock, 2);
    clock.t += 10 * 60_000;
    expect((await burst(pacer, clock, 1))[0].start).toBe(10 * 60_000);
  });
});

describe("WindowPacer's adaptive share (CUBIC)", () => {
  const windowMs = 1000;

  it("cuts to 70% at a throttle, recovers along a cubic curve to the full quota within about a window", async () => {
    const clock = fakeClock();
    const pacer = new WindowPacer({ calls: 10, windowMs }, clock);
    const ticket = await pacer.acquire();
    ticket.done(true);
    expect(pacer.share()).toBeCloseTo(BETA, 10);
    expect(pacer.callsPerWindow()).toBe(7);

    // The share never falls while no throttle comes, is flat around the old share, and is whole again
    // a little after the cubic's plateau (cbrt(0.3 / 0.4) ≈ 0.91 windows).
    const shares = [0, 200, 400, 600, 800, 900, 1000, 1200].map((dt) => pacer.share(clock.t + dt));
    for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeGreaterThanOrEqual(shares[i - 1]);
    expect(shares[3]).toBeLessThan(1);
    expect(pacer.callsPerWindow(clock.t + 1000)).toBe(10);
    expect(pacer.share(clock.t + 1200)).toBe(1);
  });

  it("slows down to the reduced share after a throttle, then speeds up to the whole quota", async () => {
    const clock = fakeClock(0);
    const pacer = new WindowPacer({ calls: 10, windowMs }, clock);
    (await pacer.acquire()).done(true);
    // One call in the window and a share of 7: six more now, the rest a window after the first.
    const slowed = (await burst(pacer, clock, 10)).map((c) => c.start);
    expect(slowed.filter((t) => t === 0)).toHaveLength(6);
    expect(slowed.filter((t) => t > 0 && t < windowMs)).toEqual([]);

    clock.t += 5 * windowMs; // long after: the share is whole, old calls have left the window
    expect(pacer.callsPerWindow()).toBe(10);
    const recovered = (await burst(pacer, clock, 10)).map((c) => c.start);
    expect(recovered).toEqual(Array(10).fill(clock.t));
  });

  it("takes one cut per burst: refusals of calls started before the cut say nothing new", async () => {
    const clock = fakeClock();
    const pacer = new WindowPacer({ calls: 10, windowMs }, clock);
    const tickets = await Promise.all(Array.from({ length: 5 }, () => pacer.acquire()));
    clock.t += 30;
    for (const ticket of tickets) ticket.done(true);
    expect(pacer.callsPerWindow()).toBe(7);

    const after = await pacer.acquire(); // started after the cut: its refusal means the cut was not enough
    clock.t += 30;
    const before = pacer.share(); // the cubic has already climbed a little from 0.7
    after.done(true);
    expect(pacer.share()).toBeCloseTo(before * BETA, 10);
    expect(pacer.callsPerWindow()).toBe(Math.floor(10 * before * BETA));
    expect(pacer.callsPerWindow()).toBeLessThan(7);
  });

  it("never goes below one call per window, however often it is throttled", async () => {
    const clock = fakeClock();
    const pacer = new WindowPacer({ calls: 3, windowMs }, clock);
    // Twenty refusals in a row with no time to recover: 0.7^20 of the quota, were there no floor.
    const log: Call[] = [];
    const all = Promise.all(Array.from({ length: 20 }, () => paced(pacer, clock, 0, log, true)));
    await clock.run();
    await all;
    expect(pacer.callsPerWindow()).toBe(1);
    expect(pacer.share()).toBeGreaterThanOrEqual(1 / 3);
  });
});

describe("PacerRegistry", () => {
  it("shares one pacer per key and quota, and reports throttles to it", async () => {
    const clock = fakeClock();
    const registry = new PacerRegistry(clock);
    const quota = { calls: 10, windowMs: 1000 };
    expect(registry.pacerFor("AK1", quota)).toBe(registry.pacerFor("AK1", { ...quota }));
    expect(registry.pacerFor("AK2", quota)).not.toBe(registry.pacerFor("AK1", quota));
    expect(registry.pacerFor("AK1", { calls: 20, windowMs: 1000 }).quota.calls).toBe(20);

    const pace = registry.pace(() => ({ key: "AK3", quota }));
    (await pace("AddBackendServers"))(true);
    expect(registry.pacerFor("AK3", quota).callsPerWindow()).toBe(7);
  });
});

describe("quota settings", () => {
  it("reads calls/seconds as the Quota Center shows it", () => {
    expect(parseQuota("X", "180/60")).toEqual({ calls: 180, windowMs: 60_000 });
    expect(parseQuota("X", " 20 / 0.5 ")).toEqual({ calls: 20, windowMs: 500 });
    const env = (values: Record<string, string>) => (name: string) => values[name];
    expect(quotaInForce(SLB_QUOTAS.write, env({}))).toEqual({ calls: 90, windowMs: 60_000 });
    expect(quotaInForce(SLB_QUOTAS.write, env({ BACKEND_SERVERS_SLB_WRITE_QUOTA: "300/60" }))).toEqual({
      calls: 300,
      windowMs: 60_000,
    });
    expect(ensQuota(env({}))).toEqual({ calls: 10, windowMs: 1000 });
    expect(ensQuota(env({ BACKEND_SERVERS_ENS_CALLS_PER_SECOND: "4" }))).toEqual({
      calls: 4,
      windowMs: 1000,
    });
    expect(
      ensQuota(env({ BACKEND_SERVERS_ENS_CALLS_PER_SECOND: "4", BACKEND_SERVERS_ENS_QUOTA: "30/2" })),
    ).toEqual({ calls: 30, windowMs: 2000 });
  });

  it.each(["", "90", "0/60", "90/0", "1.5/1", "-3/1", "90/60s", "ninety/60"])(
    "refuses %j naming the variable, the value and the form allowed",
    (text) => {
      expect(() => parseQuota("BACKEND_SERVERS_SLB_WRITE_QUOTA", text)).toThrow(
        `BACKEND_SERVERS_SLB_WRITE_QUOTA=${JSON.stringify(text)} is not a rate quota: write calls/seconds`,
      );
    },
  );
});

/** A journal in `dir` alone, whose warnings fail the test: these directories are private. */
const journalIn = (dir: string) =>
  fileJournal({
    dirs: [dir],
    warn: (line) => {
      throw new Error(`unexpected warning: ${line}`);
    },
  });

describe("the quota journal: the windows of the processes before", () => {
  const quota = { calls: 10, windowMs: 1000 };

  it("makes a new process wait out the window the previous one filled, and no longer", async () => {
    const root = mkdtempSync(join(tmpdir(), "quota-journal-"));
    const dir = join(root, "journal");
    try {
      const clock = fakeClock();
      const scope = "https://ens.example.test JOURNALTESTKEY01";
      // The preview's plugin process: a full window of calls, each answered 20 ms after it started.
      const preview = new PacerRegistry(clock, journalIn(dir)).pacerFor(scope, quota);
      const before = await burst(preview, clock, 10, 20);
      const lastAnswer = before[9].end;

      // The update's plugin process starts right after, with a registry of its own.
      const update = new PacerRegistry(clock, journalIn(dir)).pacerFor(scope, quota);
      const after = await burst(update, clock, 11, 20);
      // Its first call waits for the first answer of the window before, plus the window: never earlier.
      expect(after[0].start).toBe(before[0].end + quota.windowMs + MARGIN_MS);
      expect(after[9].start).toBe(lastAnswer + quota.windowMs + MARGIN_MS);
      // Across both processes, no window of 1 s holds more than 10 starts.
      const starts = [...before, ...after].map((c) => c.start);
      for (const s of starts)
        expect(starts.filter((t) => t >= s && t < s + quota.windowMs).length).toBeLessThanOrEqual(10);

      // Another scope (another endpoint or AccessKey) is not held back by that journal.
      const other = new PacerRegistry(clock, journalIn(dir)).pacerFor(`${scope}-other`, quota);
      const started = clock.now();
      expect((await burst(other, clock, 1))[0].start).toBe(started);
      // The journal names scopes by a hash: no AccessKey id in a file name.
      expect(readdirSync(dir).join(" ")).not.toContain("JOURNALTESTKEY01");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("ignores answer times in the future and lines that are not times: neither holds a new process back", async () => {
    const root = mkdtempSync(join(tmpdir(), "quota-journal-"));
    const dir = join(root, "journal");
    try {
      const clock = fakeClock();
      const scope = "https://ens.example.test JOURNALTESTKEY02";
      // One answer recorded, so the file exists; then what a skewed clock or a torn write leaves there.
      journalIn(dir).record(scope, clock.now() - 2000);
      const [file] = readdirSync(dir);
      const later = (ms: number) => String(clock.now() + ms);
      const lines = [
        ...Array.from({ length: 10 }, (_, i) => later(3_600_000 + i)), // a clock an hour ahead
        later(1), // one millisecond ahead is ahead too
        "garbage",
        "",
        "-5",
        "1e15",
        "0x7fffffffffff",
        `${clock.now() - 100}.5`,
        "9".repeat(40),
      ];
      appendFileSync(join(dir, file), `${lines.join("\n")}\n`);
      expect(journalIn(dir).since(scope, 0, clock.now())).toEqual([clock.now() - 2000]);

      const pacer = new PacerRegistry(clock, journalIn(dir)).pacerFor(scope, quota);
      const started = clock.now();
      const calls = await burst(pacer, clock, 10);
      // The quota's 10 calls start at once: nothing recorded in the window is in the past but that one.
      expect(calls.map((c) => c.start)).toEqual(Array(10).fill(started));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
