/**
 * What only ENS does: ENIs attached per IP with ports, SetBackendServers that changes weights only (a
 * port change is a re-attach), members named as the cloud reports them, no region, plans gone stale
 * between the read and a write, and the server's per-account flow control. The behaviours every cloud
 * shares are in attachment.contract.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensKind } from "../../provider/clouds/alicloud/ens/kind";
import { type EnsBackendServer, ensModel } from "../../provider/clouds/alicloud/ens/members";
import { reconcile } from "../../provider/reconcile/reconcile";
import { RetryBudget } from "../../provider/reconcile/retry";
import { ensClient } from "../emulator/sdkClients";
import { ensCloud } from "../clouds";
import { world, type World } from "./world";

const LB = ensCloud.target;
const ENI = "eni-5uf6dwyzch3wly7";

let w: World;
beforeEach(async () => {
  w = await world(ensCloud);
});
afterEach(async () => {
  await w.close();
});

const inputs = (backendServers: unknown[]) => ({ loadBalancerId: LB, backendServers, __provider: "text" });
/** `n` ENS instances from `i-edge000000`, weight 100, as a program declares them. */
const instances = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ serverId: ensCloud.ours(i), weight: 100 }));
/** `serverId[@ip]:weight[/port]`, sorted: the load balancer's members as the cloud has them. */
const members = () =>
  w.emulator
    .ensMembers(LB)
    .map((m) => `${m.ServerId}${m.Ip ? `@${m.Ip}` : ""}:${m.Weight}${m.Port ? `/${m.Port}` : ""}`)
    .sort();

