/**
 * Rate quotas at deployment scale, through the real `@pulumi/pulumi` dynamic-provider plugin (one plugin
 * process for the whole `up`, as the engine runs it) against an emulator that counts calls per sliding
 * window as the contract says (emulator/contract/quotas.ts).
 *
 * Figures: throttled calls (target 0) and the span from the first to the last request as the emulator
 * received them, against the quota's bound (target within 1.1x). The bound is the fastest any client
 * could go: a full window of calls at once, then the next full window one window later, so the last of
 * C calls cannot arrive before (ceil(C / calls) − 1) windows after the first.
 *
 * What the tests assert is read from the emulator's own log, call by call as it received them: no
 * sliding window ever held more than the quota, and the typical distance from a call to the call one
 * quota later (the median over the deployment) stays within 1.5 windows. A busy machine stretches some
 * of those distances, never most of them, so the median holds under load; a pacer that waits twice the
 * window stretches every one of them, and one that does not pace is throttled and breaks the windows.
 *
 * ENS runs at its documented 10 calls per second. CLB's 90 writes per 60 s would make a 100-write test
 * take a minute, so the CLB test configures 20 writes per second on both sides, which proves the same
 * property (the pacer is the same code for every quota; only the numbers change). `npm run bench:quotas`
 * measures the documented 90/60 s.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type CallRecord, type Emulator, type StartOptions, startEmulator } from "../../emulator";
import { nonconforming } from "../../emulator/contract/conformance";
import type { Registration } from "../../harness/miniEngine";
import { captureRegistrations } from "../../harness/registrations";
import { Stack } from "../../harness/stack";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensCloud, inputs, nlbCloud, ours, slbCloud, type TestCloud, vServerCloud } from "../clouds";

// The CLB key and region; the emulator takes it for ENS too (one account).
const CONFIG = slbCloud.config();
const RETRY = {
  BACKEND_SERVERS_RETRY_BASE_MS: "50",
  BACKEND_SERVERS_RETRY_MAX_MS: "400",
  BACKEND_SERVERS_RETRY_DEADLINE_MS: "60000",
};

let emulator: Emulator | undefined;
afterEach(async () => {
  const calls = emulator?.calls() ?? [];
  await emulator?.close();
  emulator = undefined;
  // Every request the plugin sent fits the vendors' definitions of the actions.
  expect(nonconforming(calls)).toEqual([]);
});

async function start(seed: StartOptions["seed"], quotas: StartOptions["quotas"] = {}): Promise<Emulator> {
  emulator = await startEmulator({ seed: { credentials: [slbCloud.key], ...seed }, quotas });
  return emulator;
}

const ids = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => `lb-5qzdmxefgrpxd7oz${tag}${String(i).padStart(2, "0")}`);
const servers = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({
    serverId: `i-${prefix}${String(i).padStart(6, "0")}`,
    weight: 100,
  }));

/** One attachment per load balancer, each declaring `n` servers of its own. */
const program = (cloud: TestCloud, loadBalancers: string[], n: number, name: string) =>
  captureRegistrations(
    () =>
      loadBalancers.forEach((loadBalancerId, i) =>
        cloud.declareResource(`${name}${i}`, { loadBalancerId, backendServers: servers(n, `${name}${i}x`) }),
      ),
    { config: CONFIG },
  );

const arrivalSpan = (calls: CallRecord[]) =>
  Math.max(...calls.map((c) => c.startedAt)) - Math.min(...calls.map((c) => c.startedAt));
const throttled = (calls: CallRecord[]) => calls.filter((c) => c.code?.startsWith("Throttling")).length;
/** The quota's bound: (ceil(C / calls) − 1) windows from the first call to the last. */
const boundMs = (count: number, quota: { calls: number; windowMs: number }) =>
  (Math.ceil(count / quota.calls) - 1) * quota.windowMs;
/**
 * The same bound counted from the last call of the first window: a sliding window forces call
 * k + m·calls at least m windows after call k, so when the program's first calls reach the server over
 * a few hundred milliseconds (the engine creates resources one RPC at a time), no pacer can make up for
 * it. The pacer's target (1.1x, `npm run bench:quotas`); reported beside the plain bound.
 */
