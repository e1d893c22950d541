import { afterEach, describe, expect, it } from "vitest";
import {
  albCloud,
  elbCloud,
  ensCloud,
  nlbCloud,
  slbCloud,
  TEST_CLOUDS,
  type TestCloud,
  vServerCloud,
} from "../clouds";
import { world as worldOf } from "../integration/world";
import type { CallRecord } from "../../emulator/types";
import { rows as actionRows, SHAPES } from "../../emulator/contract/actions";
import { SERVER_GROUP_SHAPES } from "../../emulator/contract/serverGroups";
import { conformanceProblems, nonconforming } from "../../emulator/contract/conformance";
import { contractRows } from "../../emulator/contract/index";

const [SLB_LB, ENS_LB, POOL] = [slbCloud.target, ensCloud.target, elbCloud.target];
const SUBNET = "61da8098-954b-4809-bc5a-b99ccef8a398";

/** A source is `silent`, a vendor repository and a path in it, or a page address. */
const VENDOR_SOURCE =
  /^(aliyun\/alibabacloud-typescript-sdk|aliyun\/openapi-core-nodejs-sdk|aliyun\/endpoint-util|aliyun\/terraform-provider-alicloud|huaweicloud\/huaweicloud-sdk-go-v3|huaweicloud\/terraform-provider-huaweicloud): \S+|^https:\/\/\S+$/;

describe("the contract rows", () => {
  it("counts 85 rows for the member actions, 68 of them citing a vendor source", () => {
    expect(actionRows).toHaveLength(85);
    expect(actionRows.filter((r) => r.source !== "silent")).toHaveLength(68);
    expect(contractRows.length).toBeGreaterThanOrEqual(actionRows.length);
  });

  it("cites every row to a vendor repository path or page, or says the vendors are silent", () => {
    // A rule may rest on several sources, separated by "; ".
    const cited = (source: string) => source.split("; ").every((part) => VENDOR_SOURCE.test(part));
    const uncited = contractRows.filter((r) => r.source !== "silent" && !cited(r.source));
    expect(uncited).toEqual([]);
    expect(contractRows.filter((r) => /shared|seed/i.test(r.source))).toEqual([]);
  });

  it("gives every action the emulator serves a shape, and every shape its field and applies rows", () => {
    const ofClouds = (api: string) =>
      TEST_CLOUDS.filter((cloud) => cloud.api === api).flatMap((cloud) => Object.values(cloud.actions));
    const served = (api: string) =>
      api === "elb"
        ? ["list", "batch-add", "batch-update", "batch-delete", "quota-details"]
        : [
            "DescribeLoadBalancerAttribute",
            "AddBackendServers",
            "SetBackendServers",
            "RemoveBackendServers",
          ].concat(
            api === "slb"
              ? [
                  "DescribeVServerGroupAttribute",
                  "AddVServerGroupBackendServers",
                  "SetVServerGroupAttribute",
                  "RemoveVServerGroupBackendServers",
                ]
              : [],
          );
    for (const api of ["slb", "ens", "elb"] as const) {
      expect(
        SHAPES.filter((s) => s.api === api)
          .map((s) => s.action)
          .sort(),
      ).toEqual(served(api).sort());
      // Every action a resource kind uses is served.
      expect(served(api)).toEqual(expect.arrayContaining(ofClouds(api)));
    }
    for (const shape of SHAPES.filter((s) => s.entry)) {
      const topics = actionRows
        .filter((r) => r.api === shape.api && r.action === shape.action)
        .map((r) => r.topic);
      expect(topics).toEqual(expect.arrayContaining(["field", "applies"]));
    }
  });
});

const record = (cloud: CallRecord["cloud"], action: string, params: Record<string, unknown>): CallRecord => ({
  seq: 1,
  cloud,
  action,
  params,
  httpStatus: 200,
  requestId: "r",
  startedAt: 0,
});

