import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ENS_ALREADY_ATTACHED_CODE } from "../../emulator/ensActions";
import { type Emulator, startEmulator } from "../../emulator/index";
import { type AlibabaCall, ensClient, rejectionOf, servers } from "./sdkClients";
import { CRED, ENS_LB } from "./testFixtures";

let emu: Emulator;
let ens: AlibabaCall;
// A frozen clock: the per-account window never moves on, so flow control is deterministic.
const clock = { t: Date.now() };

const add = (entries: Record<string, unknown>[], loadBalancerId = ENS_LB) =>
  ens("AddBackendServers", { LoadBalancerId: loadBalancerId, BackendServers: servers(entries) });
const codeOf = async (p: Promise<unknown>) => {
  const e = await rejectionOf(p);
  return { code: e.code as string, status: e.entry?.response?.statusCode as number | undefined };
};

beforeEach(async () => {
  emu ??= await startEmulator({ now: () => clock.t });
  emu.reset();
  clock.t += 1_100; // an empty window for every test, while staying inside the 15-minute timestamp window
  emu.seed({
    credentials: [CRED],
    ens: {
      servers: [{ serverId: "i-stopped", status: "Stopped" }, { serverId: "i-known" }],
      loadBalancers: [{ loadBalancerId: ENS_LB }],
    },
  });
  ens = ensClient(emu, CRED);
});
afterAll(() => emu?.close());

describe("ENS DescribeLoadBalancerAttribute", () => {
  it("returns a flat BackendServers array with Port as a string", async () => {
    emu.setEnsMembers(ENS_LB, [{ ServerId: "i-a", Type: "ens", Ip: "10.1.0.1", Port: 8080, Weight: 7 }]);
    const res = await ens("DescribeLoadBalancerAttribute", { LoadBalancerId: ENS_LB });
    expect(res).toMatchObject({ LoadBalancerId: ENS_LB, LoadBalancerStatus: "Active" });
    expect(res.BackendServers).toEqual([
      { ServerId: "i-a", Ip: "10.1.0.1", Port: "8080", Type: "ens", Weight: 7 },
    ]);
  });

  it("answers a load balancer that does not exist with success and no LoadBalancerId, as Terraform expects", async () => {
    const res = await ens("DescribeLoadBalancerAttribute", { LoadBalancerId: "lb-nope" });
    expect(res.LoadBalancerId).toBeUndefined();
    expect(res.BackendServers).toEqual([]);
    expect(res.RequestId).toEqual(expect.any(String));
  });

  it("answers 400 LoadBalancerNotFound when seeded to, and MissingLoadBalancerId", async () => {
    emu.seed({ ens: { goneAnswer: "error" } });
    expect(await codeOf(ens("DescribeLoadBalancerAttribute", { LoadBalancerId: "lb-nope" }))).toEqual({
      code: "LoadBalancerNotFound",
      status: 400,
    });
    expect(await codeOf(ens("DescribeLoadBalancerAttribute", {}))).toEqual({
      code: "MissingLoadBalancerId",
      status: 400,
    });
  });
});