const boundFromFirstWindowMs = (calls: CallRecord[], quota: { calls: number; windowMs: number }) =>
  calls[quota.calls - 1].startedAt - calls[0].startedAt + boundMs(calls.length, quota);
/**
 * From each call to the call `quota.calls` after it, as the server received them (oldest first): at least
 * a window each (else some window held more than the quota), and about one window each at the quota's pace.
 */
const windowGaps = (calls: CallRecord[], quota: { calls: number; windowMs: number }) => {
  const at = calls.map((c) => c.startedAt).sort((a, b) => a - b);
  return at.slice(quota.calls).map((t, i) => t - at[i]);
};
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function report(name: string, calls: CallRecord[], quota: { calls: number; windowMs: number }) {
  const span = arrivalSpan(calls);
  const bound = boundMs(calls.length, quota);
  const fromFirst = boundFromFirstWindowMs(calls, quota);
  const gaps = windowGaps(calls, quota);
  console.info(
    `${name}: ${calls.length} calls, throttled ${throttled(calls)}, span ${span} ms, bound ${bound} ms (ratio ${(span / bound).toFixed(3)}), from the first window ${fromFirst} ms (ratio ${(span / fromFirst).toFixed(3)}), a quota's calls apart: median ${median(gaps)} ms, longest ${Math.max(...gaps)} ms for a ${quota.windowMs} ms window`,
  );
  expect(throttled(calls)).toBe(0);
  expect(span).toBeGreaterThanOrEqual(bound);
  // No window as the server counted held more than the quota.
  expect(gaps.length).toBeGreaterThan(0);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(quota.windowMs);
  // At the quota's pace: the span's 1.1x target is the bench's (`npm run bench:quotas`, 1.00 to 1.09 at
  // the documented quotas); a span is the sum of every stall on the way, which a busy machine inflates.
  // The median distance is not: a stall stretches the few windows it falls in. A pacer that waits twice
  // the window puts every call two windows after the one a quota before it.
  expect(median(gaps)).toBeLessThanOrEqual(1.5 * quota.windowMs);
}

async function deploy(registrations: Registration[], env: Record<string, string>) {
  const stack = new Stack({ ...RETRY, ...env }, CONFIG);
  const result = await stack.run((engine) => engine.up(registrations));
  expect(result.failures).toEqual([]);
  expect(result.steps.map((s) => s.op)).toEqual(registrations.map(() => "create"));
  return result;
}