describe("the conformance check", () => {
  it("finds a field an action does not document, in a parameter or in an entry", () => {
    expect(
      conformanceProblems(
        record("ens", "SetBackendServers", {
          LoadBalancerId: ENS_LB,
          BackendServers: [{ ServerId: "i-a", Type: "ens", Weight: 5, Port: 8080, Ip: "10.0.0.1" }],
        }),
      ),
    ).toEqual([
      "ens SetBackendServers #1: entry 0 field Port is not accepted",
      "ens SetBackendServers #1: entry 0 field Ip is not accepted",
    ]);
    expect(
      conformanceProblems(
        record("slb", "RemoveBackendServers", {
          RegionId: "cn-beijing",
          LoadBalancerId: SLB_LB,
          BackendServers: [{ ServerId: "eni-a", Type: "eni", ServerIp: "10.0.0.1" }],
        }),
      ),
    ).toEqual(["slb RemoveBackendServers #1: entry 0 field ServerIp is not accepted"]);
    expect(conformanceProblems(record("ens", "DescribeLoadBalancerAttribute", { RegionId: "x" }))).toEqual([
      "ens DescribeLoadBalancerAttribute #1: parameter RegionId is not accepted",
      "ens DescribeLoadBalancerAttribute #1: parameter LoadBalancerId is missing",
    ]);
    expect(
      conformanceProblems(
        record("elb", "batch-update", { projectId: "p", poolId: "q", members: [{ weight: 1 }] }),
      ),
    ).toEqual(["elb batch-update #1: entry 0 lacks id"]);
  });

  it("finds two entries naming one member, as each action names members", () => {
    const eni = (ip: string) => ({ ServerId: "eni-a", Type: "eni", Ip: ip, Weight: 0 });
    // Set has no Ip: two IPs of one ENI are one server there, and two members in Add and Remove.
    const set = record("ens", "SetBackendServers", {
      LoadBalancerId: ENS_LB,
      BackendServers: [eni("10.0.0.1"), eni("10.0.0.2")].map(({ Ip: _ip, ...server }) => server),
    });
    expect(conformanceProblems(set)).toEqual([
      "ens SetBackendServers #1: entry 1 names the member entry 0 names",
    ]);
    const add = { LoadBalancerId: ENS_LB, BackendServers: [eni("10.0.0.1"), eni("10.0.0.2")] };
    expect(conformanceProblems(record("ens", "AddBackendServers", add))).toEqual([]);
    expect(
      conformanceProblems(
        record("slb", "RemoveBackendServers", {
          RegionId: "cn-beijing",
          LoadBalancerId: SLB_LB,
          BackendServers: [
            { ServerId: "eni-a", Type: "eni" },
            { ServerId: "i-b", Type: "ecs" },
            { ServerId: "eni-a", Type: "eni" },
          ],
        }),
      ),
    ).toEqual(["slb RemoveBackendServers #1: entry 2 names the member entry 0 names"]);
    const member = { address: "10.0.0.1", protocol_port: 80 };
    expect(
      conformanceProblems(
        record("elb", "batch-add", { members: [member, { ...member, protocol_port: 81 }] }),
      ),
    ).toEqual([]);
    expect(conformanceProblems(record("elb", "batch-add", { members: [member, { ...member }] }))).toEqual([
      "elb batch-add #1: entry 1 names the member entry 0 names",
    ]);
  });

  it("accepts a request made of documented fields only", () => {
    expect(
      conformanceProblems(
        record("ens", "AddBackendServers", {
          LoadBalancerId: ENS_LB,
          BackendServers: [{ ServerId: "eni-a", Type: "eni", Ip: "10.0.0.1", Port: 80, Weight: 5 }],
        }),
      ),
    ).toEqual([]);
  });
});

/**
 * Each adapter through its real SDK over HTTP, in one scenario that uses every field it can send: every
 * request it made fits the vendors' definitions, and every action of the contract was exercised.
 */