describe("ENS members on the wire", () => {
  it("attaches ENIs per IP with their ports, as numbers in one JSON list, sending no region", async () => {
    const declared = [
      ...instances(1),
      { serverId: ENI, type: "eni", ip: "192.168.0.1", port: 3309 },
      { serverId: ENI, type: "eni", ip: "192.168.0.2", weight: 0 },
    ];
    const { id, outs } = await w.provider.create(inputs(declared));

    expect(w.actions()).toEqual(["DescribeLoadBalancerAttribute", "AddBackendServers"]);
    for (const call of w.emulator.calls()) expect(Object.keys(call.params)).not.toContain("RegionId");
    expect(Object.keys(w.emulator.calls({ action: "AddBackendServers" })[0].params).sort()).toEqual([
      "BackendServers",
      "LoadBalancerId",
    ]);
    // Members go out in identity order: `eni:...` before `ens:...`.
    expect(w.sent("AddBackendServers")).toEqual([
      [
        { ServerId: ENI, Weight: 100, Type: "eni", Ip: "192.168.0.1", Port: 3309 },
        { ServerId: ENI, Weight: 0, Type: "eni", Ip: "192.168.0.2" },
        { ServerId: "i-edge000000", Weight: 100, Type: "ens" },
      ],
    ]);
    expect(members()).toEqual([`${ENI}@192.168.0.1:100/3309`, `${ENI}@192.168.0.2:0`, "i-edge000000:100"]);
    expect(outs).not.toHaveProperty("regionId");

    // Removal names an instance by ServerId and Type, an ENI's IP with its Ip and Port.
    await w.provider.delete(id, outs);
    expect(w.sent("RemoveBackendServers")).toEqual([
      [
        { ServerId: ENI, Type: "eni", Ip: "192.168.0.1", Port: 3309 },
        { ServerId: ENI, Type: "eni", Ip: "192.168.0.2" },
        { ServerId: "i-edge000000", Type: "ens" },
      ],
    ]);
    expect(members()).toEqual([]);
  });

  it("changes an instance's weight with SetBackendServers (ServerId, Type, Weight), and re-attaches a port change", async () => {
    const declared = [
      ...instances(30),
      { serverId: "i-edge000100", port: 80 },
      { serverId: ENI, type: "eni", ip: "192.168.0.1", port: 80 },
    ];
    const { id, outs } = await w.provider.create(inputs(declared));
    w.emulator.clearCalls();
    w.log.length = 0;

    const next = declared.map((m) =>
      m.serverId === "i-edge000007"
        ? { ...m, weight: 5 }
        : m.serverId === ENI || m.serverId === "i-edge000100"
          ? { ...m, port: 8080 }
          : m,
    );
    const { outs: after } = await w.provider.update(id, outs, inputs(next));

    // Set applies weights only: a port change is a removal and an addition of that member.
    expect(w.actions()).toEqual([
      "DescribeLoadBalancerAttribute",
      "SetBackendServers",
      "RemoveBackendServers",
      "AddBackendServers",
    ]);
    expect(w.sent("SetBackendServers")).toEqual([[{ ServerId: "i-edge000007", Type: "ens", Weight: 5 }]]);
    expect(w.sent("RemoveBackendServers")).toEqual([
      [
        { ServerId: ENI, Type: "eni", Ip: "192.168.0.1", Port: 80 },
        { ServerId: "i-edge000100", Type: "ens", Port: 80 },
      ],
    ]);
    expect(w.sent("AddBackendServers")).toEqual([
      [
        { ServerId: ENI, Weight: 100, Type: "eni", Ip: "192.168.0.1", Port: 8080 },
        { ServerId: "i-edge000100", Weight: 100, Type: "ens", Port: 8080 },
      ],
    ]);
    expect(w.log).toEqual([
      `SetBackendServers load balancer ${LB}: batch 1/1, 1 server`,
      `RemoveBackendServers (re-attach) load balancer ${LB}: batch 1/1, 2 servers`,
      `AddBackendServers (re-attach) load balancer ${LB}: batch 1/1, 2 servers`,
    ]);
    expect(members()).toContain("i-edge000007:5");
    expect(members()).toContain("i-edge000100:100/8080");
    expect(members()).toContain(`${ENI}@192.168.0.1:100/8080`);
    expect(members()).toHaveLength(32);
    const recorded = after.backendServers as Record<string, unknown>;
    expect(recorded["ens:i-edge000007"]).toEqual({ serverId: "i-edge000007", type: "ens", weight: 5 });
    expect(recorded["ens:i-edge000100 port 8080"]).toEqual({
      serverId: "i-edge000100",
      type: "ens",
      weight: 100,
      port: 8080,
    });

    // The next run finds the ports as declared: nothing to do.
    w.emulator.clearCalls();
    await w.provider.update(id, after, inputs(next));
    expect(w.actions()).toEqual(["DescribeLoadBalancerAttribute"]);
  });

  it("sets the weight of an ENI attached with one IP in place, naming the ENI only", async () => {
    w.emulator.setEnsMembers(LB, [{ ServerId: ENI, Type: "eni", Ip: "192.168.0.1", Weight: 100 }]);
    await w.provider.create(inputs([{ serverId: ENI, type: "eni", ip: "192.168.0.1", weight: 10 }]));
    expect(w.actions()).toEqual(["DescribeLoadBalancerAttribute", "SetBackendServers"]);
    expect(w.sent("SetBackendServers")).toEqual([[{ ServerId: ENI, Type: "eni", Weight: 10 }]]);
    expect(members()).toEqual([`${ENI}@192.168.0.1:10`]);
  });

  it("makes each IP's declared weight of a multi-IP ENI come true, leaving its other IPs as they are", async () => {
    w.emulator.setEnsMembers(LB, [
      { ServerId: ENI, Type: "eni", Ip: "192.168.0.1", Weight: 100 },
      { ServerId: ENI, Type: "eni", Ip: "192.168.0.2", Weight: 100 },
      { ServerId: ENI, Type: "eni", Ip: "192.168.0.3", Weight: 40 }, // attached by someone else
    ]);
    const declared = [
      { serverId: ENI, type: "eni", ip: "192.168.0.1", weight: 10 },
      { serverId: ENI, type: "eni", ip: "192.168.0.2", weight: 100 },
    ];
    await w.provider.create(inputs(declared));

    // SetBackendServers cannot name one IP: that one IP is re-attached with its weight instead.
    expect(w.sent("SetBackendServers")).toEqual([]);
    expect(w.sent("RemoveBackendServers")).toEqual([[{ ServerId: ENI, Type: "eni", Ip: "192.168.0.1" }]]);
    expect(members()).toEqual([`${ENI}@192.168.0.1:10`, `${ENI}@192.168.0.2:100`, `${ENI}@192.168.0.3:40`]);
  });

  it("names a member in RemoveBackendServers as the cloud reports it (an instance's own IP and port)", async () => {
    w.emulator.setEnsMembers(LB, [
      { ServerId: "i-edge000000", Type: "ens", Ip: "10.0.0.1", Port: 443, Weight: 100 },
      { ServerId: "i-edge000001", Type: "ens", Ip: "10.0.0.2", Weight: 100 },
    ]);
    const { id, outs } = await w.provider.create(
      inputs([{ serverId: "i-edge000000", weight: 7 }, instances(2)[1]]),
    );
    expect(w.actions()).toEqual(["DescribeLoadBalancerAttribute", "SetBackendServers"]);
    expect(w.sent("SetBackendServers")).toEqual([[{ ServerId: "i-edge000000", Type: "ens", Weight: 7 }]]);
    // The instance's reported IP is not recorded as if it were declared.
    expect(outs.backendServers).toEqual({
      "ens:i-edge000000": { serverId: "i-edge000000", type: "ens", weight: 7 },
      "ens:i-edge000001": { serverId: "i-edge000001", type: "ens", weight: 100 },
    });

    await w.provider.delete(id, outs);
    expect(w.sent("RemoveBackendServers")).toEqual([
      [
        { ServerId: "i-edge000000", Type: "ens", Ip: "10.0.0.1", Port: 443 },
        { ServerId: "i-edge000001", Type: "ens", Ip: "10.0.0.2" },
      ],
    ]);
    expect(members()).toEqual([]);
  });

  it("refreshes an instance's port from the string ENS reports it in", async () => {
    const { id, outs } = await w.provider.create(inputs([{ serverId: "i-edge000000", port: 8080 }]));
    w.emulator.setEnsMembers(LB, [
      { ServerId: "i-edge000000", Type: "ens", Ip: "10.0.0.1", Port: 8080, Weight: 30 },
    ]);
    const read = await w.provider.read(id, outs);
    expect(read.inputs.backendServers).toEqual({
      "ens:i-edge000000 port 8080": { serverId: "i-edge000000", type: "ens", weight: 30, port: 8080 },
    });
  });

  it("retries the server's own per-account flow control when another client drained the account's calls", async () => {
    // A clock that can stand still: while it does, the emulator's per-account window never moves on.
    const clock = { frozenAt: undefined as number | undefined, skew: 0 };
    const now = () => clock.frozenAt ?? Date.now() - clock.skew;
    await w.close();
    w = await world(ensCloud, { now });
    clock.frozenAt = now();
    const other = ensClient(w.emulator, ensCloud.key);
    for (let i = 0; i < 10; i++) await other("DescribeLoadBalancerAttribute", { LoadBalancerId: LB });

    // Time moves again once the provider has been refused: a second later the window has room again.
    const stop = w.emulator.onCall((call) => {
      if (call.code !== "Throttling.User" || clock.frozenAt === undefined) return;
      clock.skew = Date.now() - clock.frozenAt;
      clock.frozenAt = undefined;
    });
    await w.provider.create(inputs(instances(3)));
    stop();

    const ours = w.emulator.calls({ cloud: "ens" }).slice(10);
    expect(ours[0]).toMatchObject({ action: "DescribeLoadBalancerAttribute", code: "Throttling.User" });
    expect(ours.filter((c) => c.code === undefined).map((c) => c.action)).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
    ]);
    expect(members()).toHaveLength(3);
  });

  it("requires the IP of an ENI before any call", async () => {
    await expect(w.provider.create(inputs([{ serverId: ENI, type: "eni", weight: 100 }]))).rejects.toThrow(
      /ip is required for type "eni"/,
    );
    expect(w.actions()).toEqual([]);
  });
});

