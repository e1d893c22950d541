import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PartialFailure } from "../../provider/runtime/attachmentProvider";
import { CREDENTIAL, ecs, LB, REGION, slbWorld } from "./slbWorld";

type World = Awaited<ReturnType<typeof slbWorld>>;
let world: World;

beforeEach(async () => {
  world = await slbWorld();
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

describe("CLB BackendServerAttachment through pop-core against the emulator", () => {
  it("creates 45 members from empty in one read and ceil(45/20) = 3 adds, logging one line per batch", async () => {
    const declared = [
      ...ecs(43),
      {
        serverId: "eni-2ze1u9ywulp5pbvvc7hv",
        type: "eni",
        serverIp: "192.168.0.5",
        port: 80,
        description: "api",
      },
      { serverId: "eni-2ze1u9ywulp5pbvvc7hv", type: "eni", serverIp: "192.168.0.6" },
    ];
    const { id, outs } = await world.provider.create(inputs(declared));

    expect(id).toMatch(/^lb-2ze7o5h52g02kkzze7lru\/[0-9a-f]{8}$/);
    expect(world.actions()).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
      "AddBackendServers",
      "AddBackendServers",
    ]);
    const sizes = world.emulator
      .calls({ action: "AddBackendServers" })
      .map((c) => (c.params.BackendServers as unknown[]).length);
    expect(sizes).toEqual([20, 20, 5]);
    expect(world.members()).toHaveLength(45);
    expect(world.members()).toContain("eni-2ze1u9ywulp5pbvvc7hv@192.168.0.6:100");
    expect(Object.keys(outs.backendServers as object)).toHaveLength(45);
    expect(outs).toMatchObject({ loadBalancerId: LB, regionId: REGION, exclusive: false });
    expect(world.log).toEqual([
      `AddBackendServers load balancer ${LB}: batch 1/3, 20 servers`,
      `AddBackendServers load balancer ${LB}: batch 2/3, 20 servers`,
      `AddBackendServers load balancer ${LB}: batch 3/3, 5 servers`,
    ]);
  });

  it("adopts declared members that exist, sets differing weights, and leaves undeclared ones alone (shared)", async () => {
    world.emulator.setSlbMembers(LB, [
      { ServerId: "i-web000000", Type: "ecs", Weight: 100 },
      { ServerId: "i-web000001", Type: "ecs", Weight: 10 },
      { ServerId: "i-autoscaled01", Type: "ecs", Weight: 50 },
    ]);
    await world.provider.create(inputs(ecs(3)));

    expect(world.actions()).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
      "SetBackendServers",
    ]);
    expect(world.emulator.calls({ action: "AddBackendServers" })[0].params.BackendServers).toEqual([
      { ServerId: "i-web000002", Weight: "100", Type: "ecs" },
    ]);
    expect(world.members()).toEqual([
      "i-autoscaled01:50",
      "i-web000000:100",
      "i-web000001:100",
      "i-web000002:100",
    ]);
  });

  it("updates in add, set, remove order with exactly ceil(n/20) calls of each, against what the cloud has", async () => {
    const { id, outs } = await world.provider.create(inputs(ecs(40)));
    world.emulator.clearCalls();
    // 21 re-weighted, 1 removed, 20 added.
    const next = [...ecs(21).map((m) => ({ ...m, weight: 5 })), ...ecs(18, "web", 21), ...ecs(20, "new")];
    const { outs: after } = await world.provider.update(id, outs, inputs(next));

    expect(world.actions()).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
      "SetBackendServers",
      "SetBackendServers",
      "RemoveBackendServers",
    ]);
    expect(world.emulator.calls({ action: "RemoveBackendServers" })[0].params.BackendServers).toEqual([
      { ServerId: "i-web000039", Type: "ecs", Weight: "100" },
    ]);
    expect(world.members()).toHaveLength(59);
    expect(Object.keys(after.backendServers as object)).toHaveLength(59);
  });

  it("makes no write at all when nothing changed", async () => {
    const { id, outs } = await world.provider.create(inputs(ecs(25)));
    world.emulator.clearCalls();
    await world.provider.update(id, outs, inputs([...ecs(25)].reverse()));
    expect(world.actions()).toEqual(["DescribeLoadBalancerAttribute"]);
  });

  it("never removes members it did not declare, on update or on delete (shared)", async () => {
    const { id, outs } = await world.provider.create(inputs(ecs(3)));
    world.emulator.setSlbMembers(LB, [
      ...world.emulator.slbMembers(LB),
      { ServerId: "i-byhand0001", Type: "ecs", Weight: 1 },
    ]);
    const { outs: after } = await world.provider.update(id, outs, inputs(ecs(2)));
    expect(world.members()).toEqual(["i-byhand0001:1", "i-web000000:100", "i-web000001:100"]);

    world.emulator.clearCalls();
    await world.provider.delete(id, after);
    expect(world.members()).toEqual(["i-byhand0001:1"]);
    expect(world.emulator.calls({ action: "RemoveBackendServers" })[0].params.BackendServers).toEqual([
      { ServerId: "i-web000000", Type: "ecs", Weight: "100" },
      { ServerId: "i-web000001", Type: "ecs", Weight: "100" },
    ]);
  });

  it("removes every undeclared member with exclusive: true, in batches of 20", async () => {
    world.emulator.setSlbMembers(
      LB,
      Array.from({ length: 25 }, (_, i) => ({
        ServerId: `i-stray${String(i).padStart(6, "0")}`,
        Type: "ecs" as const,
        Weight: 100,
      })),
    );
    await world.provider.create(inputs(ecs(2), { exclusive: true }));
    expect(world.actions()).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
      "RemoveBackendServers",
      "RemoveBackendServers",
    ]);
    expect(world.members()).toEqual(["i-web000000:100", "i-web000001:100"]);
  });

  it("deletes only the declared members still attached", async () => {
    const { id, outs } = await world.provider.create(inputs(ecs(3)));
    world.emulator.setSlbMembers(
      LB,
      world.emulator.slbMembers(LB).filter((m) => m.ServerId !== "i-web000001"),
    );
    world.emulator.clearCalls();
    await world.provider.delete(id, outs);
    expect(world.actions()).toEqual(["DescribeLoadBalancerAttribute", "RemoveBackendServers"]);
    expect(world.emulator.calls({ action: "RemoveBackendServers" })[0].params.BackendServers).toHaveLength(2);
    expect(world.members()).toEqual([]);
  });

  it("refreshes to the cloud's truth as outputs and inputs, and drops the resource when the load balancer is gone", async () => {
    const { id, outs } = await world.provider.create(
      inputs([{ serverId: "i-web000000", port: 8080 }, ...ecs(2, "web", 1)]),
    );
    world.emulator.setSlbMembers(LB, [
      { ServerId: "i-web000000", Type: "ecs", Weight: 30 },
      { ServerId: "i-web000002", Type: "ecs", Weight: 100 },
      { ServerId: "i-other00001", Type: "ecs", Weight: 100 },
    ]);
    const read = await world.provider.read(id, outs);
    expect(read.id).toBe(id);
    expect(read.inputs).toEqual({
      loadBalancerId: LB,
      exclusive: false,
      backendServers: {
        "ecs:i-web000000": { serverId: "i-web000000", type: "ecs", weight: 30, port: 8080 },
        "ecs:i-web000002": { serverId: "i-web000002", type: "ecs", weight: 100 },
      },
    });
    expect(read.props.regionId).toBe(REGION);

    world.emulator.deleteSlbLoadBalancer(LB);
    expect((await world.provider.read(id, outs)).id).toBe("");
  });

  it("retries throttling with backoff and converges", async () => {
    world.emulator.inject({ cloud: "slb", action: "AddBackendServers", kind: "throttle", count: 2 });
    await world.provider.create(inputs(ecs(3)));
    const adds = world.emulator.calls({ action: "AddBackendServers" });
    expect(adds.map((c) => c.code)).toEqual(["Throttling", "Throttling", undefined]);
    expect(world.members()).toHaveLength(3);
  });

  it("re-reads after a timed-out add that did succeed, and does not send it again", async () => {
    await world.close();
    world = await slbWorld({ BACKEND_SERVERS_HTTP_TIMEOUT_MS: "300" });
    world.emulator.inject({
      cloud: "slb",
      action: "AddBackendServers",
      kind: "timeout-after-apply",
      count: 1,
      latencyMs: 5000,
    });
    await world.provider.create(inputs(ecs(25)));
    expect(world.actions()).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers", // applied, answer lost
      "DescribeLoadBalancerAttribute",
      "AddBackendServers", // only the 5 that remain
    ]);
    expect(
      (world.emulator.calls({ action: "AddBackendServers" })[1].params.BackendServers as unknown[]).length,
    ).toBe(5);
    expect(world.members()).toHaveLength(25);
  });

  it("reports a permanent error with action, load balancer, code, message and RequestId, carrying the state reached", async () => {
    await world.close();
    world = await slbWorld();
    world.emulator.seed({ slb: { servers: [{ serverId: "i-web000030", status: "Stopped" }] } });
    const error = await world.provider.create(inputs(ecs(35))).catch((e) => e);

    expect(error).toBeInstanceOf(PartialFailure);
    expect(error.message).toMatch(
      new RegExp(
        `^AddBackendServers on load balancer ${LB} failed: ObtainIpFail: .+ \\(RequestId: [0-9A-F-]+\\)\\. The members attached so far`,
      ),
    );
    expect(world.actions()).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
      "AddBackendServers",
    ]);
    expect(error.id).toMatch(/^lb-/);
    expect(error.properties.__provider).toBe("stored provider text");
    expect(Object.keys(error.properties.backendServers)).toHaveLength(20);
    expect(error.reasons).toEqual([error.message]);
    expect(JSON.stringify(error.properties)).not.toContain(CREDENTIAL.accessKeySecret);
    expect(error.message).not.toContain(CREDENTIAL.accessKeySecret);
  });

  it("fails a create that reached nothing without recording it, and says which server was refused", async () => {
    world.emulator.seed({ slb: { servers: [{ serverId: "i-web000000", status: "Stopped" }] } });
    const error = await world.provider.create(inputs(ecs(1))).catch((e) => e);
    expect(error).not.toBeInstanceOf(PartialFailure);
    expect(error.message).toMatch(/AddBackendServers on load balancer .+ failed: ObtainIpFail/);
  });

  it("says what to set when credentials are missing, before any call", async () => {
    const { AttachmentProvider } = await import("../../provider/runtime/attachmentProvider");
    const { fixedSettings } = await import("../../provider/runtime/settings");
    const { slbKind } = await import("../../provider/clouds/alicloud/slb/kind");
    const bare = new AttachmentProvider(slbKind, {
      settings: fixedSettings(
        { "alicloud:region": REGION },
        { ALIBABA_CLOUD_SLB_ENDPOINT: world.emulator.endpoints.slb },
      ),
      log: () => {},
    });
    await expect(bare.create(inputs(ecs(1)))).rejects.toThrow(
      /alicloud:accessKey.+ALIBABA_CLOUD_ACCESS_KEY_ID/,
    );
    expect(world.actions()).toEqual([]);
  });

  it("rejects invalid inputs before any call", async () => {
    await expect(world.provider.create(inputs([{ serverId: "i-web000000", weight: 101 }]))).rejects.toThrow(
      /weight 101 is not allowed: use an integer from 0 to 100/,
    );
    expect(world.actions()).toEqual([]);
  });
});

