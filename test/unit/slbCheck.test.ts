import { describe, expect, it } from "vitest";
import { slbSchema } from "../../provider/clouds/alicloud/slb/members";
import { diffInputs } from "../../provider/core/diff";
import { UNKNOWN } from "../../provider/core/unknown";
import { checkerOf } from "./schemaCheck";

const LB = "lb-2ze7o5h52g02kkzze7lru";
const { check, reasons } = checkerOf(slbSchema);

describe("CLB check", () => {
  it("applies defaults and orders members canonically by identity", () => {
    const { inputs, failures } = check({
      loadBalancerId: LB,
      backendServers: [
        { serverId: "i-bbbbbbbbbb" },
        { serverId: "eni-2ze1u9ywulp5pbvvc7hv", type: "eni", serverIp: "192.168.0.6", weight: 0 },
        {
          serverId: "eni-2ze1u9ywulp5pbvvc7hv",
          type: "eni",
          serverIp: "192.168.0.5",
          port: 80,
          description: "api-v1/a_b.c",
        },
        { serverId: "i-aaaaaaaaaa", weight: 5 },
      ],
    });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      loadBalancerId: LB,
      exclusive: false,
      backendServers: {
        "ecs:i-aaaaaaaaaa": { serverId: "i-aaaaaaaaaa", type: "ecs", weight: 5 },
        "ecs:i-bbbbbbbbbb": { serverId: "i-bbbbbbbbbb", type: "ecs", weight: 100 },
        "eni:eni-2ze1u9ywulp5pbvvc7hv@192.168.0.5": {
          serverId: "eni-2ze1u9ywulp5pbvvc7hv",
          type: "eni",
          serverIp: "192.168.0.5",
          weight: 100,
          port: 80,
          description: "api-v1/a_b.c",
        },
        "eni:eni-2ze1u9ywulp5pbvvc7hv@192.168.0.6": {
          serverId: "eni-2ze1u9ywulp5pbvvc7hv",
          type: "eni",
          serverIp: "192.168.0.6",
          weight: 0,
        },
      },
    });
    expect(Object.keys(inputs.backendServers as object)).toEqual(
      [...Object.keys(inputs.backendServers as object)].sort(),
    );
  });

  it("names the member, the field, the bad value and what is allowed, for every field", () => {
    expect(
      reasons({
        loadBalancerId: "LB-1",
        regionId: "Beijing",
        exclusive: "yes",
        backendServers: [
          { serverId: "i-aaaaaaaaaa", weight: 100.5 },
          { serverId: "i-bbbbbbbbbb", type: "vm" },
          { serverId: "eni-cccccccccc", type: "eni", serverIp: "300.1.1.1", port: 0 },
          { serverId: "i-dddddddddd", description: "has spaces!" },
          { serverId: "eni-eeeeeeeeee" },
          { weight: 1 },
          { serverId: "i-ffffffffff", colour: "red" },
          "i-gggggggggg",
        ],
      }),
    ).toEqual([
      'loadBalancerId: loadBalancerId "LB-1" is not allowed: use a CLB instance ID like lb-2ze7o5h52g02kkzze7lru',
      'regionId: regionId "Beijing" is not allowed: use a region ID like cn-beijing',
      'exclusive: exclusive "yes" is not allowed: use true or false',
      'backendServers["ecs:i-aaaaaaaaaa"].weight: member ecs:i-aaaaaaaaaa: weight 100.5 is not allowed: use an integer from 0 to 100',
      'backendServers["vm:i-bbbbbbbbbb"].type: member vm:i-bbbbbbbbbb: type "vm" is not allowed: use one of "ecs", "eni", "eci"',
      'backendServers["eni:eni-cccccccccc@300.1.1.1"].serverIp: member eni:eni-cccccccccc@300.1.1.1: serverIp "300.1.1.1" is not allowed: use an IPv4 or IPv6 address',
      'backendServers["eni:eni-cccccccccc@300.1.1.1"].port: member eni:eni-cccccccccc@300.1.1.1: port 0 is not allowed: use an integer from 1 to 65535',
      `backendServers["ecs:i-dddddddddd"].description: member ecs:i-dddddddddd: description "has spaces!" is not allowed: use 1 to 80 letters, digits, '-', '/', '.' or '_'`,
      'backendServers["ecs:eni-eeeeeeeeee"].serverId: member ecs:eni-eeeeeeeeee: serverId "eni-eeeeeeeeee" is not allowed: use an ID like i-2zej4lxhjoq1icue6kup for type "ecs"',
      'backendServers["ecs:undefined"].serverId: member ecs:undefined: serverId is required',
      'backendServers["ecs:i-ffffffffff"].colour: member ecs:i-ffffffffff: colour is not a backend server field: use serverId, type, serverIp, weight, port, description',
      'backendServers["#8"]: member #8 "i-gggggggggg" is not allowed: use an object',
    ]);
  });

  it("requires serverIp for ENI and ECI members, and the load balancer id", () => {
    expect(reasons({ backendServers: [{ serverId: "eci-aaaaaaaaaa", type: "eci" }] })).toEqual([
      "loadBalancerId: loadBalancerId is required",
      'backendServers["eci:eci-aaaaaaaaaa"].serverIp: member eci:eci-aaaaaaaaaa: serverIp is required for type "eci": one member per IP address',
    ]);
  });

  it("refuses two members with the same identity, but allows one ENI with two IPs", () => {
    expect(
      reasons({
        loadBalancerId: LB,
        backendServers: [
          { serverId: "i-aaaaaaaaaa", weight: 1 },
          { serverId: "i-aaaaaaaaaa", weight: 2 },
          { serverId: "eni-bbbbbbbbbb", type: "eni", serverIp: "10.0.0.1" },
          { serverId: "eni-bbbbbbbbbb", type: "eni", serverIp: "10.0.0.2" },
        ],
      }),
    ).toEqual([
      'backendServers["ecs:i-aaaaaaaaaa"]: member ecs:i-aaaaaaaaaa is declared more than once: each (serverId, type, serverIp) may appear once',
    ]);
  });

  it("refuses an input that is not one of the resource's", () => {
    expect(reasons({ loadBalancerId: LB, backendServers: [], backendServer: [] })).toEqual([
      "backendServer: backendServer is not an input of alicloud.slb.BackendServerAttachment: use loadBalancerId, regionId, backendServers, exclusive, rollout",
    ]);
  });

  it("passes unknown values through, in any position, without failures", () => {
    for (const news of [
      { loadBalancerId: UNKNOWN, backendServers: UNKNOWN, exclusive: UNKNOWN, regionId: UNKNOWN },
      {
        loadBalancerId: LB,
        backendServers: [UNKNOWN, { serverId: UNKNOWN }, { serverId: "i-aaaaaaaaaa", weight: UNKNOWN }],
      },
      {
        loadBalancerId: LB,
        backendServers: [{ serverId: "i-aaaaaaaaaa", type: UNKNOWN, port: UNKNOWN }],
      },
    ]) {
      expect(check(news).failures).toEqual([]);
    }
  });
});

