/**
 * ENS allows 10 calls per second per account, and the emulator counts them per sliding second per
 * AccessKeyId (emulator/contract/quotas.ts), answering `Throttling.User` over the quota. Every ENS
 * resource of a deployment runs in one provider process and shares one pacer per AccessKeyId. Timings are
 * read from the emulator's call log (`startedAt`, when each request arrived). The same figure through the
 * real plugin is in test/engine/quotas.engine.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CallRecord } from "../../emulator";
import { RunShared } from "../../provider/reconcile/runShared";
import { ensCloud, inputs, ours } from "../clouds";
import { world as start, type World } from "./world";

const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

/** Ten ENS load balancer ids: lb- and lowercase alphanumerics, as ENS names them. */
const fleet = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => `lb-5qzdmxefgrpxd7oz${tag}${String(i).padStart(2, "0")}`);

/** One run for every world of a test, as one plugin process serves every resource of a deployment. */
let run = new RunShared();
afterEach(() => {
  run = new RunShared();
});

async function world(accessKeyId: string, loadBalancers: string[], env: Record<string, string> = {}) {
  const credential = { accessKeyId, accessKeySecret: `${accessKeyId}-secret` };
  const created = await start(ensCloud, {
    seed: {
      credentials: [credential],
      ens: { loadBalancers: loadBalancers.map((loadBalancerId) => ({ loadBalancerId })) },
    },
    config: ensCloud.config(credential),
    env,
    shared: run,
  });
  worlds.push(created);
  return created;
}

/** Creates one attachment of `size` servers on each load balancer, all at once, one provider each. */
function createAll(w: World, loadBalancers: string[], size: number) {
  return Promise.all(
    loadBalancers.map((loadBalancerId, i) =>
      w
        .newProvider()
        .create(
          inputs(ensCloud, ours(ensCloud, size, 100, i * size), { __provider: "text" }, loadBalancerId),
        ),
    ),
  );
}

/** The last call cannot arrive before (ceil(C / calls) − 1) windows after the first window's last. */
const boundFromFirstWindow = (calls: CallRecord[], quota: { calls: number; windowMs: number }) =>
  calls[quota.calls - 1].startedAt -
  calls[0].startedAt +
  (Math.ceil(calls.length / quota.calls) - 1) * quota.windowMs;
const span = (calls: CallRecord[]) =>
  Math.max(...calls.map((c) => c.startedAt)) - Math.min(...calls.map((c) => c.startedAt));
const throttled = (calls: CallRecord[]) => calls.filter((c) => c.code?.startsWith("Throttling")).length;

describe("the ENS per-account rate limit, shared by every ENS resource of the process", () => {
  it("reconciles ten load balancers of 100 servers each concurrently with zero throttling, at the quota's pace", async () => {
    const loadBalancers = fleet(10, "ten");
    const w = await world("TESTKEYENSFLEET10", loadBalancers);
    await createAll(w, loadBalancers, 100);

    const calls = w.emulator.calls({ cloud: "ens" });
    // Per load balancer: one read, then ceil(100/20) = 5 adds of 20.
    expect(calls).toHaveLength(60);
    expect(
      calls
        .filter((c) => c.action === "AddBackendServers")
        .map((c) => (c.params.BackendServers as unknown[]).length),
    ).toEqual(Array(50).fill(20));
    // The ten reconciles ran side by side: the first ten calls are the ten reads.
    expect(calls.slice(0, 10).map((c) => c.action)).toEqual(Array(10).fill("DescribeLoadBalancerAttribute"));
    expect(throttled(calls)).toBe(0);
    for (const lb of loadBalancers) expect(w.emulator.ensMembers(lb)).toHaveLength(100);
    // Never faster than a full window a second (5 s for 60 calls), and near that pace (target 1.1x; 1.2x
    // allowed beside the rest of the suite on shared cores, see test/engine/quotas.engine.test.ts).
    expect(span(calls)).toBeGreaterThanOrEqual(5000);
    expect(span(calls)).toBeLessThanOrEqual(1.2 * boundFromFirstWindow(calls, { calls: 10, windowMs: 1000 }));
  });

  it("paces each AccessKey on its own: two accounts of five load balancers finish in the time of one", async () => {
    const [a, b] = [fleet(5, "aaa"), fleet(5, "bbb")];
    const [wa, wb] = await Promise.all([world("TESTKEYENSACCOUNTA", a), world("TESTKEYENSACCOUNTB", b)]);
    await Promise.all([createAll(wa, a, 100), createAll(wb, b, 100)]);

    const [ca, cb] = [wa.emulator.calls({ cloud: "ens" }), wb.emulator.calls({ cloud: "ens" })];
    expect([ca.length, cb.length]).toEqual([30, 30]);
    expect(throttled([...ca, ...cb])).toBe(0);
    // 30 calls per account take 2 s at 10 per second; one pacer for both would take 5 s.
    for (const calls of [ca, cb])
      expect(span(calls)).toBeLessThanOrEqual(
        1.2 * boundFromFirstWindow(calls, { calls: 10, windowMs: 1000 }),
      );
    expect(span([...ca, ...cb])).toBeLessThan(4000);
  });

  it.each([
    ["BACKEND_SERVERS_ENS_QUOTA", "3/0.5", { calls: 3, windowMs: 500 }, "new"],
    ["BACKEND_SERVERS_ENS_CALLS_PER_SECOND", "4", { calls: 4, windowMs: 1000 }, "old"],
  ])("follows %s=%s", async (name, value, quota, tag) => {
    const [lb] = fleet(1, tag);
    const w = await world(`TESTKEYENS${quota.calls}PER${quota.windowMs}`, [lb], { [name]: value });
    await createAll(w, [lb], 100);

    const starts = w.emulator.calls({ cloud: "ens" }).map((c) => c.startedAt);
    expect(starts).toHaveLength(6);
    // Call k + calls starts a window after call k: at 10 per second all six would go within 0.1 s.
    for (let k = 0; k + quota.calls < starts.length; k++)
      expect(starts[k + quota.calls] - starts[k]).toBeGreaterThanOrEqual(quota.windowMs);
    expect(starts[5] - starts[0]).toBeLessThan(1.3 * quota.windowMs * Math.ceil(6 / quota.calls - 1));
  });
});