describe("every documented quota, never exceeded in any window, in one deployment", () => {
  it("ENS: ten load balancers of 100 servers at 10 calls per second: no throttling, at the quota's pace", async () => {
    const loadBalancers = ids(10, "quota");
    const emu = await start({
      ens: { loadBalancers: loadBalancers.map((loadBalancerId) => ({ loadBalancerId })) },
    });
    const registrations = await program(ensCloud, loadBalancers, 100, "edge");
    await deploy(registrations, ensCloud.env(emu));

    const calls = emu.calls({ cloud: "ens" });
    // Per load balancer one read and ceil(100/20) = 5 adds.
    expect(calls).toHaveLength(60);
    for (const lb of loadBalancers) expect(emu.ensMembers(lb)).toHaveLength(100);
    report("ENS 10 x 100 through the plugin at 10/1 s", calls, { calls: 10, windowMs: 1000 });
  });

  it("CLB: one hundred writes at a configured 20 per second: no throttling, at the quota's pace", async () => {
    const quota = { calls: 20, windowMs: 1000 };
    const loadBalancers = Array.from(
      { length: 100 },
      (_, i) => `lb-2ze7o5h52g02kkzzequota${String(i).padStart(3, "0")}`,
    );
    const emu = await start(
      {
        slb: {
          loadBalancers: loadBalancers.map((loadBalancerId) => ({ loadBalancerId, regionId: "cn-beijing" })),
        },
      },
      { "slb.write": quota },
    );
    const registrations = await program(slbCloud, loadBalancers, 20, "web");
    await deploy(registrations, {
      ...slbCloud.env(emu),
      BACKEND_SERVERS_SLB_WRITE_QUOTA: "20/1",
    });

    const writes = emu.calls({ cloud: "slb", action: "AddBackendServers" });
    expect(writes).toHaveLength(100); // 100 load balancers x ceil(20/20)
    for (const lb of loadBalancers) expect(emu.slbMembers(lb)).toHaveLength(20);
    expect(throttled(emu.calls({ cloud: "slb" }))).toBe(0);
    report("CLB 100 writes through the plugin at 20/1 s", writes, quota);
  });

  it("CLB: the default groups and VServer groups of one account and region share the windows of the reads both make", async () => {
    // Ten load balancers, each with an attachment of its default group and one of its VServer group, both
    // reporting health (rollout: {}): the default group's list and health read and the VServer group's
    // health read are all DescribeLoadBalancerAttribute, in one window of 10 per second.
    const quota = { calls: 10, windowMs: 1000 };
    const n = 10;
    const lb = (i: number) => `lb-2ze7o5h52g02kkzzeshare${String(i).padStart(3, "0")}`;
    const group = (i: number) => `rsp-2zeshare${String(i).padStart(3, "0")}`;
    const emu = await start(
      {
        slb: {
          loadBalancers: Array.from({ length: n }, (_, i) => ({
            loadBalancerId: lb(i),
            regionId: "cn-beijing",
            vServerGroups: [{ vServerGroupId: group(i) }],
          })),
        },
      },
      { "slb.read": quota },
    );
    const registrations = await captureRegistrations(
      () => {
        for (let i = 0; i < n; i++) {
          const rollout = {};
          slbCloud.declareResource(`web${i}`, {
            loadBalancerId: lb(i),
            backendServers: servers(3, `w${i}x`),
            rollout,
          });
          vServerCloud.declareResource(`api${i}`, {
            vServerGroupId: group(i),
            backendServers: servers(3, `a${i}x`).map((s) => ({ ...s, port: 8080 })),
            rollout,
          });
        }
      },
      { config: CONFIG },
    );
    await deploy(registrations, { ...slbCloud.env(emu), BACKEND_SERVERS_SLB_READ_QUOTA: "10/1" });

    const reads = emu.calls({ cloud: "slb", action: "DescribeLoadBalancerAttribute" });
    expect(reads).toHaveLength(3 * n);
    for (let i = 0; i < n; i++) expect(emu.vServerGroupMembers(group(i))).toHaveLength(3);
    expect(throttled(emu.calls({ cloud: "slb" }))).toBe(0);
    report("CLB default and VServer groups' shared reads through the plugin at 10/1 s", reads, quota);
  });
});

describe("an asynchronous API's job reads, across the plugin processes of consecutive commands", () => {
  it("NLB: two `pulumi up`s in a row share the read quota through the journal, and no job read is throttled", async () => {
    // Three reads in 8 s on both sides, a window longer than the next command takes to start (its preview
    // and update are plugin processes of their own); jobs of 400 ms read every few ms: each up fills its
    // window, and the next one would meet it without the journal.
    const quota = { calls: 3, windowMs: 8000 };
    const emu = await start(
      { credentials: [nlbCloud.key], nlb: { ...nlbCloud.seed().nlb, jobMs: 400 } },
      { "nlb.read": quota },
    );
    const cache = mkdtempSync(join(tmpdir(), "nlb-journal-"));
    try {
      const stack = new Stack(
        {
          ...RETRY,
          ...nlbCloud.env(emu),
          BACKEND_SERVERS_NLB_READ_QUOTA: "3/8",
          BACKEND_SERVERS_COMPLETION_POLL_MS: "5",
          XDG_CACHE_HOME: cache,
        },
        nlbCloud.config(),
      );
      const up = async (n: number) => {
        const registrations = await captureRegistrations(
          () => nlbCloud.declareResource("tcp", inputs(nlbCloud, ours(nlbCloud, n, 100))),
          { config: nlbCloud.config() },
        );
        const result = await stack.run((engine) => engine.up(registrations));
        expect(result.steps.map((s) => s.error)).toEqual([undefined]);
      };
      await up(3);
      await up(6);
      const reads = emu.calls({ cloud: "nlb" }).filter((c) => c.action === "GetJobStatus");
      // Two commands, each a plugin process with windows of its own, whose job reads the next one counts.
      expect(reads.length).toBeGreaterThan(quota.calls);
      expect(throttled(emu.calls({ cloud: "nlb" }))).toBe(0);
      expect(nlbCloud.read(emu)).toEqual(ours(nlbCloud, 6, 100));
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 120_000);
});
