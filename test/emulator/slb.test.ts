import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index";
import { type AlibabaCall, rejectionOf, servers, slbClient } from "./sdkClients";
import { SLB_ALREADY_ATTACHED_CODE } from "../../emulator/slbActions";
import { CRED, REGION, SLB_LB } from "./testFixtures";

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

  it("ignores ServerIp in the identity of ECS members only", async () => {
    await add([{ ServerId: "i-a", ServerIp: "10.0.0.1" }]);
    expect((await codeOf(add([{ ServerId: "i-a", ServerIp: "10.0.0.2" }]))).code).toBe(
      SLB_ALREADY_ATTACHED_CODE,
    );
  });

  it.each([
    ["ENI without ServerIp", [{ ServerId: "eni-1", Type: "eni" }]],
    ["ECI without ServerIp", [{ ServerId: "eci-1", Type: "eci" }]],
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

  it("refuses a call without RegionId or LoadBalancerId with MissingParameter", async () => {
    const entries = servers([{ ServerId: "i-1" }]);
    for (const params of [{ RegionId: REGION }, { LoadBalancerId: SLB_LB }]) {
      expect(await codeOf(slb("AddBackendServers", { ...params, BackendServers: entries }))).toEqual({
        code: "MissingParameter",
        status: 400,
      });
    }
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

  it("refuses to set an ENI at an IP it is not attached with", async () => {
    const e = await rejectionOf(
      slb("SetBackendServers", {
        ...lb,
        BackendServers: servers([{ ServerId: "eni-x", Type: "eni", ServerIp: "10.0.0.3", Weight: "1" }]),
      }),
    );
    expect(e.code).toBe("InvalidParameter");
    expect(e.data.Message).toMatch(/not attached/);
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
