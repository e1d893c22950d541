/**
 * The emulator's CLB VServer-group actions through the vendor's SDK client, as the contract rows describe
 * them (emulator/contract/actions.ts, errors.ts, health.ts): a member is a server on a port, writes carry
 * at most 20 entries, a group that is gone answers 404 InvalidParameter, and each listener reports the
 * health of the groups it forwards to and of no other.
 */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index";
import { SLB_ALREADY_ATTACHED_CODE } from "../../emulator/slbActions";
import { type AlibabaCall, rejectionOf, servers, slbClient } from "./sdkClients";
import { CRED, REGION, SLB_LB } from "./testFixtures";

const GROUP = "rsp-cige6j5e7p";
const OTHER = "rsp-2zeother0001";
let emu: Emulator;
let slb: AlibabaCall;
const group = { RegionId: REGION, VServerGroupId: GROUP };
const write = (action: string, entries: Record<string, unknown>[], target = group) =>
  slb(action, { ...target, BackendServers: servers(entries) });
const members = async () =>
  (await slb("DescribeVServerGroupAttribute", group)).BackendServers.BackendServer.map(
    (m: Record<string, unknown>) => `${String(m.ServerId)}:${String(m.Port)} ${String(m.Weight)}`,
  );
const refusal = async (p: Promise<unknown>) => {
  const e = await rejectionOf(p);
  return `${e.entry?.response?.statusCode as number} ${e.code as string}`;
};

beforeEach(async () => {
  emu ??= await startEmulator();
  emu.reset();
  emu.seed({
    credentials: [CRED],
    slb: {
      servers: [{ serverId: "i-stopped", status: "Stopped" }],
      loadBalancers: [
        {
          loadBalancerId: SLB_LB,
          regionId: REGION,
          vServerGroups: [{ vServerGroupId: GROUP, vServerGroupName: "web" }, { vServerGroupId: OTHER }],
        },
      ],
    },
  });
  slb = slbClient(emu, CRED);
});
afterAll(() => emu?.close());

describe("CLB VServer-group members", () => {
  it("holds one server on two ports as two members, and answers with its load balancer", async () => {
    await write("AddVServerGroupBackendServers", [
      { ServerId: "i-a", Port: "80", Weight: "10", Description: "web" },
      { ServerId: "i-a", Port: "8080" },
      // The same member twice in one request: the first counts.
      { ServerId: "i-a", Port: "80", Weight: "99" },
    ]);
    const answer = await slb("DescribeVServerGroupAttribute", group);
    expect(answer).toMatchObject({ VServerGroupId: GROUP, VServerGroupName: "web", LoadBalancerId: SLB_LB });
    expect(answer.BackendServers.BackendServer).toEqual([
      { ServerId: "i-a", Port: 80, Weight: 10, Type: "ecs", Description: "web" },
      { ServerId: "i-a", Port: 8080, Weight: 100, Type: "ecs" },
    ]);
    expect(emu.vServerGroupMembers(OTHER)).toEqual([]);
  });

  it("refuses an entry without Port, a stopped server, an attached member and a 21st entry, changing nothing", async () => {
    await write("AddVServerGroupBackendServers", [{ ServerId: "i-a", Port: 80 }]);
    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ ServerId: "i-b", Port: 1000 + i }));
    expect(
      await Promise.all([
        refusal(write("AddVServerGroupBackendServers", [{ ServerId: "i-b", Port: 80 }, { ServerId: "i-c" }])),
        refusal(write("AddVServerGroupBackendServers", [{ ServerId: "i-stopped", Port: 80 }])),
        refusal(write("AddVServerGroupBackendServers", [{ ServerId: "i-a", Port: 80 }])),
        refusal(write("AddVServerGroupBackendServers", entries(21))),
        refusal(write("RemoveVServerGroupBackendServers", [{ ServerId: "i-a" }])),
      ]),
    ).toEqual([
      "400 InvalidParameter",
      "400 ObtainIpFail",
      `400 ${SLB_ALREADY_ATTACHED_CODE}`,
      "400 InvalidParameter",
      "400 InvalidParameter",
    ]);
    await write("AddVServerGroupBackendServers", entries(20));
    expect(await members()).toHaveLength(21);
  });

  it("sets weights and descriptions of the members named, and refuses one the group does not have", async () => {
    await write("AddVServerGroupBackendServers", [
      { ServerId: "i-a", Port: 80 },
      { ServerId: "i-a", Port: 81 },
    ]);
    await write("SetVServerGroupAttribute", [
      { ServerId: "i-a", Port: 81, Weight: 0, Description: "drained" },
    ]);
    expect(emu.vServerGroupMembers(GROUP)).toEqual([
      { ServerId: "i-a", Type: "ecs", Port: 80, Weight: 100 },
      { ServerId: "i-a", Type: "ecs", Port: 81, Weight: 0, Description: "drained" },
    ]);
    expect(await refusal(write("SetVServerGroupAttribute", [{ ServerId: "i-a", Port: 82, Weight: 1 }]))).toBe(
      "400 InvalidParameter",
    );
  });

  it("removes only the member an entry names, ignores members it does not have, and keeps other IPs of an ENI", async () => {
    emu.setVServerGroupMembers(GROUP, [
      { ServerId: "i-a", Type: "ecs", Port: 80, Weight: 100 },
      { ServerId: "i-a", Type: "ecs", Port: 81, Weight: 100 },
      { ServerId: "eni-x", Type: "eni", ServerIp: "10.0.0.1", Port: 80, Weight: 100 },
      { ServerId: "eni-x", Type: "eni", ServerIp: "2001:db8::1", Port: 80, Weight: 100 },
    ]);
    await write("RemoveVServerGroupBackendServers", [
      { ServerId: "i-a", Port: "81" },
      { ServerId: "eni-x", Type: "eni", ServerIp: "2001:DB8:0::1", Port: "80" },
      { ServerId: "i-never", Port: "80" },
    ]);
    expect(await members()).toEqual(["i-a:80 100", "eni-x:80 100"]);
  });

  it("refuses to remove a member whose server no longer exists, with ObtainIpFail, and removes nothing", async () => {
    emu.seed({ strictServers: true, slb: { servers: [{ serverId: "i-a" }] } });
    emu.setVServerGroupMembers(GROUP, [
      { ServerId: "i-a", Type: "ecs", Port: 80, Weight: 100 },
      { ServerId: "i-released", Type: "ecs", Port: 80, Weight: 100 },
    ]);
    const entries = [
      { ServerId: "i-a", Port: 80 },
      { ServerId: "i-released", Port: 80 },
    ];
    expect(await refusal(write("RemoveVServerGroupBackendServers", entries))).toBe("400 ObtainIpFail");
    expect(await members()).toHaveLength(2);
  });

  it("answers a group that is gone with 404 InvalidParameter, or as goneAnswer says with no VServerGroupId", async () => {
    emu.deleteVServerGroup(GROUP);
    for (const action of ["DescribeVServerGroupAttribute", "AddVServerGroupBackendServers"]) {
      expect(await refusal(write(action, [{ ServerId: "i-a", Port: 80 }]))).toBe("404 InvalidParameter");
    }
    expect(
      await refusal(
        slb("DescribeVServerGroupAttribute", { ...group, VServerGroupId: OTHER, RegionId: "cn-hangzhou" }),
      ),
    ).toBe("404 InvalidParameter");
    emu.seed({ slb: { goneAnswer: "no-id" } });
    const answer = await slb("DescribeVServerGroupAttribute", group);
    expect(answer.VServerGroupId).toBeUndefined();
    expect(answer.BackendServers.BackendServer).toEqual([]);
  });
});

