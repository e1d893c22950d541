/**
 * ENS allows 10 calls per second per account, and the emulator enforces it as ENS does: a token bucket
 * per AccessKeyId holding 10 calls and refilling at 10 per second, answering `Throttling.User` when empty.
 * Every ENS resource of a deployment runs in one provider process and shares one client-side limiter per
 * AccessKeyId. Timings are read from the emulator's call log (`startedAt`, when each request arrived).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CallRecord } from "../emulator";
import { ensWorld, instances } from "./ensWorld";

type World = Awaited<ReturnType<typeof ensWorld>>;
const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

/** Ten ENS load balancer ids: lb- and lowercase alphanumerics, as ENS names them. */
const fleet = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => `lb-5qzdmxefgrpxd7oz${tag}${String(i).padStart(2, "0")}`);

async function world(accessKeyId: string, loadBalancers: string[], env: Record<string, string> = {}) {
  const created = await ensWorld({
    credential: { accessKeyId, accessKeySecret: `${accessKeyId}-secret` },
    loadBalancers,
    env,
  });
  worlds.push(created);
  return created;
}

/** Creates one attachment of `size` servers on each load balancer, all at once, one provider each. */
function createAll(w: World, loadBalancers: string[], size: number) {
  return Promise.all(
    loadBalancers.map((loadBalancerId, i) =>
      w.newProvider().create({
        loadBalancerId,
        backendServers: instances(size, `fleet${String(i).padStart(2, "0")}x`),
        __provider: "stored provider text",
      }),
    ),
  );
}

const span = (calls: CallRecord[]) =>
  Math.max(...calls.map((c) => c.startedAt)) - Math.min(...calls.map((c) => c.startedAt));
const throttled = (calls: CallRecord[]) => calls.filter((c) => c.code?.startsWith("Throttling")).length;

describe("the ENS per-account rate limit, shared by every ENS resource of the process", () => {
  it("reconciles ten load balancers of 100 servers each concurrently with zero throttling, within 1.2x the fastest the limit allows", async () => {
    const loadBalancers = fleet(10, "ten");
    const w = await world("TESTKEYENSFLEET10", loadBalancers);
    const wallStart = Date.now();
    await createAll(w, loadBalancers, 100);
    const wall = Date.now() - wallStart;

    const calls = w.emulator.calls({ cloud: "ens" });
    // Per load balancer: one read, then ceil(100/20) = 5 adds of 20.
    const C = 10 * (1 + 5);
    expect(calls).toHaveLength(C);
    expect(
      calls
        .filter((c) => c.action === "AddBackendServers")
        .map((c) => (c.params.BackendServers as unknown[]).length),
    ).toEqual(Array(50).fill(20));
    // The ten reconciles ran side by side: the first ten calls are the ten reads.
    expect(calls.slice(0, 10).map((c) => c.action)).toEqual(Array(10).fill("DescribeLoadBalancerAttribute"));
    expect(throttled(calls)).toBe(0);
    for (const lb of loadBalancers) expect(w.emulator.ensMembers(lb)).toHaveLength(100);

    // The fastest any client could go: spend the server's initial burst of 10 at once, then 10 per
    // second: the last of C calls starts (C - 10) / 10 s after the first. The bound is 1.2 times that.
    const minimalMs = ((C - 10) / 10) * 1000;
    const boundMs = 1.2 * minimalMs;
    const measured = span(calls);
    console.info(
      `ENS 10 x 100: ${C} calls, span ${measured} ms (wall ${wall} ms), minimal ${minimalMs} ms, bound ${boundMs} ms, ratio ${(measured / minimalMs).toFixed(3)}, throttled ${throttled(calls)}`,
    );
    expect(measured).toBeLessThanOrEqual(boundMs);
    // ...and about the limiter's own pace (10/s after a burst of 5: (C - 5) / 10 s), so it did the pacing,
    // not luck; the slack is for the first request, which may arrive late while its connection opens.
    expect(measured).toBeGreaterThanOrEqual(((C - 5) / 10) * 1000 - 100);
  });

  it("paces each AccessKey on its own: two accounts of five load balancers finish in the time of one", async () => {
    const [a, b] = [fleet(5, "aaa"), fleet(5, "bbb")];
    const [wa, wb] = await Promise.all([world("TESTKEYENSACCOUNTA", a), world("TESTKEYENSACCOUNTB", b)]);
    await Promise.all([createAll(wa, a, 100), createAll(wb, b, 100)]);

    const calls = [...wa.emulator.calls({ cloud: "ens" }), ...wb.emulator.calls({ cloud: "ens" })];
    expect(calls).toHaveLength(60);
    expect(throttled(calls)).toBe(0);
    // 30 calls per account at 10/s after a burst of 5 take 2.5 s; one limiter for both would take 5.5 s.
    expect(span(calls)).toBeLessThan(1.2 * 2500);
  });

  it("follows BACKEND_SERVERS_ENS_CALLS_PER_SECOND", async () => {
    const [lb] = fleet(1, "env");
    const w = await world("TESTKEYENSSLOWER4", [lb], { BACKEND_SERVERS_ENS_CALLS_PER_SECOND: "4" });
    await createAll(w, [lb], 100);

    const starts = w.emulator.calls({ cloud: "ens" }).map((c) => c.startedAt);
    expect(starts).toHaveLength(6);
    // 4 per second with a burst of 2: two at once, then one every 250 ms, so the sixth starts 1 s after
    // the first (at the default 10 per second with a burst of 5 it would be 0.1 s). The slack is for
    // requests that take a little longer to arrive than others.
    starts.forEach((t, k) => {
      expect(t - starts[0]).toBeGreaterThanOrEqual(Math.max(0, k - 1) * 250 - 20);
    });
    expect(starts[5] - starts[0]).toBeLessThan(1.2 * 1000);
  });
});