describe("CLB diff", () => {
  const base = check({
    loadBalancerId: LB,
    regionId: "cn-beijing",
    backendServers: [{ serverId: "i-aaaaaaaaaa" }, { serverId: "i-bbbbbbbbbb" }],
  }).inputs;
  const olds = { ...base, __provider: "old text", __stateVersion: 1 };
  const diff = (news: Record<string, unknown>) => diffInputs(slbSchema, olds, check(news).inputs);

  it("is no change for the same members in another order, or a new provider text", () => {
    expect(
      diff({
        loadBalancerId: LB,
        regionId: "cn-beijing",
        backendServers: [{ serverId: "i-bbbbbbbbbb" }, { serverId: "i-aaaaaaaaaa" }],
        __provider: "new text",
      }),
    ).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("updates in place for weight, port, description, membership and ownership changes", () => {
    const members = (m: object[]) => ({ loadBalancerId: LB, regionId: "cn-beijing", backendServers: m });
    for (const news of [
      members([{ serverId: "i-aaaaaaaaaa", weight: 1 }, { serverId: "i-bbbbbbbbbb" }]),
      members([{ serverId: "i-aaaaaaaaaa", port: 81 }, { serverId: "i-bbbbbbbbbb" }]),
      members([{ serverId: "i-aaaaaaaaaa", description: "x" }, { serverId: "i-bbbbbbbbbb" }]),
      members([{ serverId: "i-aaaaaaaaaa" }]),
      members([{ serverId: "i-aaaaaaaaaa" }, { serverId: "i-bbbbbbbbbb" }, { serverId: "i-cccccccccc" }]),
      { ...members([{ serverId: "i-aaaaaaaaaa" }, { serverId: "i-bbbbbbbbbb" }]), exclusive: true },
    ]) {
      expect(diff(news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    }
  });

  it("replaces only for another load balancer or region, including one not yet known", () => {
    const members = [{ serverId: "i-aaaaaaaaaa" }, { serverId: "i-bbbbbbbbbb" }];
    expect(
      diff({ loadBalancerId: "lb-2ze7o5h52g02kkzze7lr2", regionId: "cn-beijing", backendServers: members })
        .replaces,
    ).toEqual(["loadBalancerId"]);
    expect(diff({ loadBalancerId: LB, regionId: "cn-shanghai", backendServers: members }).replaces).toEqual([
      "regionId",
    ]);
    expect(
      diff({ loadBalancerId: UNKNOWN, regionId: "cn-beijing", backendServers: members }).replaces,
    ).toEqual(["loadBalancerId"]);
    expect(diff({ loadBalancerId: LB, regionId: "cn-beijing", backendServers: UNKNOWN }).changes).toBe(true);
  });
});
