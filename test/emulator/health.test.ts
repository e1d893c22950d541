import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rows } from "../../emulator/contract/health";
import { type Emulator, startEmulator } from "../../emulator/index";
import { type AlibabaCall, type ElbCall, elbClient, rejectionOf, servers, slbClient } from "./sdkClients";
import { CRED, POOL, PROJECT, REGION, SLB_LB } from "./testFixtures";

/** The emulator's clock: tests move it instead of sleeping. */
let now = Date.now();
const advance = (seconds: number) => {
  now += seconds * 1000;
};

let emu: Emulator;
let slb: AlibabaCall;
let elb: ElbCall;
const lb = { RegionId: REGION, LoadBalancerId: SLB_LB };
const MEMBERS = `/v3/{project_id}/elb/pools/${POOL}/members`;

beforeAll(async () => {
  emu = await startEmulator({ now: () => now });
});
afterAll(() => emu?.close());
beforeEach(() => {
  now = Date.now();
  emu.reset();
  emu.seed({
    credentials: [CRED],
    slb: {
      loadBalancers: [
        {
          loadBalancerId: SLB_LB,
          regionId: REGION,
          listeners: [
            { port: 80, protocol: "http", healthCheckInterval: 2, healthyThreshold: 3 },
            {
              port: 443,
              protocol: "tcp",
              healthCheck: "off",
              connectionDrain: "on",
              connectionDrainTimeout: 30,
            },
          ],
        },
      ],
    },
    elb: {
      pools: [
        {
          poolId: POOL,
          projectId: PROJECT,
          healthMonitor: { delay: 5, maxRetries: 2 },
          listenerIds: ["0b11747a-b139-492f-9692-2df0b1c87193"],
        },
      ],
    },
  });
  slb = slbClient(emu, CRED);
  elb = elbClient(emu, CRED, PROJECT);
});

const clbHealth = async (params: Record<string, unknown> = {}) =>
  (await slb("DescribeHealthStatus", { ...lb, ...params })).BackendServers.BackendServer.map(
    (s: Record<string, unknown>) =>
      `${String(s.ServerId)} ${String(s.ListenerPort)} ${String(s.ServerHealthStatus)}`,
  );

describe("CLB health", () => {
  it("moves a new server from unavailable to abnormal to normal over HealthyThreshold intervals", async () => {
    await slb("AddBackendServers", { ...lb, BackendServers: servers([{ ServerId: "i-new" }]) });
    expect(await clbHealth({ ListenerPort: 80 })).toEqual(["i-new 80 unavailable"]);
    advance(2);
    expect(await clbHealth({ ListenerPort: 80 })).toEqual(["i-new 80 abnormal"]);
    advance(3.9);
    expect(await clbHealth({ ListenerPort: 80 })).toEqual(["i-new 80 abnormal"]);
    advance(0.1);
    expect(await clbHealth({ ListenerPort: 80 })).toEqual(["i-new 80 normal"]);
  });

  it("reports every listener without ListenerPort; a listener without health check is never normal", async () => {
    emu.setSlbMembers(SLB_LB, [{ ServerId: "i-old", Type: "ecs", Weight: 100 }]);
    expect(await clbHealth()).toEqual(["i-old 80 normal", "i-old 443 unavailable"]);
  });

  it("keeps a server set to fail abnormal for ever", async () => {
    emu.setHealth("slb", "i-bad", "fails");
    await slb("AddBackendServers", { ...lb, BackendServers: servers([{ ServerId: "i-bad" }]) });
    advance(600);
    expect(await clbHealth({ ListenerPort: 80 })).toEqual(["i-bad 80 abnormal"]);
  });

  it("lists listeners in DescribeLoadBalancerAttribute and reports each one's health check and draining", async () => {
    const attribute = await slb("DescribeLoadBalancerAttribute", lb);
    expect(attribute.ListenerPortsAndProtocol.ListenerPortAndProtocol).toEqual([
      { ListenerPort: 80, ListenerProtocol: "http" },
      { ListenerPort: 443, ListenerProtocol: "tcp" },
    ]);
    expect(await slb("DescribeLoadBalancerHTTPListenerAttribute", { ...lb, ListenerPort: 80 })).toMatchObject(
      {
        HealthCheck: "on",
        HealthCheckInterval: 2,
        HealthyThreshold: 3,
      },
    );
    const tcp = await slb("DescribeLoadBalancerTCPListenerAttribute", { ...lb, ListenerPort: 443 });
    expect(tcp).toMatchObject({ HealthCheck: "off", ConnectionDrain: "on", ConnectionDrainTimeout: 30 });
    const wrong = await rejectionOf(
      slb("DescribeLoadBalancerTCPListenerAttribute", { ...lb, ListenerPort: 80 }),
    );
    expect(wrong.code).toBe("InvalidParameter");
  });
});

