import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index";
import { type AlibabaCall, alibabaClient, rejectionOf, SLB_VERSION, servers, slbClient } from "./sdkClients";
import { SLB_ALREADY_ATTACHED_CODE } from "../../emulator/slbActions";
import { CRED, ecsEntries, REGION, SLB_LB } from "./testFixtures";

let emu: Emulator;
let slb: AlibabaCall;

const lb = { RegionId: REGION, LoadBalancerId: SLB_LB };
const add = (entries: Record<string, unknown>[]) =>
  slb("AddBackendServers", { ...lb, BackendServers: servers(entries) });
const codeOf = async (p: Promise<unknown>) => {
  const e = await rejectionOf(p);
  return { code: e.code as string, status: e.entry?.response?.statusCode as number | undefined };
};

beforeEach(async () => {
  emu ??= await startEmulator();
  emu.reset();
  emu.seed({
    credentials: [CRED],
    slb: {
      servers: [{ serverId: "i-stopped", status: "Stopped" }],
      loadBalancers: [{ loadBalancerId: SLB_LB, regionId: REGION }],
    },
  });
  slb = slbClient(emu, CRED);
});
afterAll(() => emu?.close());

describe("CLB DescribeLoadBalancerAttribute", () => {
  it("lists members with numeric weights and no Port", async () => {
    emu.setSlbMembers(SLB_LB, [
      { ServerId: "i-a", Type: "ecs", Weight: 30, Port: 80, Description: "web" },
      { ServerId: "eni-b", Type: "eni", ServerIp: "192.168.0.9", Weight: 0 },
    ]);
    const res = await slb("DescribeLoadBalancerAttribute", lb);
    expect(res.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(res).toMatchObject({
      LoadBalancerId: SLB_LB,
      RegionId: REGION,
      LoadBalancerStatus: "active",
      DeleteProtection: "off",
    });
    expect(res.BackendServers.BackendServer).toEqual([
      { ServerId: "i-a", Weight: 30, Type: "ecs", Description: "web" },
      { ServerId: "eni-b", Weight: 0, Type: "eni", ServerIp: "192.168.0.9" },
    ]);
  });

  it("answers 404 InvalidLoadBalancerId.NotFound for an unknown id or the wrong region", async () => {
    expect(await codeOf(slb("DescribeLoadBalancerAttribute", { ...lb, LoadBalancerId: "lb-nope" }))).toEqual({
      code: "InvalidLoadBalancerId.NotFound",
      status: 404,
    });
    expect(await codeOf(slb("DescribeLoadBalancerAttribute", { ...lb, RegionId: "cn-hangzhou" }))).toEqual({
      code: "InvalidLoadBalancerId.NotFound",
      status: 404,
    });
  });

  it("is also served at / and routed there by Version", async () => {
    const root = alibabaClient(emu.url, SLB_VERSION, CRED);
    const res = await root("DescribeLoadBalancerAttribute", lb);
    expect(res.LoadBalancerId).toBe(SLB_LB);
  });
});

describe("CLB AddBackendServers", () => {
  it("adds with weight default 100, string weights in the answer, and keeps the first of duplicates", async () => {
    const res = await add([
      { ServerId: "i-a", Weight: "40", Port: "80", Description: "a-1" },
      { ServerId: "i-b" },
      { ServerId: "i-a", Weight: "90" },
      { ServerId: "eni-x", Type: "eni", ServerIp: "10.0.0.1", Weight: 5 },
      { ServerId: "eni-x", Type: "eni", ServerIp: "10.0.0.2", Weight: 6 },
    ]);
    expect(res.LoadBalancerId).toBe(SLB_LB);
    expect(res.BackendServers.BackendServer.map((m: { Weight: unknown }) => m.Weight)).toEqual([
      "40",
      "100",
      "5",
      "6",
    ]);
    expect(emu.slbMembers(SLB_LB)).toEqual([
      { ServerId: "i-a", Type: "ecs", Weight: 40, Port: 80, Description: "a-1" },
      { ServerId: "i-b", Type: "ecs", Weight: 100 },
      { ServerId: "eni-x", Type: "eni", ServerIp: "10.0.0.1", Weight: 5 },
      { ServerId: "eni-x", Type: "eni", ServerIp: "10.0.0.2", Weight: 6 },
    ]);
  });

  it("refuses a server already attached and applies nothing of that call", async () => {
    await add([{ ServerId: "i-a" }]);
    expect(await codeOf(add([{ ServerId: "i-new" }, { ServerId: "i-a" }]))).toEqual({
      code: SLB_ALREADY_ATTACHED_CODE,
      status: 400,
    });
    expect(emu.slbMembers(SLB_LB).map((m) => m.ServerId)).toEqual(["i-a"]);
  });

  it("ignores ServerIp in the identity of ECS members only", async () => {
    await add([{ ServerId: "i-a", ServerIp: "10.0.0.1" }]);
    expect((await codeOf(add([{ ServerId: "i-a", ServerIp: "10.0.0.2" }]))).code).toBe(
      SLB_ALREADY_ATTACHED_CODE,
    );
  });

  it("refuses a stopped server, and unknown servers only with strictServers, with ObtainIpFail", async () => {
    expect(await codeOf(add([{ ServerId: "i-stopped" }]))).toEqual({ code: "ObtainIpFail", status: 400 });
    await add([{ ServerId: "i-unseeded" }]);
    emu.seed({ strictServers: true });
    expect((await codeOf(add([{ ServerId: "i-unseeded-2" }]))).code).toBe("ObtainIpFail");
    expect(emu.slbMembers(SLB_LB).map((m) => m.ServerId)).toEqual(["i-unseeded"]);
  });

  it("accepts 20 entries and refuses 21 with InvalidParameter", async () => {
    const e = await rejectionOf(add(ecsEntries(21)));
    expect(e.code).toBe("InvalidParameter");
    expect(e.data.Message).toMatch(/at most 20/);
    expect(emu.slbMembers(SLB_LB)).toEqual([]);
    await add(ecsEntries(20));
    expect(emu.slbMembers(SLB_LB)).toHaveLength(20);
  });

  it.each([
    ["ENI without ServerIp", [{ ServerId: "eni-1", Type: "eni" }]],
    ["ECI without ServerIp", [{ ServerId: "eci-1", Type: "eci" }]],
    ["weight above 100", [{ ServerId: "i-1", Weight: "101" }]],
    ["negative weight", [{ ServerId: "i-1", Weight: -1 }]],
    ["fractional weight", [{ ServerId: "i-1", Weight: 1.5 }]],
    ["non-numeric weight", [{ ServerId: "i-1", Weight: "heavy" }]],
    ["description with a space", [{ ServerId: "i-1", Description: "not ok" }]],
    ["description of 81 characters", [{ ServerId: "i-1", Description: "d".repeat(81) }]],
    ["empty description", [{ ServerId: "i-1", Description: "" }]],
    ["unknown type", [{ ServerId: "i-1", Type: "vm" }]],
    ["missing ServerId", [{ Weight: "1" }]],
  ])("refuses %s with 400 InvalidParameter", async (_name, entries) => {
    expect(await codeOf(add(entries))).toEqual({ code: "InvalidParameter", status: 400 });
    expect(emu.slbMembers(SLB_LB)).toEqual([]);
  });

  it("accepts the longest valid description with every allowed character", async () => {
    const description = `aZ0-/._${"x".repeat(73)}`;
    await add([{ ServerId: "i-1", Description: description }]);
    expect(emu.slbMembers(SLB_LB)[0].Description).toBe(description);
  });

  it("refuses BackendServers that is not a non-empty JSON array, and missing parameters", async () => {
    for (const bad of ["not json", "{}", "[]", "[1]"]) {
      expect((await codeOf(slb("AddBackendServers", { ...lb, BackendServers: bad }))).code).toBe(
        "InvalidParameter",
      );
    }
    expect(await codeOf(slb("AddBackendServers", lb))).toEqual({ code: "MissingParameter", status: 400 });
    expect((await codeOf(slb("AddBackendServers", { RegionId: REGION, BackendServers: "[]" }))).code).toBe(
      "MissingParameter",
    );
  });
});

describe("CLB RemoveBackendServers and SetBackendServers", () => {
  beforeEach(async () => {
    await add([
      { ServerId: "i-a", Weight: "10" },
      { ServerId: "eni-x", Type: "eni", ServerIp: "10.0.0.1" },
      { ServerId: "eni-x", Type: "eni", ServerIp: "10.0.0.2" },
    ]);
  });

  it("removes by (ServerId, Type): a ServerIp is ignored, so every IP of the ENI goes; servers not attached are ignored", async () => {
    const res = await slb("RemoveBackendServers", {
      ...lb,
      BackendServers: servers([
        { ServerId: "eni-x", Type: "eni", ServerIp: "10.0.0.1" },
        { ServerId: "i-not-there" },
      ]),
    });
    expect(res.BackendServers.BackendServer.map((m: { ServerId: string }) => m.ServerId)).toEqual(["i-a"]);
  });

  it("changes weight, description and port of attached members", async () => {
    await slb("SetBackendServers", {
      ...lb,
      BackendServers: servers([{ ServerId: "i-a", Weight: "0", Description: "drain", Port: 8080 }]),
    });
    expect(emu.slbMembers(SLB_LB)[0]).toEqual({
      ServerId: "i-a",
      Type: "ecs",
      Weight: 0,
      Description: "drain",
      Port: 8080,
    });
  });

  it("refuses to set a member that is not attached, and applies nothing", async () => {
    const e = await rejectionOf(
      slb("SetBackendServers", {
        ...lb,
        BackendServers: servers([
          { ServerId: "i-a", Weight: "55" },
          { ServerId: "eni-x", Type: "eni", ServerIp: "10.0.0.3", Weight: "1" },
        ]),
      }),
    );
    expect(e.code).toBe("InvalidParameter");
    expect(e.data.Message).toMatch(/not attached/);
    expect(emu.slbMembers(SLB_LB)[0].Weight).toBe(10);
  });

  it("limits Remove and Set to 20 entries too", async () => {
    expect(
      (await codeOf(slb("RemoveBackendServers", { ...lb, BackendServers: servers(ecsEntries(21)) }))).code,
    ).toBe("InvalidParameter");
    expect(
      (await codeOf(slb("SetBackendServers", { ...lb, BackendServers: servers(ecsEntries(21)) }))).code,
    ).toBe("InvalidParameter");
  });

  it("answers 404 for a load balancer deleted out of band", async () => {
    emu.deleteSlbLoadBalancer(SLB_LB);
    expect(
      await codeOf(slb("RemoveBackendServers", { ...lb, BackendServers: servers([{ ServerId: "i-a" }]) })),
    ).toEqual({
      code: "InvalidLoadBalancerId.NotFound",
      status: 404,
    });
  });
});
