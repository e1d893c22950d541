import { describe, expect, it } from "vitest";
import { type SlbBackendServer, slbModel } from "../../provider/clouds/alicloud/slb/members";
import { planReconcile } from "../../provider/core/plan";

const ENI = "eni-2ze1u9ywulp5pbvvc7hv";
const ip = (serverIp: string): SlbBackendServer => ({ serverId: ENI, type: "eni", serverIp, weight: 100 });
const ecs = (serverId: string): SlbBackendServer => ({ serverId, type: "ecs", weight: 100 });
const keys = (members: SlbBackendServer[]) => members.map((m) => slbModel.key(m));

describe("CLB removals of servers whose IPs the cloud detaches together", () => {
  it("withholds one IP of an ENI while another IP of it stays declared", () => {
    const plan = planReconcile(slbModel, {
      desired: [ip("10.0.0.1")],
      actual: [ip("10.0.0.1"), ip("10.0.0.2"), ecs("i-aaaaaaaa")],
      previouslyManaged: [ip("10.0.0.1"), ip("10.0.0.2"), ecs("i-aaaaaaaa")],
      exclusive: false,
    });
    expect(keys(plan.remove)).toEqual(["ecs:i-aaaaaaaa"]);
    expect(keys(plan.withheld)).toEqual([`eni:${ENI}@10.0.0.2`]);
  });

  it("withholds it while another IP of it is attached by someone else, even in exclusive mode when that one is protected", () => {
    const plan = planReconcile(slbModel, {
      desired: [],
      actual: [ip("10.0.0.1"), ip("10.0.0.9")],
      previouslyManaged: [ip("10.0.0.1")],
      exclusive: false,
    });
    expect(plan.remove).toEqual([]);
    expect(keys(plan.withheld)).toEqual([`eni:${ENI}@10.0.0.1`]);

    const guarded = planReconcile(slbModel, {
      desired: [],
      actual: [ip("10.0.0.1"), ip("10.0.0.9")],
      previouslyManaged: [],
      exclusive: true,
      protectedKeys: new Set([`eni:${ENI}@10.0.0.9`]),
    });
    expect(guarded.remove).toEqual([]);
    expect(keys(guarded.withheld)).toEqual([`eni:${ENI}@10.0.0.1`]);
  });

  it("removes every IP of the server when all of them go", () => {
    const plan = planReconcile(slbModel, {
      desired: [],
      actual: [ip("10.0.0.1"), ip("10.0.0.2")],
      previouslyManaged: [ip("10.0.0.1"), ip("10.0.0.2")],
      exclusive: false,
    });
    expect(keys(plan.remove)).toEqual([`eni:${ENI}@10.0.0.1`, `eni:${ENI}@10.0.0.2`]);
    expect(plan.withheld).toEqual([]);
  });
});
