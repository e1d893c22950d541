/**
 * The emulator's rate quotas (contract/quotas.ts): sliding windows per the documented scope, refused with
 * each cloud's real code and status. A frozen clock the tests move by hand: no sleeps, no timing luck.
 */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ELB_QUOTA } from "../../provider/clouds/huaweicloud/elb/quotas";
import { ENS_QUOTA } from "../../provider/clouds/alicloud/ens/quotas";
import { SLB_QUOTAS } from "../../provider/clouds/alicloud/slb/quotas";
import { rows } from "../../emulator/contract/quotas";
import { type Emulator, startEmulator } from "../../emulator/index";
import { DOCUMENTED_QUOTAS } from "../../emulator/rateQuotas";
import { type AlibabaCall, ensClient, rejectionOf, servers, slbClient } from "./sdkClients";
import { elbClient } from "./sdkClients";
import { CRED, ENS_LB, POOL, PROJECT, REGION, SLB_LB } from "./testFixtures";

const OTHER = { accessKeyId: "OTHERQUOTAKEY002", accessKeySecret: "other-secret-0002" };
const clock = { t: Date.now() };
let emu: Emulator;
let slb: AlibabaCall;
let ens: AlibabaCall;

const refusal = async (p: Promise<unknown>) => {
  const e = await rejectionOf(p);
  return {
    status: e.entry?.response?.statusCode as number,
    code: e.code as string,
    message: e.data?.Message,
  };
};
const slbAdd = (call: AlibabaCall, regionId = REGION, id = `i-q${clock.t}`) =>
  call("AddBackendServers", {
    RegionId: regionId,
    LoadBalancerId: regionId === REGION ? SLB_LB : "lb-other-region",
    BackendServers: servers([{ ServerId: id, Weight: "100" }]),
  });
const ensRead = () => ens("DescribeLoadBalancerAttribute", { LoadBalancerId: ENS_LB });
const sequentially = async (n: number, call: (i: number) => Promise<unknown>) => {
  for (let i = 0; i < n; i++) await call(i);
};

beforeEach(async () => {
  emu ??= await startEmulator({ now: () => clock.t });
  emu.reset();
  clock.t += 120_000; // every window of the previous test has passed (within the 15-minute timestamp window)
  emu.seed({
    credentials: [CRED, OTHER],
    slb: {
      loadBalancers: [
        { loadBalancerId: SLB_LB, regionId: REGION },
        { loadBalancerId: "lb-other-region", regionId: "cn-hangzhou" },
      ],
    },
    ens: { loadBalancers: [{ loadBalancerId: ENS_LB }], backendServerQuota: 1000 },
    elb: { projects: [PROJECT], pools: [{ poolId: POOL, projectId: PROJECT }] },
  });
  slb = slbClient(emu, CRED);
  ens = ensClient(emu, CRED);
});
afterAll(() => emu?.close());

describe("CLB: 90 writes per 60 s per region, API and account", () => {
  it("refuses the 91st AddBackendServers with 400 Throttling.User, and only that API, region and account", async () => {
    await sequentially(90, (i) => slbAdd(slb, REGION, `i-add${i}`));
    expect(await refusal(slbAdd(slb))).toEqual({
      status: 400,
      code: "Throttling.User",
      message: "Request was denied due to user flow control.",
    });
    expect(emu.slbMembers(SLB_LB)).toHaveLength(90); // the refused call changed nothing

    // Other windows: another API, another region, another account, and the reads (3000/60 s).
    await slb("SetBackendServers", {
      RegionId: REGION,
      LoadBalancerId: SLB_LB,
      BackendServers: servers([{ ServerId: "i-add0", Weight: "5" }]),
    });
    await slbAdd(slb, "cn-hangzhou");
    await slbAdd(slbClient(emu, OTHER), REGION, "i-other");
    await slb("DescribeLoadBalancerAttribute", { RegionId: REGION, LoadBalancerId: SLB_LB });
  });

  it("slides: the window frees up exactly 60 s after the calls that filled it", async () => {
    await sequentially(45, (i) => slbAdd(slb, REGION, `i-a${i}`));
    clock.t += 30_000;
    await sequentially(45, (i) => slbAdd(slb, REGION, `i-b${i}`));
    clock.t += 29_999; // 59.999 s after the first 45: all 90 are still in the window
    expect((await refusal(slbAdd(slb))).code).toBe("Throttling.User");
    clock.t += 1; // the first 45 leave; the refused call above still counts, so 44 more fit
    await sequentially(44, (i) => slbAdd(slb, REGION, `i-c${i}`));
    expect((await refusal(slbAdd(slb))).code).toBe("Throttling.User");
  });
});

describe("ENS: 10 calls per sliding second per account, every action together", () => {
  it("refuses an 11th call anywhere inside one second, which a token bucket of 10/s would let through", async () => {
    await sequentially(5, () => ensRead());
    clock.t += 500;
    await sequentially(4, () => ensRead());
    await ens("AddBackendServers", {
      LoadBalancerId: ENS_LB,
      BackendServers: servers([{ ServerId: "i-e1" }]),
    });
    clock.t += 499; // a bucket refilled at 10/s would hold 5 tokens again by now
    expect(await refusal(ensRead())).toEqual({
      status: 400,
      code: "Throttling.User",
      message: "Request was denied due to user flow control.",
    });
    clock.t += 1; // one second after the first five: they leave the window
    await sequentially(4, () => ensRead());
    expect((await refusal(ensRead())).code).toBe("Throttling.User");
    await ensClient(emu, OTHER)("DescribeLoadBalancerAttribute", { LoadBalancerId: ENS_LB });
  });
});

describe("Huawei ELB: the cautious default, 10 member calls per sliding second per AccessKey", () => {
  it("refuses the 11th with 429 APIGW.0308 and the gateway's message", async () => {
    const elb = elbClient(emu, CRED, PROJECT);
    const list = () => elb({ method: "GET", url: `/v3/{project_id}/elb/pools/${POOL}/members` });
    await sequentially(10, () => list());
    const e = await rejectionOf(list());
    expect([e.httpStatusCode, e.errorCode, e.errorMsg]).toEqual([
      429,
      "APIGW.0308",
      "The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second",
    ]);
    await elbClient(
      emu,
      OTHER,
      PROJECT,
    )({ method: "GET", url: `/v3/{project_id}/elb/pools/${POOL}/members` });
  });
});

describe("the quota contract", () => {
  it("cites a source for every row", () => {
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows)
      expect(row.source, `${row.api} ${row.action}: ${row.rule}`).toMatch(/^(https:|silent)/);
  });

  it("holds the documented values the provider paces for by default", () => {
    expect(DOCUMENTED_QUOTAS["slb.write"]).toEqual(SLB_QUOTAS.write.documented);
    expect(DOCUMENTED_QUOTAS["slb.read"]).toEqual(SLB_QUOTAS.read.documented);
    expect(DOCUMENTED_QUOTAS.ens).toEqual(ENS_QUOTA.documented);
    expect(DOCUMENTED_QUOTAS.elb).toEqual(ELB_QUOTA.documented);
  });
});
