import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensKind } from "../../provider/clouds/alicloud/ens/kind";
import { type EnsBackendServer, ensModel } from "../../provider/clouds/alicloud/ens/members";
import { reconcile } from "../../provider/reconcile/reconcile";
import { RetryBudget } from "../../provider/reconcile/retry";
import { AttachmentProvider, PartialFailure } from "../../provider/runtime/attachmentProvider";
import { fixedSettings } from "../../provider/runtime/settings";
import { ensClient } from "../emulator/sdkClients";
import { CREDENTIAL, ensWorld, instances, LB } from "./ensWorld";

type World = Awaited<ReturnType<typeof ensWorld>>;
let world: World;

beforeEach(async () => {
  world = await ensWorld();
});
afterEach(async () => {
  await world.close();
});

const inputs = (backendServers: unknown[], extra: Record<string, unknown> = {}) => ({
  loadBalancerId: LB,
  backendServers,
  __provider: "stored provider text",
  ...extra,
});
const ENI = "eni-5uf6dwyzch3wly7";

describe("ENS BackendServerAttachment through pop-core against the emulator", () => {
  it("creates 45 members from empty in one read and ceil(45/20) = 3 adds of one JSON string each, with no region", async () => {
    const declared = [
      ...instances(43),
      { serverId: ENI, type: "eni", ip: "192.168.0.1", port: 3309 },
      { serverId: ENI, type: "eni", ip: "192.168.0.2", weight: 0 },
    ];
    const { id, outs } = await world.provider.create(inputs(declared));

    expect(id).toMatch(/^lb-5qzdmxefgrpxd7oz2mefonvtx\/[0-9a-f]{8}$/);
    expect(world.actions()).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
      "AddBackendServers",
      "AddBackendServers",
    ]);
    const adds = world.emulator.calls({ action: "AddBackendServers" });
    for (const call of world.emulator.calls())
      expect(Object.keys(call.params).sort()).not.toContain("RegionId");
    expect(Object.keys(adds[0].params).sort()).toEqual(["BackendServers", "LoadBalancerId"]);
    const sent = world.sent("AddBackendServers");
    expect(sent.map((batch) => batch.length)).toEqual([20, 20, 5]);
    // Members go out in identity order: `eni:...` before `ens:...`.
    expect(sent[0][2]).toEqual({ ServerId: "i-edge000000", Weight: 100, Type: "ens" });
    expect(sent.flat().filter((s) => s.Type === "eni")).toEqual([
      { ServerId: ENI, Weight: 100, Type: "eni", Ip: "192.168.0.1", Port: 3309 },
      { ServerId: ENI, Weight: 0, Type: "eni", Ip: "192.168.0.2" },
    ]);
    expect(world.members()).toHaveLength(45);
    expect(world.members()).toContain(`${ENI}@192.168.0.1:100/3309`);
    expect(Object.keys(outs.backendServers as object)).toHaveLength(45);
    expect(outs).toMatchObject({ loadBalancerId: LB, exclusive: false });
    expect(outs).not.toHaveProperty("regionId");
    expect(world.log).toEqual([
      `AddBackendServers load balancer ${LB}: batch 1/3, 20 servers`,
      `AddBackendServers load balancer ${LB}: batch 2/3, 20 servers`,
      `AddBackendServers load balancer ${LB}: batch 3/3, 5 servers`,
    ]);
  });

  it("adopts declared members that exist, sets differing weights, and leaves undeclared ones alone (shared)", async () => {
    world.emulator.setEnsMembers(LB, [
      { ServerId: "i-edge000000", Type: "ens", Weight: 100 },
      { ServerId: "i-edge000001", Type: "ens", Weight: 10 },
      { ServerId: "i-autoscaled01", Type: "ens", Weight: 50 },
    ]);
    await world.provider.create(inputs(instances(3)));

    expect(world.actions()).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
      "SetBackendServers",
    ]);
    expect(world.sent("AddBackendServers")).toEqual([
      [{ ServerId: "i-edge000002", Weight: 100, Type: "ens" }],
    ]);
    expect(world.sent("SetBackendServers")).toEqual([
      [{ ServerId: "i-edge000001", Weight: 100, Type: "ens" }],
    ]);
    expect(world.members()).toEqual([
      "i-autoscaled01:50",
      "i-edge000000:100",
      "i-edge000001:100",
      "i-edge000002:100",
    ]);
  });

  it("changes an instance's weight with SetBackendServers (ServerId, Type, Weight), and re-attaches a port change", async () => {
    const declared = [
      ...instances(30),
      { serverId: "i-edge000100", port: 80 },
      { serverId: ENI, type: "eni", ip: "192.168.0.1", port: 80 },
    ];
    const { id, outs } = await world.provider.create(inputs(declared));
    world.emulator.clearCalls();
    world.log.length = 0;

    const next = declared.map((m) =>
      m.serverId === "i-edge000007"
        ? { ...m, weight: 5 }
        : m.serverId === ENI || m.serverId === "i-edge000100"
          ? { ...m, port: 8080 }
          : m,
    );
    const { outs: after } = await world.provider.update(id, outs, inputs(next));

    // Set applies weights only: a port change is a removal and an addition of that member.
    expect(world.actions()).toEqual([
      "DescribeLoadBalancerAttribute",
      "SetBackendServers",
      "RemoveBackendServers",
      "AddBackendServers",
    ]);
    expect(world.sent("SetBackendServers")).toEqual([[{ ServerId: "i-edge000007", Type: "ens", Weight: 5 }]]);
    expect(world.sent("RemoveBackendServers")).toEqual([
      [
        { ServerId: ENI, Type: "eni", Ip: "192.168.0.1", Port: 80 },
        { ServerId: "i-edge000100", Type: "ens", Port: 80 },
      ],
    ]);
    expect(world.sent("AddBackendServers")).toEqual([
      [
        { ServerId: ENI, Weight: 100, Type: "eni", Ip: "192.168.0.1", Port: 8080 },
        { ServerId: "i-edge000100", Weight: 100, Type: "ens", Port: 8080 },
      ],
    ]);
    expect(world.log).toEqual([
      `SetBackendServers load balancer ${LB}: batch 1/1, 1 server`,
      `RemoveBackendServers (re-attach) load balancer ${LB}: batch 1/1, 2 servers`,
      `AddBackendServers (re-attach) load balancer ${LB}: batch 1/1, 2 servers`,
    ]);
    expect(world.members()).toContain("i-edge000007:5");
    expect(world.members()).toContain("i-edge000100:100/8080");
    expect(world.members()).toContain(`${ENI}@192.168.0.1:100/8080`);
    expect(world.members()).toHaveLength(32);
    const recorded = after.backendServers as Record<string, unknown>;
    expect(recorded["ens:i-edge000007"]).toEqual({ serverId: "i-edge000007", type: "ens", weight: 5 });
    expect(recorded["ens:i-edge000100 port 8080"]).toEqual({
      serverId: "i-edge000100",
      type: "ens",
      weight: 100,
      port: 8080,
    });

    // The next run finds the ports as declared: nothing to do.
    world.emulator.clearCalls();
    await world.provider.update(id, after, inputs(next));
    expect(world.actions()).toEqual(["DescribeLoadBalancerAttribute"]);
  });

  it("sets the weight of an ENI attached with one IP in place, naming the ENI only", async () => {
    world.emulator.setEnsMembers(LB, [{ ServerId: ENI, Type: "eni", Ip: "192.168.0.1", Weight: 100 }]);
    await world.provider.create(inputs([{ serverId: ENI, type: "eni", ip: "192.168.0.1", weight: 10 }]));
    expect(world.actions()).toEqual(["DescribeLoadBalancerAttribute", "SetBackendServers"]);
    expect(world.sent("SetBackendServers")).toEqual([[{ ServerId: ENI, Type: "eni", Weight: 10 }]]);
    expect(world.members()).toEqual([`${ENI}@192.168.0.1:10`]);
  });

  it("makes each IP's declared weight of a multi-IP ENI come true, leaving its other IPs as they are", async () => {
    world.emulator.setEnsMembers(LB, [
      { ServerId: ENI, Type: "eni", Ip: "192.168.0.1", Weight: 100 },
      { ServerId: ENI, Type: "eni", Ip: "192.168.0.2", Weight: 100 },
      { ServerId: ENI, Type: "eni", Ip: "192.168.0.3", Weight: 40 }, // attached by someone else
    ]);
    const declared = [
      { serverId: ENI, type: "eni", ip: "192.168.0.1", weight: 10 },
      { serverId: ENI, type: "eni", ip: "192.168.0.2", weight: 100 },
    ];
    await world.provider.create(inputs(declared));

    // SetBackendServers cannot name one IP: that one IP is re-attached with its weight instead.
    expect(world.sent("SetBackendServers")).toEqual([]);
    expect(world.sent("RemoveBackendServers")).toEqual([[{ ServerId: ENI, Type: "eni", Ip: "192.168.0.1" }]]);
    expect(world.members()).toEqual([
      `${ENI}@192.168.0.1:10`,
      `${ENI}@192.168.0.2:100`,
      `${ENI}@192.168.0.3:40`,
    ]);
  });

  it("names a member in RemoveBackendServers as the cloud reports it (an instance's own IP and port)", async () => {
    world.emulator.setEnsMembers(LB, [
      { ServerId: "i-edge000000", Type: "ens", Ip: "10.0.0.1", Port: 443, Weight: 100 },
      { ServerId: "i-edge000001", Type: "ens", Ip: "10.0.0.2", Weight: 100 },
    ]);
    const { id, outs } = await world.provider.create(
      inputs([{ serverId: "i-edge000000", weight: 7 }, instances(2)[1]]),
    );
    expect(world.actions()).toEqual(["DescribeLoadBalancerAttribute", "SetBackendServers"]);
    expect(world.sent("SetBackendServers")).toEqual([[{ ServerId: "i-edge000000", Type: "ens", Weight: 7 }]]);
    // The instance's reported IP is not recorded as if it were declared.
    expect(outs.backendServers).toEqual({
      "ens:i-edge000000": { serverId: "i-edge000000", type: "ens", weight: 7 },
      "ens:i-edge000001": { serverId: "i-edge000001", type: "ens", weight: 100 },
    });

    await world.provider.delete(id, outs);
    expect(world.sent("RemoveBackendServers")).toEqual([
      [
        { ServerId: "i-edge000000", Type: "ens", Ip: "10.0.0.1", Port: 443 },
        { ServerId: "i-edge000001", Type: "ens", Ip: "10.0.0.2" },
      ],
    ]);
    expect(world.members()).toEqual([]);
  });

  it("updates in add, set, remove order with exactly ceil(n/20) calls of each, against what the cloud has", async () => {
    const { id, outs } = await world.provider.create(inputs(instances(40)));
    world.emulator.clearCalls();
    // 21 re-weighted, 1 removed, 20 added.
    const next = [
      ...instances(21).map((m) => ({ ...m, weight: 5 })),
      ...instances(18, "edge", 21),
      ...instances(20, "new"),
    ];
    const { outs: after } = await world.provider.update(id, outs, inputs(next));

    expect(world.actions()).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
      "SetBackendServers",
      "SetBackendServers",
      "RemoveBackendServers",
    ]);
    expect(world.sent("SetBackendServers").map((batch) => batch.length)).toEqual([20, 1]);
    expect(world.sent("RemoveBackendServers")).toEqual([[{ ServerId: "i-edge000039", Type: "ens" }]]);
    expect(world.members()).toHaveLength(59);
    expect(Object.keys(after.backendServers as object)).toHaveLength(59);
  });

  it("makes no write at all when nothing changed, whatever the order", async () => {
    const { id, outs } = await world.provider.create(inputs(instances(25)));
    world.emulator.clearCalls();
    await world.provider.update(id, outs, inputs([...instances(25)].reverse()));
    expect(world.actions()).toEqual(["DescribeLoadBalancerAttribute"]);
  });

  it("never removes members it did not declare, on update or on delete (shared)", async () => {
    const { id, outs } = await world.provider.create(inputs(instances(3)));
    world.emulator.setEnsMembers(LB, [
      ...world.emulator.ensMembers(LB),
      { ServerId: "i-byhand0001", Type: "ens", Weight: 1 },
    ]);
    const { outs: after } = await world.provider.update(id, outs, inputs(instances(2)));
    expect(world.members()).toEqual(["i-byhand0001:1", "i-edge000000:100", "i-edge000001:100"]);

    world.emulator.clearCalls();
    await world.provider.delete(id, after);
    expect(world.actions()).toEqual(["DescribeLoadBalancerAttribute", "RemoveBackendServers"]);
    expect(world.members()).toEqual(["i-byhand0001:1"]);
  });

  it("removes every undeclared member with exclusive: true, in batches of 20, after adding", async () => {
    world.emulator.setEnsMembers(
      LB,
      Array.from({ length: 25 }, (_, i) => ({
        ServerId: `i-stray${String(i).padStart(6, "0")}`,
        Type: "ens" as const,
        Weight: 100,
      })),
    );
    await world.provider.create(inputs(instances(2), { exclusive: true }));
    expect(world.actions()).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
      "RemoveBackendServers",
      "RemoveBackendServers",
    ]);
    expect(world.sent("RemoveBackendServers").map((batch) => batch.length)).toEqual([20, 5]);
    expect(world.members()).toEqual(["i-edge000000:100", "i-edge000001:100"]);
  });

  it("refreshes to the cloud's truth (Port read from its string form) and drops the resource when the load balancer is gone", async () => {
    const { id, outs } = await world.provider.create(
      inputs([{ serverId: "i-edge000000", port: 8080 }, ...instances(2, "edge", 1)]),
    );
    world.emulator.setEnsMembers(LB, [
      { ServerId: "i-edge000000", Type: "ens", Ip: "10.0.0.1", Port: 8080, Weight: 30 },
      { ServerId: "i-edge000002", Type: "ens", Weight: 100 },
      { ServerId: "i-other00001", Type: "ens", Weight: 100 },
    ]);
    const read = await world.provider.read(id, outs);
    expect(read.id).toBe(id);
    expect(read.inputs).toEqual({
      loadBalancerId: LB,
      exclusive: false,
      backendServers: {
        "ens:i-edge000000 port 8080": { serverId: "i-edge000000", type: "ens", weight: 30, port: 8080 },
        "ens:i-edge000002": { serverId: "i-edge000002", type: "ens", weight: 100 },
      },
    });

    // ENS answers a deleted load balancer with success and no LoadBalancerId, not with an error.
    world.emulator.deleteEnsLoadBalancer(LB);
    expect((await world.provider.read(id, outs)).id).toBe("");
    expect(world.emulator.calls({ action: "DescribeLoadBalancerAttribute" }).at(-1)?.code).toBeUndefined();
    // A delete after the load balancer went away has nothing left to do.
    world.emulator.clearCalls();
    await world.provider.delete(id, outs);
    expect(world.actions()).toEqual(["DescribeLoadBalancerAttribute"]);
  });

  it.each(["no-id", "error"] as const)(
    "says a missing load balancer does not exist and changes nothing (answered %s); refresh drops it",
    async (goneAnswer) => {
      const { id, outs } = await world.provider.create(inputs(instances(2)));
      world.emulator.seed({ ens: { goneAnswer } });
      world.emulator.deleteEnsLoadBalancer(LB);
      world.emulator.clearCalls();
      await expect(world.provider.update(id, outs, inputs(instances(3)))).rejects.toThrow(
        `load balancer ${LB} does not exist (deleted outside Pulumi, or the wrong region or project?)`,
      );
      expect(world.actions()).toEqual(["DescribeLoadBalancerAttribute"]);
      expect((await world.provider.read(id, outs)).id).toBe("");
    },
  );

  it("retries injected throttling with backoff and converges", async () => {
    world.emulator.inject({ cloud: "ens", action: "AddBackendServers", kind: "throttle", count: 2 });
    await world.provider.create(inputs(instances(3)));
    const adds = world.emulator.calls({ action: "AddBackendServers" });
    expect(adds.map((c) => c.code)).toEqual(["Throttling.User", "Throttling.User", undefined]);
    expect(world.members()).toHaveLength(3);
  });

  it("retries the server's own per-account flow control when another client drained the account's calls", async () => {
    // A clock that can stand still: while it does, the emulator's per-account window never moves on.
    const clock = { frozenAt: undefined as number | undefined, skew: 0 };
    const now = () => clock.frozenAt ?? Date.now() - clock.skew;
    await world.close();
    world = await ensWorld({ now });
    clock.frozenAt = now();
    const other = ensClient(world.emulator, CREDENTIAL);
    for (let i = 0; i < 10; i++) await other("DescribeLoadBalancerAttribute", { LoadBalancerId: LB });

    // Time moves again once the provider has been refused: a second later the window has room again.
    const stop = world.emulator.onCall((call) => {
      if (call.code !== "Throttling.User" || clock.frozenAt === undefined) return;
      clock.skew = Date.now() - clock.frozenAt;
      clock.frozenAt = undefined;
    });
    await world.provider.create(inputs(instances(3)));
    stop();

    const ours = world.emulator.calls({ cloud: "ens" }).slice(10);
    expect(ours[0]).toMatchObject({ action: "DescribeLoadBalancerAttribute", code: "Throttling.User" });
    expect(ours.filter((c) => c.code === undefined).map((c) => c.action)).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
    ]);
    expect(world.members()).toHaveLength(3);
  });

  it("re-reads after a timed-out add that did succeed, and does not send it again", async () => {
    await world.close();
    world = await ensWorld({ env: { BACKEND_SERVERS_HTTP_TIMEOUT_MS: "300" } });
    world.emulator.inject({
      cloud: "ens",
      action: "AddBackendServers",
      kind: "timeout-after-apply",
      count: 1,
      latencyMs: 5000,
    });
    await world.provider.create(inputs(instances(25)));
    expect(world.actions()).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers", // applied, answer lost
      "DescribeLoadBalancerAttribute",
      "AddBackendServers", // only the 5 that remain
    ]);
    expect(world.sent("AddBackendServers")[1]).toHaveLength(5);
    expect(world.members()).toHaveLength(25);
  });

  it("reports a refused server with action, load balancer, code, message and RequestId, carrying the state reached", async () => {
    world.emulator.seed({ ens: { servers: [{ serverId: "i-edge000030", status: "Stopped" }] } });
    const error = await world.provider.create(inputs(instances(35))).catch((e) => e);

    expect(error).toBeInstanceOf(PartialFailure);
    expect(error.message).toMatch(
      new RegExp(
        `^AddBackendServers on load balancer ${LB} failed: IncorrectInstanceStatus: .+ \\(RequestId: [0-9A-F-]+\\)\\. The members attached so far are recorded in state; run \`pulumi up\` again to continue\\.$`,
      ),
    );
    expect(world.actions()).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
      "AddBackendServers",
    ]);
    expect(error.id).toMatch(/^lb-5qzdmxefgrpxd7oz2mefonvtx\//);
    expect(error.properties.__provider).toBe("stored provider text");
    expect(error.properties.loadBalancerId).toBe(LB);
    expect(Object.keys(error.properties.backendServers)).toHaveLength(20);
    expect(error.reasons).toEqual([error.message]);
    const everything = JSON.stringify(error.properties) + error.message + world.log.join("\n");
    expect(everything).not.toContain(CREDENTIAL.accessKeySecret);
  });

  it("says what to set when credentials are missing, before any call", async () => {
    const bare = new AttachmentProvider(ensKind, {
      settings: fixedSettings({}, { ALIBABA_CLOUD_ENS_ENDPOINT: world.emulator.endpoints.ens }),
      log: () => {},
    });
    await expect(bare.create(inputs(instances(1)))).rejects.toThrow(
      /alicloud:accessKey.+ALIBABA_CLOUD_ACCESS_KEY_ID/,
    );
    expect(world.actions()).toEqual([]);
  });

  it("rejects invalid inputs before any call", async () => {
    await expect(
      world.provider.create(inputs([{ serverId: ENI, type: "eni", weight: 100 }])),
    ).rejects.toThrow(/ip is required for type "eni"/);
    expect(world.actions()).toEqual([]);
  });
});

