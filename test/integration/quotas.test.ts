/**
 * Rate quotas through the real SDKs over HTTP: a server that throttles anyway (another tool on the same
 * account), and an operator's quota override that is not a quota.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ensWorld, instances } from "./ensWorld";
import { ecs, LB, slbWorld } from "./slbWorld";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe("rate quotas", () => {
  it("ENS: a deployment the server throttles anyway (another tool on the account) retries and converges", async () => {
    const loadBalancers = Array.from({ length: 3 }, (_, i) => `lb-5qzdmxefgrpxd7ozshared${i}`);
    const w = await ensWorld({
      credential: { accessKeyId: "TESTKEYENSSHARED", accessKeySecret: "ens-shared-secret" },
      loadBalancers,
    });
    closers.push(w.close);
    // The other tool's calls fill the account's window: the server refuses our next three writes.
    w.emulator.inject({ cloud: "ens", action: "AddBackendServers", kind: "throttle", count: 3 });

    await Promise.all(
      loadBalancers.map((loadBalancerId, i) =>
        w.newProvider().create({
          loadBalancerId,
          backendServers: instances(100, `shared${i}x`),
          __provider: "stored provider text",
        }),
      ),
    );
    for (const lb of loadBalancers) expect(w.emulator.ensMembers(lb)).toHaveLength(100);
    const calls = w.emulator.calls({ cloud: "ens" });
    expect(calls.filter((c) => c.code === "Throttling.User")).toHaveLength(3);
    // Each refused write is sent again, nothing else: 3 reads, 15 adds, 3 retries.
    expect(calls).toHaveLength(3 + 15 + 3);
  });

  it.each([
    ["BACKEND_SERVERS_SLB_WRITE_QUOTA", "ninety/60"],
    ["BACKEND_SERVERS_SLB_READ_QUOTA", "0/60"],
  ])("refuses %s=%s before any call, naming the variable, the value and the form", async (name, value) => {
    const w = await slbWorld({ [name]: value });
    closers.push(w.close);
    await expect(
      w.provider.create({ loadBalancerId: LB, backendServers: ecs(3), __provider: "text" }),
    ).rejects.toThrow(`${name}=${JSON.stringify(value)} is not a rate quota: write calls/seconds`);
    expect(w.emulator.calls()).toEqual([]);
  });
});
