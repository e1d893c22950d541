/**
 * CLB health through the real plugin, against the emulator's health model: a group's members are judged
 * only on the listeners that forward to that group, the default server group's or a VServer group's
 * (DescribeHealthStatus reports each member only there), and a drain leaves to the load balancer only the
 * connection drain that every such listener applies. The emulator's clock moves one check interval with
 * each health read; drains are timed on the real clock, as the plugin sleeps on it.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SlbListenerSeed } from "../../emulator";
import { slbCloud, vServerCloud } from "../clouds";
import { VSERVER_LB } from "../clouds/vserver";
import { engineWorld } from "./world";

const LB = slbCloud.target;
const GROUP = vServerCloud.target;
/** Another VServer group of each load balancer, which some listeners forward to instead. */
const ELSEWHERE = "rsp-2zeelsewhere0001";
const CHECK = { healthCheckInterval: 2, healthyThreshold: 3 } as const;

let now = Date.now();
beforeEach(() => {
  now = Date.now();
});
const world = engineWorld([slbCloud, vServerCloud], {
  now: () => now,
  env: { BACKEND_SERVERS_HEALTH_POLL_MS: "20" },
});
beforeAll(() => {
  world.emulator.onCall((call) => {
    if (call.action === "DescribeHealthStatus") now += 2_000; // the listeners' interval
  });
});

/** Replaces a load balancer's listeners (and its VServer groups: the test cloud's, and ELSEWHERE). */
const listen = (loadBalancerId: string, listeners: SlbListenerSeed[]) =>
  world.emulator.seed({
    slb: {
      loadBalancers: [
        {
          loadBalancerId,
          regionId: "cn-beijing",
          listeners,
          vServerGroups: [
            ...(loadBalancerId === VSERVER_LB
              ? [{ vServerGroupId: GROUP }, { vServerGroupId: vServerCloud.target2 }]
              : []),
            { vServerGroupId: ELSEWHERE },
          ],
        },
      ],
    },
  });

const resource = () => [...world.stack.state.values()][0];
const ecs = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `i-${prefix}${String(i).padStart(6, "0")}`);
const defaultGroup = async (servers: string[], extra: Record<string, unknown> = {}) => {
  const { captureRegistrations } = await import("../../harness/registrations");
  return captureRegistrations(
    () =>
      slbCloud.declareResource("web", {
        loadBalancerId: LB,
        backendServers: servers.map((serverId) => ({ serverId })),
        ...extra,
      }),
    { config: world.config() },
  );
};
const vServerGroup = async (members: [string, number][], extra: Record<string, unknown> = {}) => {
  const { captureRegistrations } = await import("../../harness/registrations");
  return captureRegistrations(
    () =>
      vServerCloud.declareResource("group", {
        vServerGroupId: GROUP,
        backendServers: members.map(([serverId, port]) => ({ serverId, port })),
        ...extra,
      }),
    { config: world.config() },
  );
};
const gate = { rollout: { healthGate: { timeoutSeconds: 5 } } };

/** Real milliseconds from the weight-0 write to the removal, over the next command. */
function drainTimer(set: string, remove: string): () => number {
  let zeroed = 0;
  let removed = 0;
  const stop = world.emulator.onCall((call) => {
    if (call.action === set && zeroed === 0) zeroed = performance.now();
    if (call.action === remove) removed = performance.now();
  });
  return () => {
    stop();
    return removed - zeroed;
  };
}

describe("a health gate consults only the listeners that forward to the group", () => {
  it("default server group: a listener of a VServer group, of a primary/secondary group or redirecting is left out", async () => {
    listen(LB, [
      { port: 80, protocol: "http", ...CHECK },
      { port: 443, protocol: "tcp", vServerGroupId: ELSEWHERE, ...CHECK },
      { port: 53, protocol: "udp", masterSlaveServerGroupId: "rsp-2zemasterslave01", ...CHECK },
      { port: 8080, protocol: "http", listenerForward: "on", ...CHECK },
    ]);
    await world.stack.run(async (engine) => engine.up(await defaultGroup(ecs("blue", 2))));
    const swapped = await world.stack.run(async (engine) =>
      engine.up(await defaultGroup(ecs("green", 2), gate)),
    );

    expect(swapped.steps.map((s) => s.error?.message)).toEqual([undefined]);
    expect(slbCloud.read(world.emulator)).toEqual(new Map(ecs("green", 2).map((id) => [id, 100])));
    expect(resource().outputs.health).toEqual({
      "ecs:i-green000000": { state: "healthy", reported: "80/http normal" },
      "ecs:i-green000001": { state: "healthy", reported: "80/http normal" },
    });
  });

  it("VServer group: its own listener and a forwarding rule's, not another group's nor the default group's", async () => {
    listen(VSERVER_LB, [
      { port: 443, protocol: "tcp", vServerGroupId: GROUP, ...CHECK },
      { port: 80, protocol: "http", rules: [{ domain: "api.example.com", vServerGroupId: GROUP }], ...CHECK },
      { port: 8443, protocol: "tcp", vServerGroupId: ELSEWHERE, ...CHECK },
      { port: 8080, protocol: "http", ...CHECK },
    ]);
    await world.stack.run(async (engine) => engine.up(await vServerGroup([["i-blue000000", 80]])));
    const green: [string, number][] = [
      ["i-green000000", 80],
      ["i-green000000", 8080],
    ];
    const swapped = await world.stack.run(async (engine) => engine.up(await vServerGroup(green, gate)));

    expect(swapped.steps.map((s) => s.error?.message)).toEqual([undefined]);
    expect(vServerCloud.read(world.emulator)).toEqual(
      new Map([
        ["i-green000000:80", 100],
        ["i-green000000:8080", 100],
      ]),
    );
    // Each port of the server is a member of its own, reported on its own.
    expect(resource().outputs.health).toEqual({
      "ecs:i-green000000:80": { state: "healthy", reported: "443/tcp normal, 80/http normal" },
      "ecs:i-green000000:8080": { state: "healthy", reported: "443/tcp normal, 80/http normal" },
    });
  });
});

