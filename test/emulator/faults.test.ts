import { connect } from "node:net";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index";
import { elbClient, ensClient, rejectionOf, servers, slbClient } from "./sdkClients";
import { CRED, ENS_LB, POOL, PROJECT, REGION, SLB_LB } from "./testFixtures";

let emu: Emulator;
// Fault-rate draws come from this queue (then 0.99: "does not fire" for any rate below 1).
const draws: number[] = [];

const seed = {
  credentials: [CRED],
  slb: { loadBalancers: [{ loadBalancerId: SLB_LB, regionId: REGION }] },
  ens: { loadBalancers: [{ loadBalancerId: ENS_LB }] },
  elb: { pools: [{ poolId: POOL, projectId: PROJECT }] },
};
const lb = { RegionId: REGION, LoadBalancerId: SLB_LB };
const slbAdd = (serverId: string, timeoutMs?: number) =>
  slbClient(emu, CRED)(
    "AddBackendServers",
    { ...lb, BackendServers: servers([{ ServerId: serverId }]) },
    timeoutMs,
  );
const slbDescribe = () => slbClient(emu, CRED)("DescribeLoadBalancerAttribute", lb);
const ensAdd = (serverId: string) =>
  ensClient(emu, CRED)("AddBackendServers", {
    LoadBalancerId: ENS_LB,
    BackendServers: servers([{ ServerId: serverId }]),
  });
const elbAdd = (address: string) =>
  elbClient(
    emu,
    CRED,
    PROJECT,
  )({
    method: "POST",
    url: `/v3/{project_id}/elb/pools/${POOL}/members/batch-add`,
    data: { members: [{ address, protocol_port: 80 }] },
  });
const slbIds = () => emu.slbMembers(SLB_LB).map((m) => m.ServerId);

beforeEach(async () => {
  emu ??= await startEmulator({ random: () => draws.shift() ?? 0.99 });
  emu.reset();
  draws.length = 0;
  emu.seed(seed);
});
afterAll(() => emu?.close());

describe("throttle and server-error faults", () => {
  it("throttles each cloud with its own error and applies nothing", async () => {
    emu.inject({ kind: "throttle" });
    const slb = await rejectionOf(slbAdd("i-1"));
    expect([slb.code, slb.entry.response.statusCode, slb.data.Message]).toEqual([
      "Throttling",
      400,
      "Request was denied due to request throttling.",
    ]);
    const ens = await rejectionOf(ensAdd("i-1"));
    expect([ens.code, ens.entry.response.statusCode]).toEqual(["Throttling.User", 400]);
    const elb = await rejectionOf(elbAdd("10.0.0.1"));
    expect([elb.errorCode, elb.httpStatusCode]).toEqual(["APIGW.0308", 429]);
    expect([emu.slbMembers(SLB_LB), emu.ensMembers(ENS_LB), emu.elbMembers(POOL)]).toEqual([[], [], []]);
    expect(emu.calls().map((c) => [c.cloud, c.fault, c.code])).toEqual([
      ["slb", "throttle", "Throttling"],
      ["ens", "throttle", "Throttling.User"],
      ["elb", "throttle", "APIGW.0308"],
    ]);
  });

  it("answers server errors (Alibaba alternating 500 InternalError and 503 ServiceUnavailable, ELB 500 ELB.8906)", async () => {
    emu.inject({ kind: "server-error" });
    const first = await rejectionOf(slbAdd("i-1"));
    const second = await rejectionOf(slbAdd("i-1"));
    expect([first.code, first.entry.response.statusCode]).toEqual(["InternalError", 500]);
    expect([second.code, second.entry.response.statusCode]).toEqual(["ServiceUnavailable", 503]);
    const elb = await rejectionOf(elbAdd("10.0.0.1"));
    expect([elb.errorCode, elb.httpStatusCode]).toEqual(["ELB.8906", 500]);
    expect(slbIds()).toEqual([]);
    expect(emu.elbMembers(POOL)).toEqual([]);
  });

  it("matches by cloud and action, honours count, and stops after clearFaults", async () => {
    emu.inject({ cloud: "slb", action: "AddBackendServers", kind: "throttle", count: 2 });
    await slbDescribe();
    await ensAdd("i-1");
    expect((await rejectionOf(slbAdd("i-1"))).code).toBe("Throttling");
    expect((await rejectionOf(slbAdd("i-1"))).code).toBe("Throttling");
    await slbAdd("i-1");
    emu.inject({ cloud: "slb", kind: "throttle" });
    expect((await rejectionOf(slbDescribe())).code).toBe("Throttling");
    emu.clearFaults();
    await slbDescribe();
    expect(slbIds()).toEqual(["i-1"]);
  });

  it("fires a share of matching requests according to rate and the random source", async () => {
    emu.inject({ kind: "throttle", rate: 0.5 });
    draws.push(0.7, 0.2, 0.5, 0.49);
    const outcomes = [];
    for (const id of ["i-1", "i-2", "i-3", "i-4"]) {
      outcomes.push(
        await slbAdd(id).then(
          () => "ok",
          (e) => e.code,
        ),
      );
    }
    expect(outcomes).toEqual(["ok", "Throttling", "ok", "Throttling"]);
    expect(slbIds()).toEqual(["i-1", "i-3"]);
  });

  it("runs authentication before faults: a refused request does not use up a rule", async () => {
    emu.inject({ kind: "throttle", count: 1 });
    const stranger = slbClient(emu, { accessKeyId: "LTAIUNKNOWN", accessKeySecret: "x" });
    expect((await rejectionOf(stranger("DescribeLoadBalancerAttribute", lb))).code).toBe(
      "InvalidAccessKeyId.NotFound",
    );
    expect((await rejectionOf(slbDescribe())).code).toBe("Throttling");
    await slbDescribe();
  });
});