describe("ENS plans gone stale, through the real adapter and error classification", () => {
  const declared = (n: number): EnsBackendServer[] =>
    instances(n).map((m) => ({ ...m, type: "ens" as const }));
  const options = () => ({
    budget: new RetryBudget({ baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 10_000 }),
    log: () => {},
  });
  const calls = () =>
    world.emulator.calls({ cloud: "ens" }).map((c) => `${c.action}${c.code ? ` ${c.code}` : ""}`);

  it("re-reads and adopts a server someone attached between the read and the add (InvalidParameter.BackendServerExists)", async () => {
    const api = world.connect();
    let raced = false;
    const racing = {
      ...api,
      add: async (batch: readonly EnsBackendServer[]) => {
        if (!raced) {
          raced = true;
          world.emulator.setEnsMembers(LB, [{ ServerId: batch[0].serverId, Type: "ens", Weight: 100 }]);
        }
        return api.add(batch);
      },
    };
    const outcome = await reconcile(
      ensModel,
      racing,
      { desired: declared(3), previouslyManaged: [], exclusive: false },
      options(),
    );

    expect(calls()).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers InvalidParameter.BackendServerExists",
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
    ]);
    expect(world.sent("AddBackendServers")[1].map((s) => s.ServerId)).toEqual([
      "i-edge000001",
      "i-edge000002",
    ]);
    expect(world.members()).toEqual(["i-edge000000:100", "i-edge000001:100", "i-edge000002:100"]);
    expect(outcome.managed).toHaveLength(3);
  });

  it("re-reads and re-plans when a server it is re-weighting was detached meanwhile (InvalidParameter.BackendServerNotFound)", async () => {
    world.emulator.setEnsMembers(
      LB,
      declared(3).map((m) => ({ ServerId: m.serverId, Type: "ens", Weight: 10 })),
    );
    const api = world.connect();
    let raced = false;
    const racing = {
      ...api,
      update: async (batch: Parameters<typeof api.update>[0]) => {
        if (!raced) {
          raced = true;
          world.emulator.setEnsMembers(
            LB,
            world.emulator.ensMembers(LB).filter((m) => m.ServerId !== "i-edge000001"),
          );
        }
        return api.update(batch);
      },
    };
    await reconcile(
      ensModel,
      racing,
      { desired: declared(3), previouslyManaged: [], exclusive: false },
      options(),
    );

    expect(calls()).toEqual([
      "DescribeLoadBalancerAttribute",
      "SetBackendServers InvalidParameter.BackendServerNotFound",
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
      "SetBackendServers",
    ]);
    expect(world.members()).toEqual(["i-edge000000:100", "i-edge000001:100", "i-edge000002:100"]);
  });
});

describe("ENS IPv6 members", () => {
  it("treats two spellings of one IPv6 address as one member: adopted, no call", async () => {
    world.emulator.setEnsMembers(LB, [{ ServerId: ENI, Type: "eni", Ip: "2001:DB8:0::1", Weight: 100 }]);
    const { outs } = await world.provider.create(
      inputs([{ serverId: ENI, type: "eni", ip: "2001:db8::1", weight: 100 }]),
    );
    expect(world.actions()).toEqual(["DescribeLoadBalancerAttribute"]);
    expect(Object.keys(outs.backendServers as object)).toEqual([`eni:${ENI}@2001:db8::1`]);
  });
});