describe("Huawei ELB health", () => {
  const health = async () =>
    ((await elb({ method: "GET", url: MEMBERS })).members as Record<string, any>[]).map((m) => ({
      address: m.address,
      operating_status: m.operating_status,
      status: m.status,
    }));

  it("is INITIAL after batch-add and ONLINE after max_retries checks of delay seconds", async () => {
    const added = await elb({
      method: "POST",
      url: `${MEMBERS}/batch-add`,
      data: { members: [{ address: "10.0.0.5", protocol_port: 80 }] },
    });
    expect(added.members[0].operating_status).toBe("INITIAL");
    advance(9);
    expect((await health())[0].operating_status).toBe("INITIAL");
    advance(1);
    expect(await health()).toEqual([
      {
        address: "10.0.0.5",
        operating_status: "ONLINE",
        status: [{ listener_id: "0b11747a-b139-492f-9692-2df0b1c87193", operating_status: "ONLINE" }],
      },
    ]);
  });

  it("turns a failing member OFFLINE with a reason after its first check", async () => {
    emu.setHealth("elb", "10.0.0.6", "fails");
    await elb({
      method: "POST",
      url: `${MEMBERS}/batch-add`,
      data: { members: [{ address: "10.0.0.6", protocol_port: 80 }] },
    });
    advance(5);
    const [member] = await health();
    expect(member.operating_status).toBe("OFFLINE");
    expect(member.status[0].reason.reason_code).toBe("CONNECT_REFUSED");
  });

  it("reports a member whose ECS is stopped OFFLINE at once, with no failed check and admin_state_up false", async () => {
    emu.setHealth("elb", "10.0.0.8", "stopped");
    const added = await elb({
      method: "POST",
      url: `${MEMBERS}/batch-add`,
      data: { members: [{ address: "10.0.0.8", protocol_port: 80 }] },
    });
    expect(added.members[0].operating_status).toBe("OFFLINE");
    const [member] = (await elb({ method: "GET", url: MEMBERS })).members as Record<string, any>[];
    expect(member.admin_state_up).toBe(false);
    expect(member.status).toEqual([
      { listener_id: "0b11747a-b139-492f-9692-2df0b1c87193", operating_status: "OFFLINE" },
    ]);
    expect(member.reason).toBeUndefined();
    expect(() => emu.setHealth("slb", "i-x", "stopped")).toThrow(/"passes", "fails"/);
  });

  it("reports UNKNOWN for the members of a pool with a health monitor that no listener uses", async () => {
    emu.seed({
      elb: {
        pools: [
          {
            poolId: POOL,
            projectId: PROJECT,
            healthMonitor: { delay: 5, maxRetries: 2 },
            members: [{ address: "10.0.0.9", protocol_port: 80 }],
          },
        ],
      },
    });
    advance(60);
    expect(await health()).toEqual([{ address: "10.0.0.9", operating_status: "UNKNOWN", status: [] }]);
  });

  it("reports NO_MONITOR for a pool without a health monitor", async () => {
    emu.seed({
      elb: {
        pools: [{ poolId: POOL, projectId: PROJECT, members: [{ address: "10.0.0.7", protocol_port: 80 }] }],
      },
    });
    expect(await health()).toEqual([{ address: "10.0.0.7", operating_status: "NO_MONITOR", status: [] }]);
  });
});

describe("the health contract rows", () => {
  it("each names a rule and cites a vendor source, or says the vendors are silent", () => {
    expect(rows.length).toBeGreaterThanOrEqual(15);
    for (const row of rows) {
      expect(row.rule.length, JSON.stringify(row)).toBeGreaterThan(20);
      expect(row.source, JSON.stringify(row)).toMatch(/^(silent$|https:\/\/\S+|[\w.-]+\/[\w.-]+: \S+)/);
    }
  });
});