describe("ENS drains name each server once", () => {
  const rollout = { drainSeconds: 0 };
  const ip = (last: number, port: number) => ({ serverId: ENI, type: "eni", ip: `192.168.0.${last}`, port });

  it("drains a re-attach wave of an ENI's two IPs beside removals: one SetBackendServers entry per server", async () => {
    const before = [ip(1, 80), ip(2, 80), ...instances(4)];
    const { id, outs } = await w.provider.create({ ...inputs(before), rollout });
    w.emulator.clearCalls();
    w.log.length = 0;

    // Both IPs change port (one wave, drained together: Set names the ENI), two instances go.
    await w.provider.update(id, outs, { ...inputs([ip(1, 8080), ip(2, 8080), ...instances(2)]), rollout });

    expect(w.actions()).toEqual([
      "DescribeLoadBalancerAttribute",
      "SetBackendServers",
      "RemoveBackendServers",
      "AddBackendServers",
      "SetBackendServers",
      "RemoveBackendServers",
    ]);
    expect(w.sent("SetBackendServers")).toEqual([
      [{ ServerId: ENI, Type: "eni", Weight: 0 }],
      [
        { ServerId: "i-edge000002", Type: "ens", Weight: 0 },
        { ServerId: "i-edge000003", Type: "ens", Weight: 0 },
      ],
    ]);
    expect(w.sent("RemoveBackendServers")).toEqual([
      [
        { ServerId: ENI, Type: "eni", Ip: "192.168.0.1", Port: 80 },
        { ServerId: ENI, Type: "eni", Ip: "192.168.0.2", Port: 80 },
      ],
      [
        { ServerId: "i-edge000002", Type: "ens" },
        { ServerId: "i-edge000003", Type: "ens" },
      ],
    ]);
    expect(w.log).toContain(`SetBackendServers load balancer ${LB}: batch 1/1, 1 server`);
    expect(members()).toEqual([
      `${ENI}@192.168.0.1:100/8080`,
      `${ENI}@192.168.0.2:100/8080`,
      "i-edge000000:100",
      "i-edge000001:100",
    ]);
  });
});