describe("CLB members that share a server: RemoveBackendServers cannot name one IP", () => {
  const ENI = "eni-2ze1u9ywulp5pbvvc7hv";
  const ip = (serverIp: string, weight = 100) => ({ serverId: ENI, type: "eni", serverIp, weight });

  it("never detaches a declared IP: one IP of a multi-IP ENI is withheld and reported, the rest applied", async () => {
    const { id, outs } = await world.provider.create(
      inputs([ip("192.168.0.5"), ip("192.168.0.6"), ...ecs(2)]),
    );
    world.emulator.clearCalls();

    // Drop one IP of the ENI (and one ECS instance): the ENI's other IP stays declared.
    const failure = await world.provider
      .update(id, outs, inputs([ip("192.168.0.5"), ...ecs(1)]))
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PartialFailure);
    expect((failure as PartialFailure).message).toContain(
      `RemoveBackendServers on load balancer ${LB} failed: NotDetachedAlone: eni:${ENI}@192.168.0.6 not detached`,
    );
    // The instance went; no removal named the ENI, so both of its IPs are still attached.
    expect(
      world.emulator.calls({ action: "RemoveBackendServers" }).map((c) => c.params.BackendServers),
    ).toEqual([[{ ServerId: "i-web000001", Type: "ecs", Weight: "100" }]]);
    expect(world.members()).toEqual([`${ENI}@192.168.0.5:100`, `${ENI}@192.168.0.6:100`, "i-web000000:100"]);
    // The withheld IP is still recorded as managed, so the next run tries again.
    expect(Object.keys((failure as PartialFailure).properties.backendServers as object)).toContain(
      `eni:${ENI}@192.168.0.6`,
    );
  });

  it("removes every IP of a server in one entry when none of them stays", async () => {
    const { id, outs } = await world.provider.create(
      inputs([ip("192.168.0.5"), ip("192.168.0.6"), ...ecs(1)]),
    );
    world.emulator.clearCalls();
    await world.provider.update(id, outs, inputs(ecs(1)));
    expect(
      world.emulator.calls({ action: "RemoveBackendServers" }).map((c) => c.params.BackendServers),
    ).toEqual([
      [
        { ServerId: ENI, Type: "eni", Weight: "100" },
        { ServerId: ENI, Type: "eni", Weight: "100" },
      ],
    ]);
    expect(world.members()).toEqual(["i-web000000:100"]);
  });

  it("never detaches an IP someone else attached to the same ENI", async () => {
    world.emulator.setSlbMembers(LB, [{ ServerId: ENI, Type: "eni", ServerIp: "192.168.0.9", Weight: 3 }]);
    const { id, outs } = await world.provider.create(inputs([ip("192.168.0.5")]));
    await expect(world.provider.delete(id, outs)).rejects.toThrow(/NotDetachedAlone/);
    expect(world.members()).toEqual([`${ENI}@192.168.0.5:100`, `${ENI}@192.168.0.9:3`]);
  });

  it("treats two spellings of one IPv6 address as one member", async () => {
    world.emulator.setSlbMembers(LB, [
      { ServerId: ENI, Type: "eni", ServerIp: "2001:DB8:0::5", Weight: 100 },
    ]);
    const { outs } = await world.provider.create(inputs([ip("2001:db8::5", 100)]));
    expect(world.actions()).toEqual(["DescribeLoadBalancerAttribute"]);
    expect(Object.keys(outs.backendServers as object)).toEqual([`eni:${ENI}@2001:db8::5`]);
  });
});

describe("CLB: a load balancer that is gone", () => {
  it.each(["error", "no-id"] as const)(
    "is never read as an empty group, whether answered with an error or without LoadBalancerId (%s)",
    async (goneAnswer) => {
      const { id, outs } = await world.provider.create(inputs(ecs(2)));
      world.emulator.seed({ slb: { goneAnswer } });
      world.emulator.deleteSlbLoadBalancer(LB);
      world.emulator.clearCalls();
      await expect(world.provider.update(id, outs, inputs(ecs(3)))).rejects.toThrow(
        `load balancer ${LB} does not exist`,
      );
      expect(world.actions()).toEqual(["DescribeLoadBalancerAttribute"]);
      expect((await world.provider.read(id, outs)).id).toBe("");
    },
  );
});