describe("every request each adapter sends conforms to the contract", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });
  const actionsOf = (calls: CallRecord[]) => [...new Set(calls.map((c) => c.action))].sort();
  /**
   * The shapes of the actions one resource kind uses: each scenario exercises all of them (an asynchronous
   * API's every action: its job reads and its health readers too).
   */
  const contractActions = (cloud: TestCloud) =>
    [...SHAPES, ...SERVER_GROUP_SHAPES]
      .filter(
        (s) =>
          s.api === cloud.api &&
          (cloud.completion !== undefined || Object.values(cloud.actions).includes(s.action)),
      )
      .map((s) => s.action)
      .sort();
  /**
   * An ALB or NLB server group with a listener forwarding to it, and members of every type an instance
   * group takes; a rollout, so that the health readers are exercised as well.
   */
  const serverGroupScenario = (api: "alb" | "nlb", cloud: typeof albCloud) => ({
    api,
    name: api.toUpperCase(),
    cloud,
    seed: cloud.seed({
      target: {
        loadBalancerId: `${api}-bp1o94dp5i6ea0001`,
        listeners: [{ listenerId: `lsn-${api}0001`, port: 80, protocol: api === "alb" ? "HTTP" : "TCP" }],
        connectionDrain: { enabled: true, timeout: 10 },
      },
    }),
    inputs: (servers: unknown[]) => ({
      serverGroupId: cloud.target,
      servers,
      rollout: { maxRemovals: "100%" },
    }),
    create: [
      { serverId: "i-bp1f9kdprbgy9uiu8xyz", port: 80, weight: 100, description: "web-1" },
      { serverId: "eni-bp1e0u8f10by57wlabcd", serverType: "Eni", serverIp: "192.168.0.5", port: 80 },
      { serverId: "eci-bp1e0u8f10by57wlabcd", serverType: "Eci", serverIp: "2001:DB8:0::5", port: 8080 },
    ],
    update: [
      { serverId: "i-bp1f9kdprbgy9uiu8xyz", port: 80, weight: 5, description: "web-2" },
      { serverId: "eni-bp1e0u8f10by57wlabcd", serverType: "Eni", serverIp: "192.168.0.5", port: 80 },
    ],
  });

  /** One cloud's scenario: the members it creates with, then updates to (a weight, port or name each). */
  const scenarios = [
    {
      api: "slb",
      name: "CLB",
      cloud: slbCloud,
      inputs: (backendServers: unknown[]) => ({ loadBalancerId: SLB_LB, backendServers }),
      create: [
        { serverId: "i-2zej4lxhjoq1icue6kup", weight: 100, port: 80, description: "web" },
        { serverId: "eni-2ze1u9ywulp5pbvvc7hv", type: "eni", serverIp: "192.168.0.5", port: 80 },
        { serverId: "eni-2ze1u9ywulp5pbvvc7hv", type: "eni", serverIp: "2001:DB8:0::5" },
      ],
      update: [{ serverId: "i-2zej4lxhjoq1icue6kup", weight: 5, port: 8080, description: "web-2" }],
    },
    {
      api: "ens",
      name: "ENS",
      cloud: ensCloud,
      inputs: (backendServers: unknown[]) => ({ loadBalancerId: ENS_LB, backendServers }),
      create: [
        { serverId: "i-5uf6dwyzch3wly790k2x", weight: 100, port: 80 },
        { serverId: "eni-5uf6dwyzch3wly7", type: "eni", ip: "192.168.0.1", port: 3309 },
        { serverId: "eni-5uf6dwyzch3wly7", type: "eni", ip: "2001:DB8:0::1", weight: 50 },
      ],
      update: [
        { serverId: "i-5uf6dwyzch3wly790k2x", weight: 5, port: 80 },
        { serverId: "eni-5uf6dwyzch3wly7", type: "eni", ip: "192.168.0.1", port: 8080 },
        { serverId: "eni-5uf6dwyzch3wly7", type: "eni", ip: "2001:DB8:0::1", weight: 0 },
      ],
    },
    {
      api: "slb",
      name: "CLB VServer group",
      cloud: vServerCloud,
      inputs: (backendServers: unknown[]) => ({ vServerGroupId: vServerCloud.target, backendServers }),
      create: [
        { serverId: "i-2zej4lxhjoq1icue6kup", weight: 100, port: 80, description: "web" },
        { serverId: "i-2zej4lxhjoq1icue6kup", weight: 100, port: 8080 },
        { serverId: "eni-2ze1u9ywulp5pbvvc7hv", type: "eni", serverIp: "192.168.0.5", port: 80 },
        { serverId: "eci-2ze1u9ywulp5pbvvc7hv", type: "eci", serverIp: "2001:DB8:0::1", port: 80 },
      ],
      update: [
        { serverId: "i-2zej4lxhjoq1icue6kup", weight: 5, port: 80, description: "web-1" },
        { serverId: "eni-2ze1u9ywulp5pbvvc7hv", type: "eni", serverIp: "192.168.0.5", port: 80, weight: 0 },
        { serverId: "eci-2ze1u9ywulp5pbvvc7hv", type: "eci", serverIp: "2001:DB8:0::1", port: 80 },
      ],
    },
    {
      api: "elb",
      name: "Huawei ELB",
      cloud: elbCloud,
      inputs: (members: unknown[]) => ({ poolId: POOL, members }),
      create: [
        { address: "192.168.0.48", protocolPort: 8080, subnetCidrId: SUBNET, weight: 1, name: "web-1" },
        { address: "2001:DB8:0::30", protocolPort: 8080, subnetCidrId: SUBNET, weight: 0 },
        { address: "10.1.0.7", protocolPort: 8080, weight: 0 },
      ],
      update: [
        { address: "192.168.0.48", protocolPort: 8080, subnetCidrId: SUBNET, weight: 7, name: "web-one" },
        { address: "10.1.0.7", protocolPort: 8080, weight: 0 },
      ],
    },
    serverGroupScenario("alb", albCloud),
    serverGroupScenario("nlb", nlbCloud),
  ];

  it.each(scenarios.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    const { cloud, inputs, create, update } = scenario;
    const world = await worldOf(cloud, "seed" in scenario ? { seed: scenario.seed } : {});
    closers.push(world.close);
    const given = (members: unknown[]) => ({ ...inputs(members), __provider: "p" });
    const { id, outs } = await world.provider.create(given(create));
    const { outs: after } = await world.provider.update(id, outs, given(update));
    // A preview that adds members back reads what limits them where the cloud says (Huawei's quotas).
    await world.provider.diff(id, after, (await world.provider.check(after, given(create))).inputs);
    await world.provider.read(id, after);
    await world.provider.delete(id, after);
    const calls = world.emulator.calls();
    expect(nonconforming(calls)).toEqual([]);
    // Every action of the contract, and reads of the health contract (show-pool) where a step needs them.
    expect(actionsOf(calls)).toEqual(expect.arrayContaining(contractActions(cloud)));
  });
});