describe("latency faults", () => {
  it("delays answers by latencyMs, for one action or (without cloud/action) for every request", async () => {
    emu.inject({ cloud: "slb", action: "DescribeLoadBalancerAttribute", kind: "latency", latencyMs: 150 });
    let t = performance.now();
    await slbDescribe();
    expect(performance.now() - t).toBeGreaterThanOrEqual(145);
    emu.clearFaults();
    emu.inject({ kind: "latency", latencyMs: 100 });
    emu.inject({ cloud: "elb", kind: "throttle" });
    t = performance.now();
    await ensAdd("i-1");
    expect(performance.now() - t).toBeGreaterThanOrEqual(95);
    t = performance.now();
    expect((await rejectionOf(elbAdd("10.0.0.1"))).errorCode).toBe("APIGW.0308");
    expect(performance.now() - t).toBeGreaterThanOrEqual(95);
    expect(emu.ensMembers(ENS_LB)).toHaveLength(1);
    expect(emu.calls().map((c) => c.fault)).toEqual(["latency", "latency", "throttle"]);
  });
});

describe("connection faults", () => {
  it("drop: closes the connection before applying", async () => {
    emu.inject({ kind: "drop", count: 2 });
    const slb = await rejectionOf(slbAdd("i-1"));
    expect(slb.data).toBeUndefined();
    const elb = await rejectionOf(elbAdd("10.0.0.1"));
    expect(elb.httpStatusCode).toBeUndefined();
    expect(slbIds()).toEqual([]);
    expect(emu.elbMembers(POOL)).toEqual([]);
    expect(emu.calls().map((c) => [c.fault, c.httpStatus])).toEqual([
      ["drop", 0],
      ["drop", 0],
    ]);
  });

  it("drop-after-apply: applies, then closes the connection without answering", async () => {
    emu.inject({ kind: "drop-after-apply" });
    await rejectionOf(slbAdd("i-1"));
    await rejectionOf(elbAdd("10.0.0.1"));
    expect(slbIds()).toEqual(["i-1"]);
    expect(emu.elbMembers(POOL).map((m) => m.address)).toEqual(["10.0.0.1"]);
    // A blind retry now fails as the clouds do after a lost answer.
    emu.clearFaults();
    expect((await rejectionOf(slbAdd("i-1"))).code).toBe("BackendServer.AlreadyExist");
  });

  it("timeout-after-apply: applies, then withholds the answer past the client's timeout", async () => {
    emu.inject({ cloud: "slb", kind: "timeout-after-apply", latencyMs: 5_000 });
    const e = await rejectionOf(slbAdd("i-1", 300));
    expect(String(e.message)).toMatch(/timeout/i);
    expect(slbIds()).toEqual(["i-1"]);
    expect(emu.calls()[0]).toMatchObject({ fault: "timeout-after-apply", httpStatus: 200 });
  });
});

describe("close", () => {
  it("ends promptly with a withheld answer and a half-sent request still open", async () => {
    const own = await startEmulator({ seed });
    own.inject({ kind: "timeout-after-apply" }); // withheld for the default 60 s
    const pending = slbClient(own, CRED)("DescribeLoadBalancerAttribute", lb, 120_000).catch(
      (e: unknown) => e,
    );
    await vi.waitFor(() => expect(own.calls()).toHaveLength(1));
    const socket = connect(Number(new URL(own.url).port), "127.0.0.1");
    socket.on("error", () => {});
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.write("POST /slb/ HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const t = performance.now();
    await own.close();
    expect(performance.now() - t).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
    socket.destroy();
  });
});
