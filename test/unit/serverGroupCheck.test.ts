import { describe, expect, it } from "vitest";
import { albSchema } from "../../provider/clouds/alicloud/alb/kind";
import { nlbSchema } from "../../provider/clouds/alicloud/nlb/kind";
import { serverGroupModel } from "../../provider/clouds/alicloud/serverGroup/members";
import { checkerOf } from "./schemaCheck";

const GROUP = "sgp-atstuj3rtop0bcd1";
const alb = checkerOf(albSchema);
const nlb = checkerOf(nlbSchema);

describe("ALB and NLB check", () => {
  it("applies the documented defaults (Ecs, weight 100) and keys each member by server, IP and port", () => {
    const { inputs, failures } = alb.check({
      serverGroupId: GROUP,
      servers: [
        { serverId: "i-bbbbbbbbbb", port: 80 },
        { serverId: "i-bbbbbbbbbb", port: 8080, weight: 0 },
        { serverId: "eni-aaaaaaaaaa", serverType: "Eni", serverIp: "2001:DB8:0::1", port: 80 },
        { serverId: "2001:DB8::7", serverType: "Ip", port: 443, description: "on-prem" },
      ],
    });
    expect(failures).toEqual([]);
    expect(inputs.servers).toEqual({
      "Ecs:i-bbbbbbbbbb:80": { serverId: "i-bbbbbbbbbb", serverType: "Ecs", port: 80, weight: 100 },
      "Ecs:i-bbbbbbbbbb:8080": { serverId: "i-bbbbbbbbbb", serverType: "Ecs", port: 8080, weight: 0 },
      "Eni:eni-aaaaaaaaaa@[2001:db8::1]:80": {
        serverId: "eni-aaaaaaaaaa",
        serverType: "Eni",
        serverIp: "2001:db8::1",
        port: 80,
        weight: 100,
      },
      "Ip:[2001:db8::7]:443": {
        serverId: "2001:db8::7",
        serverType: "Ip",
        port: 443,
        weight: 100,
        description: "on-prem",
      },
    });
  });

  it("names the member, the field, the bad value and what is allowed, for every field", () => {
    expect(
      alb.reasons({
        serverGroupId: "rsp-1",
        regionId: "Hangzhou",
        servers: [
          { serverId: "i-aaaaaaaaaa" },
          { serverId: "i-bbbbbbbbbb", port: 80, weight: 101, serverType: "Fc" },
          { serverId: "eni-cccccccccc", serverType: "Eni", port: 65536 },
          { serverId: "10.0.0.1", serverType: "Ip", serverIp: "10.0.0.2", port: 80 },
          { serverId: "i-dddddddddd", port: 80, description: "http://x" },
          { serverId: "i-eeeeeeeeee", port: 80, zone: "a" },
        ],
      }),
    ).toEqual([
      'serverGroupId: serverGroupId "rsp-1" is not allowed: use a server group ID like sgp-atstuj3rtoptyui0bc',
      'regionId: regionId "Hangzhou" is not allowed: use a region ID like cn-hangzhou',
      'servers["Ecs:i-aaaaaaaaaa"].port: member Ecs:i-aaaaaaaaaa: port is required',
      'servers["Fc:i-bbbbbbbbbb:80"].serverType: member Fc:i-bbbbbbbbbb:80: serverType "Fc" is not allowed: use one of "Ecs", "Eni", "Eci", "Ip"',
      'servers["Fc:i-bbbbbbbbbb:80"].weight: member Fc:i-bbbbbbbbbb:80: weight 101 is not allowed: use an integer from 0 to 100',
      'servers["Eni:eni-cccccccccc:65536"].serverIp: member Eni:eni-cccccccccc:65536: serverIp is required for serverType "Eni": one member per IP address',
      'servers["Eni:eni-cccccccccc:65536"].port: member Eni:eni-cccccccccc:65536: port 65536 is not allowed: use an integer from 1 to 65535',
      'servers["Ip:10.0.0.1:80"].serverIp: member Ip:10.0.0.1:80: serverIp "10.0.0.2" is not allowed: for serverType "Ip" the serverId is the address; leave serverIp out or give the same address',
      'servers["Ecs:i-dddddddddd:80"].description: member Ecs:i-dddddddddd:80: description "http://x" is not allowed: use 2 to 256 characters, not starting with http:// or https://',
      'servers["Ecs:i-eeeeeeeeee:80"].zone: member Ecs:i-eeeeeeeeee:80: zone is not a server field: use serverId, serverType, serverIp, port, weight, description',
    ]);
  });

  it("lets an NLB server leave its port out (a multi-port group), and checks NLB's description characters", () => {
    const { inputs, failures } = nlb.check({ serverGroupId: GROUP, servers: [{ serverId: "i-aaaaaaaaaa" }] });
    expect(failures).toEqual([]);
    expect(Object.keys(inputs.servers as object)).toEqual(["Ecs:i-aaaaaaaaaa"]);
    expect(
      nlb.reasons({ serverGroupId: GROUP, servers: [{ serverId: "i-aaaaaaaaaa", description: "a b" }] }),
    ).toEqual([
      `servers["Ecs:i-aaaaaaaaaa"].description: member Ecs:i-aaaaaaaaaa: description "a b" is not allowed: use 2 to 256 letters, digits, ',', '.', ';', '/', '@', '_' or '-'`,
    ]);
  });

  it("compares weight and a declared description; a port is identity, never an update", () => {
    const m = { serverId: "i-aaaaaaaaaa", serverType: "Ecs" as const, port: 80, weight: 100 };
    expect(serverGroupModel.needsUpdate(m, { ...m, description: "by hand" }, undefined)).toBe(false);
    expect(serverGroupModel.needsUpdate({ ...m, description: "web" }, m, undefined)).toBe(true);
    expect(serverGroupModel.needsUpdate({ ...m, weight: 0 }, m, undefined)).toBe(true);
    expect(serverGroupModel.key({ ...m, port: 81 })).not.toBe(serverGroupModel.key(m));
    // An ECS instance's own IP, reported by the cloud, is not drift where none was declared.
    expect(serverGroupModel.observed({ ...m, serverIp: "192.168.0.9" }, m)).toEqual(m);
  });
});