describe("ENS plans gone stale, through the real adapter and error classification", () => {
  const declared = (n: number): EnsBackendServer[] =>
    instances(n).map((m) => ({ ...m, type: "ens" as const }));
  const calls = () =>
    w.emulator.calls({ cloud: "ens" }).map((c) => `${c.action}${c.code ? ` ${c.code}` : ""}`);
  /**
   * Reconciles three declared instances through the real ENS adapter, with another client changing the
   * load balancer (`race`) just before the first `method` request goes out.
   */
  async function racing(method: "add" | "update", race: (batch: readonly EnsBackendServer[]) => void) {
    const api = ensKind.connect(ensKind.resolve({ loadBalancerId: LB }, w.settings), w.settings, w.shared);
    let raced = false;
    const send = api[method] as (batch: readonly EnsBackendServer[]) => Promise<unknown>;
    const interposed = {
      ...api,
      [method]: async (batch: readonly EnsBackendServer[]) => {
        if (!raced) race(batch);
        raced = true;
        return send(batch);
      },
    };
    return reconcile(
      ensModel,
      interposed,
      { desired: declared(3), previouslyManaged: [], exclusive: false },
      { budget: new RetryBudget({ baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 10_000 }), log: () => {} },
    );
  }

  it("re-reads and adopts a server someone attached between the read and the add (InvalidParameter.BackendServerExists)", async () => {
    const outcome = await racing("add", (batch) =>
      w.emulator.setEnsMembers(LB, [{ ServerId: batch[0].serverId, Type: "ens", Weight: 100 }]),
    );
    expect(calls()).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers InvalidParameter.BackendServerExists",
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
    ]);
    expect(w.sent("AddBackendServers")[1].map((s) => s.ServerId)).toEqual(["i-edge000001", "i-edge000002"]);
    expect(members()).toEqual(["i-edge000000:100", "i-edge000001:100", "i-edge000002:100"]);
    expect(outcome.managed).toHaveLength(3);
  });

  it("re-reads and re-plans when a server it is re-weighting was detached meanwhile (InvalidParameter.BackendServerNotFound)", async () => {
    w.emulator.setEnsMembers(
      LB,
      declared(3).map((m) => ({ ServerId: m.serverId, Type: "ens", Weight: 10 })),
    );
    await racing("update", () =>
      w.emulator.setEnsMembers(
        LB,
        w.emulator.ensMembers(LB).filter((m) => m.ServerId !== "i-edge000001"),
      ),
    );
    expect(calls()).toEqual([
      "DescribeLoadBalancerAttribute",
      "SetBackendServers InvalidParameter.BackendServerNotFound",
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
      "SetBackendServers",
    ]);
    expect(members()).toEqual(["i-edge000000:100", "i-edge000001:100", "i-edge000002:100"]);
  });
});

describe("ENS IPv6 members", () => {
  it("treats two spellings of one IPv6 address as one member: adopted, no call", async () => {
    w.emulator.setEnsMembers(LB, [{ ServerId: ENI, Type: "eni", Ip: "2001:DB8:0::1", Weight: 100 }]);
    const { outs } = await w.provider.create(
      inputs([{ serverId: ENI, type: "eni", ip: "2001:db8::1", weight: 100 }]),
    );
    expect(w.actions()).toEqual(["DescribeLoadBalancerAttribute"]);
    expect(Object.keys(outs.backendServers as object)).toEqual([`eni:${ENI}@2001:db8::1`]);
  });
});