describe("a drain leaves to the load balancer only the connection drain of every listener serving the group", () => {
  it("default server group: an HTTP listener drains nothing, so the whole period is waited", async () => {
    listen(LB, [
      { port: 80, protocol: "http", healthCheck: "off" },
      { port: 443, protocol: "tcp", healthCheck: "off", connectionDrain: "on", connectionDrainTimeout: 10 },
      // Forwards elsewhere: its longer drain never applies to the default group's members.
      {
        port: 8443,
        protocol: "tcp",
        vServerGroupId: ELSEWHERE,
        connectionDrain: "on",
        connectionDrainTimeout: 900,
      },
    ]);
    await world.stack.run(async (engine) => engine.up(await defaultGroup(ecs("web", 2))));
    const elapsed = drainTimer("SetBackendServers", "RemoveBackendServers");
    const drained = await world.stack.run(async (engine) =>
      engine.up(await defaultGroup(ecs("web", 1), { rollout: { drainSeconds: 2 } })),
    );

    expect(drained.steps.map((s) => s.error?.message)).toEqual([undefined]);
    expect(elapsed()).toBeGreaterThanOrEqual(2_000);
    expect(world.stack.output.stderr).toMatch(
      /drain load balancer lb-\w+: 1 member at weight 0 since \S+, removing in 2 s\n/,
    );
    expect(slbCloud.read(world.emulator)).toEqual(new Map([["i-web000000", 100]]));
  });

  it("default server group: of two TCP listeners' drains, the shorter is the one all of them apply", async () => {
    listen(LB, [
      { port: 443, protocol: "tcp", healthCheck: "off", connectionDrain: "on", connectionDrainTimeout: 10 },
      { port: 444, protocol: "tcp", healthCheck: "off", connectionDrain: "on", connectionDrainTimeout: 20 },
    ]);
    await world.stack.run(async (engine) => engine.up(await defaultGroup(ecs("web", 2))));
    await world.stack.run(async (engine) =>
      engine.up(await defaultGroup(ecs("web", 1), { rollout: { drainSeconds: 12 } })),
    );
    expect(world.stack.output.stderr).toContain(
      "removing in 2 s (the load balancer's own connection drain covers the last 10 s)",
    );
    expect(slbCloud.read(world.emulator)).toEqual(new Map([["i-web000000", 100]]));
  });

  it("VServer group: a listener of the default group does not count, its own TCP listener's drain does", async () => {
    listen(VSERVER_LB, [
      {
        port: 443,
        protocol: "tcp",
        vServerGroupId: GROUP,
        healthCheck: "off",
        connectionDrain: "on",
        connectionDrainTimeout: 10,
      },
      { port: 80, protocol: "http", healthCheck: "off" },
    ]);
    const two: [string, number][] = [
      ["i-web000000", 80],
      ["i-web000000", 81],
    ];
    await world.stack.run(async (engine) => engine.up(await vServerGroup(two)));
    const elapsed = drainTimer("SetVServerGroupAttribute", "RemoveVServerGroupBackendServers");
    await world.stack.run(async (engine) =>
      engine.up(await vServerGroup(two.slice(0, 1), { rollout: { drainSeconds: 12 } })),
    );

    expect(elapsed()).toBeGreaterThanOrEqual(2_000);
    expect(world.stack.output.stderr).toMatch(
      /drain VServer group rsp-\w+: 1 member at weight 0 since \S+, removing in 2 s \(the load balancer's own connection drain covers the last 10 s\)/,
    );
    expect(vServerCloud.read(world.emulator)).toEqual(new Map([["i-web000000:80", 100]]));
  });
});