describe("ENS writes", () => {
  it("adds with defaults (weight 100, type ens) and wraps the answer as BackendServers.BackendServer", async () => {
    const res = await add([
      { ServerId: "i-a" },
      { ServerId: "eni-1", Type: "eni", Ip: "10.0.0.5", Port: 80, Weight: 0 },
    ]);
    expect(res.BackendServers.BackendServer).toEqual([
      { ServerId: "i-a", Weight: 100, Type: "ens", Port: 0 },
      { ServerId: "eni-1", Weight: 0, Type: "eni", Ip: "10.0.0.5", Port: 80 },
    ]);
    expect(emu.ensMembers(ENS_LB)).toHaveLength(2);
  });

  it("enforces the per-load-balancer member quota with QuotaExceed.BackendServer", async () => {
    emu.seed({ ens: { backendServerQuota: 3 } });
    await add([{ ServerId: "i-1" }, { ServerId: "i-2" }]);
    expect(await codeOf(add([{ ServerId: "i-3" }, { ServerId: "i-4" }]))).toEqual({
      code: "QuotaExceed.BackendServer",
      status: 400,
    });
    await add([{ ServerId: "i-3" }]);
    expect(emu.ensMembers(ENS_LB)).toHaveLength(3);
  });

  it("names missing and invalid parameters with the Missing%s / Invalid%s / InvalidParameter.%s patterns", async () => {
    expect(
      (await codeOf(ens("AddBackendServers", { BackendServers: servers([{ ServerId: "i-1" }]) }))).code,
    ).toBe("MissingLoadBalancerId");
    expect((await codeOf(add([{ ServerId: "i-1", Type: "ecs" }]))).code).toBe("InvalidParameter.Type");
    expect((await codeOf(add([{ ServerId: "i-1", Port: 70000 }]))).code).toBe("InvalidParameter.Port");
    expect((await codeOf(add([{ Weight: 1 }]))).code).toBe("InvalidParameter.ServerId");
    expect((await codeOf(add([{ ServerId: "i-1" }], "lb-nope"))).code).toBe("LoadBalancerNotFound");
    expect(emu.ensMembers(ENS_LB)).toEqual([]);
  });

  it("removes every IP of an ENI when the entry names no Ip", async () => {
    await add([
      { ServerId: "eni-1", Type: "eni", Ip: "10.0.0.1" },
      { ServerId: "eni-1", Type: "eni", Ip: "10.0.0.2" },
      { ServerId: "i-a" },
    ]);
    await ens("RemoveBackendServers", {
      LoadBalancerId: ENS_LB,
      BackendServers: servers([{ ServerId: "eni-1", Type: "eni" }]),
    });
    expect(emu.ensMembers(ENS_LB).map((m) => m.ServerId)).toEqual(["i-a"]);
  });

  it("matches IPv6 addresses as addresses, whatever their spelling", async () => {
    await add([{ ServerId: "eni-1", Type: "eni", Ip: "2001:DB8:0::1" }]);
    expect((await codeOf(add([{ ServerId: "eni-1", Type: "eni", Ip: "2001:db8::1" }]))).code).toBe(
      ENS_ALREADY_ATTACHED_CODE,
    );
    await ens("RemoveBackendServers", {
      LoadBalancerId: ENS_LB,
      BackendServers: servers([{ ServerId: "eni-1", Type: "eni", Ip: "2001:db8::1" }]),
    });
    expect(emu.ensMembers(ENS_LB)).toEqual([]);
  });

  it("removes by (ServerId, Type, Ip), ignoring servers not attached", async () => {
    await add([
      { ServerId: "eni-1", Type: "eni", Ip: "10.0.0.1" },
      { ServerId: "eni-1", Type: "eni", Ip: "10.0.0.2" },
    ]);
    await ens("RemoveBackendServers", {
      LoadBalancerId: ENS_LB,
      BackendServers: servers([{ ServerId: "eni-1", Type: "eni", Ip: "10.0.0.2" }, { ServerId: "i-gone" }]),
    });
    expect(emu.ensMembers(ENS_LB)).toEqual([{ ServerId: "eni-1", Type: "eni", Ip: "10.0.0.1", Weight: 100 }]);
  });

  it("sets weights only: a Port or Ip in a Set entry is ignored, and an ENI's weight goes to all its IPs", async () => {
    await add([
      { ServerId: "i-a", Weight: 10, Port: 80 },
      { ServerId: "eni-1", Type: "eni", Ip: "10.0.0.1", Weight: 10 },
      { ServerId: "eni-1", Type: "eni", Ip: "10.0.0.2", Weight: 10 },
    ]);
    await ens("SetBackendServers", {
      LoadBalancerId: ENS_LB,
      BackendServers: servers([
        { ServerId: "i-a", Type: "ens", Weight: 20, Port: 8080 },
        { ServerId: "eni-1", Type: "eni", Ip: "10.0.0.2", Weight: 30 },
      ]),
    });
    expect(emu.ensMembers(ENS_LB)).toEqual([
      { ServerId: "i-a", Type: "ens", Weight: 20, Port: 80 },
      { ServerId: "eni-1", Type: "eni", Ip: "10.0.0.1", Weight: 30 },
      { ServerId: "eni-1", Type: "eni", Ip: "10.0.0.2", Weight: 30 },
    ]);
  });

  it("refuses a Set naming one server twice (two IPs of one ENI are one server there), changing nothing", async () => {
    await add([
      { ServerId: "eni-1", Type: "eni", Ip: "10.0.0.1", Weight: 10 },
      { ServerId: "eni-1", Type: "eni", Ip: "10.0.0.2", Weight: 10 },
      { ServerId: "i-a", Weight: 10 },
    ]);
    const set = (entries: Record<string, unknown>[]) =>
      ens("SetBackendServers", { LoadBalancerId: ENS_LB, BackendServers: servers(entries) });
    expect(
      await codeOf(
        set([
          { ServerId: "i-a", Type: "ens", Weight: 0 },
          { ServerId: "eni-1", Type: "eni", Ip: "10.0.0.1", Weight: 0 },
          { ServerId: "eni-1", Type: "eni", Ip: "10.0.0.2", Weight: 0 },
        ]),
      ),
    ).toEqual({ code: "InvalidParameter.BackendServers", status: 400 });
    expect(emu.ensMembers(ENS_LB).map((m) => m.Weight)).toEqual([10, 10, 10]);
    // Once each: the ENI's weight goes to both its IPs.
    await set([
      { ServerId: "i-a", Type: "ens", Weight: 0 },
      { ServerId: "eni-1", Type: "eni", Weight: 0 },
    ]);
    expect(emu.ensMembers(ENS_LB).map((m) => m.Weight)).toEqual([0, 0, 0]);
  });
});

describe("ENS per-account flow control", () => {
  it("lets 10 calls per second through and refuses the 11th with 400 Throttling.User, logged", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 11 }, () => ens("DescribeLoadBalancerAttribute", { LoadBalancerId: ENS_LB })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.map((r) => r.reason.code)).toEqual(["Throttling.User"]);
    expect(refused[0].reason.data.Message).toBe("Request was denied due to user flow control.");
    expect(emu.calls({ cloud: "ens" }).filter((c) => c.code === "Throttling.User")).toHaveLength(1);

    // A throttled write is not applied; a second later the window has room again.
    expect((await codeOf(add([{ ServerId: "i-late" }]))).code).toBe("Throttling.User");
    expect(emu.ensMembers(ENS_LB)).toEqual([]);
    clock.t += 1000;
    await add([{ ServerId: "i-late" }]);
    expect(emu.ensMembers(ENS_LB)).toHaveLength(1);
  });

  it("counts per AccessKey", async () => {
    const other = { accessKeyId: "LTAIOTHER", accessKeySecret: "other-secret" };
    emu.seed({ credentials: [other] });
    await Promise.all(
      Array.from({ length: 10 }, () => ens("DescribeLoadBalancerAttribute", { LoadBalancerId: ENS_LB })),
    );
    const res = await ensClient(emu, other)("DescribeLoadBalancerAttribute", { LoadBalancerId: ENS_LB });
    expect(res.LoadBalancerId).toBe(ENS_LB);
  });
});
