import { describe, expect, it } from "vitest";
import { vServerModel, vServerSchema } from "../../provider/clouds/alicloud/slb/vserverMembers";
import { planReconcile } from "../../provider/core/plan";
import { checkerOf } from "./schemaCheck";

const GROUP = "rsp-cige6j5e7p";
const ENI = "eni-2ze1u9ywulp5pbvvc7hv";
const { check, reasons } = checkerOf(vServerSchema);

describe("CLB VServer group check", () => {
  it("keys a member by server, type, IP and port: one ECS on two ports is two members, an IPv6 address bracketed", () => {
    const { inputs, failures } = check({
      vServerGroupId: GROUP,
      backendServers: [
        { serverId: "i-aaaaaaaaaa", port: 8080 },
        { serverId: "i-aaaaaaaaaa", port: 80, weight: 5, description: "web" },
        { serverId: ENI, type: "eni", serverIp: "2001:DB8:0::1", port: 80 },
        { serverId: ENI, type: "eni", serverIp: "192.168.0.5", port: 80, weight: 0 },
      ],
    });
    expect(failures).toEqual([]);
    expect(inputs.backendServers).toEqual({
      "ecs:i-aaaaaaaaaa:80": {
        serverId: "i-aaaaaaaaaa",
        type: "ecs",
        weight: 5,
        port: 80,
        description: "web",
      },
      "ecs:i-aaaaaaaaaa:8080": { serverId: "i-aaaaaaaaaa", type: "ecs", weight: 100, port: 8080 },
      [`eni:${ENI}@192.168.0.5:80`]: {
        serverId: ENI,
        type: "eni",
        serverIp: "192.168.0.5",
        weight: 0,
        port: 80,
      },
      [`eni:${ENI}@[2001:db8::1]:80`]: {
        serverId: ENI,
        type: "eni",
        serverIp: "2001:db8::1",
        weight: 100,
        port: 80,
      },
    });
  });

  it("requires a port, refuses a VServer group id that is not one, and names each duplicate", () => {
    expect(
      reasons({
        vServerGroupId: "lb-2ze7o5h52g02kkzze7lru",
        backendServers: [
          { serverId: "i-aaaaaaaaaa" },
          { serverId: "i-bbbbbbbbbb", port: 0 },
          { serverId: ENI, type: "eni", port: 80 },
          // An ECS instance's IP is not part of its identity: these two are one member.
          { serverId: "i-cccccccccc", port: 80, serverIp: "10.0.0.1" },
          { serverId: "i-cccccccccc", port: 80, serverIp: "10.0.0.2" },
        ],
      }),
    ).toEqual([
      'vServerGroupId: vServerGroupId "lb-2ze7o5h52g02kkzze7lru" is not allowed: use a VServer group ID like rsp-cige6j5e7p',
      'backendServers["ecs:i-aaaaaaaaaa"].port: member ecs:i-aaaaaaaaaa: port is required',
      'backendServers["ecs:i-bbbbbbbbbb:0"].port: member ecs:i-bbbbbbbbbb:0: port 0 is not allowed: use an integer from 1 to 65535',
      `backendServers["eni:${ENI}:80"].serverIp: member eni:${ENI}:80: serverIp is required for type "eni": one member per IP address`,
      'backendServers["ecs:i-cccccccccc:80"]: member ecs:i-cccccccccc:80 is declared more than once: each (serverId, type, serverIp, port) may appear once',
    ]);
  });
});

describe("CLB VServer group model", () => {
  const member = (port: number, weight: number, description?: string) => ({
    serverId: "i-aaaaaaaaaa",
    type: "ecs" as const,
    port,
    weight,
    ...(description === undefined ? {} : { description }),
  });

  it("plans a port change as a new member and the old one's removal, a weight or declared description in place", () => {
    const plan = planReconcile(vServerModel, {
      desired: [member(81, 100), member(82, 50), member(83, 100, "new")],
      actual: [member(80, 100), member(82, 100), member(83, 100, "old"), member(84, 100, "theirs")],
      previouslyManaged: [member(80, 100), member(82, 100), member(83, 100, "old")],
      exclusive: false,
    });
    expect(plan.add).toEqual([member(81, 100)]);
    expect(plan.update.map((u) => u.desired)).toEqual([member(82, 50), member(83, 100, "new")]);
    // Each member is removed alone: the server's other ports stay.
    expect(plan.remove).toEqual([member(80, 100)]);
    expect(plan.withheld).toEqual([]);
    // A description left undeclared is not drift.
    expect(vServerModel.needsUpdate(member(84, 100), member(84, 100, "theirs"), undefined)).toBe(false);
  });

  it("keeps an ECS instance's declared IP over the one the cloud reports", () => {
    const declared = { ...member(80, 100), serverIp: "10.0.0.1" };
    const reported = { ...member(80, 100), serverIp: "172.16.0.9" };
    expect(vServerModel.observed(reported, declared)).toEqual(declared);
    expect(vServerModel.observed(reported, undefined)).toEqual(member(80, 100));
  });
});