describe("CLB health by forwarding target", () => {
  beforeEach(() => {
    emu.seed({
      slb: {
        loadBalancers: [
          {
            loadBalancerId: SLB_LB,
            regionId: REGION,
            backendServers: [{ ServerId: "i-default", Type: "ecs", Weight: 100 }],
            listeners: [
              { port: 80, protocol: "http", rules: [{ domain: "api.example.com", vServerGroupId: GROUP }] },
              { port: 443, protocol: "tcp", vServerGroupId: GROUP },
              { port: 53, protocol: "udp", masterSlaveServerGroupId: "rsp-masterslave01" },
              { port: 8080, protocol: "http", listenerForward: "on" },
            ],
            vServerGroups: [
              {
                vServerGroupId: GROUP,
                backendServers: [{ ServerId: "i-v", Type: "ecs", Port: 8000, Weight: 100 }],
              },
            ],
          },
        ],
      },
    });
  });

  it("reports on each listener the members of the groups it forwards to, and no others", async () => {
    const entries = (
      await slb("DescribeHealthStatus", { RegionId: REGION, LoadBalancerId: SLB_LB })
    ).BackendServers.BackendServer.map(
      (e: Record<string, unknown>) =>
        `${String(e.ListenerPort)}/${String(e.Protocol)} ${String(e.ServerId)}:${String(e.Port)}`,
    );
    expect(entries).toEqual(["80/http i-default:80", "80/http i-v:8000", "443/tcp i-v:8000"]);
    expect([...emu.slbHealth(SLB_LB)]).toEqual([["i-default", ["normal"]]]);
    expect([...emu.vServerGroupHealth(GROUP)]).toEqual([["i-v:8000", ["normal", "normal"]]]);
  });

  it("says in each listener's attribute what it forwards to", async () => {
    const lb = { RegionId: REGION, LoadBalancerId: SLB_LB };
    const http = await slb("DescribeLoadBalancerHTTPListenerAttribute", { ...lb, ListenerPort: 80 });
    expect(http.VServerGroupId).toBeUndefined();
    expect(http.ListenerForward).toBe("off");
    expect(http.Rules.Rule).toEqual([
      { RuleId: "rule-80-0", Domain: "api.example.com", VServerGroupId: GROUP },
    ]);
    const tcp = await slb("DescribeLoadBalancerTCPListenerAttribute", { ...lb, ListenerPort: 443 });
    expect(tcp.VServerGroupId).toBe(GROUP);
    const udp = await slb("DescribeLoadBalancerUDPListenerAttribute", { ...lb, ListenerPort: 53 });
    expect(udp.MasterSlaveServerGroupId).toBe("rsp-masterslave01");
    const redirect = await slb("DescribeLoadBalancerHTTPListenerAttribute", { ...lb, ListenerPort: 8080 });
    expect(redirect.ListenerForward).toBe("on");
  });
});
