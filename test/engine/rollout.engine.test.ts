/**
 * Rollouts through the real plugin, against the emulator's health model on a clock the tests move (the
 * emulator's; the provider polls every few milliseconds): a gated blue/green swap, a gate that times out,
 * a drain interrupted by a crash, the removal guard, and a group without health checks.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { captureRegistrations } from "../../harness/registrations";
import { Stack } from "../../harness/stack";
import { elbCloud, slbCloud, type TestCloud } from "../clouds";
import { engineWorld } from "./world";

const LB = slbCloud.target;
const POOL = elbCloud.target;
const LISTENER = "0b11747a-b139-492f-9692-2df0b1c87193";
const poll = (ms: number) => ({ BACKEND_SERVERS_HEALTH_POLL_MS: String(ms) });

/** The emulator's clock, moved by each health read as if a check interval had passed meanwhile. */
let now = Date.now();
beforeEach(() => {
  now = Date.now();
});
const world = engineWorld([slbCloud, elbCloud], {
  now: () => now,
  env: poll(5),
  seed: (cloud) => ({
    target:
      cloud === slbCloud
        ? { listeners: [{ port: 80, protocol: "http", healthCheckInterval: 2, healthyThreshold: 3 }] }
        : { healthMonitor: { delay: 5, maxRetries: 2 }, listenerIds: [LISTENER] },
  }),
});
beforeAll(() => {
  world.emulator.onCall((call) => {
    if (call.action === "DescribeHealthStatus") now += 2_000; // the CLB listener's interval
    if (call.cloud === "elb" && call.action === "list") now += 5_000; // the ELB monitor's delay
  });
});

const resource = () => [...world.stack.state.values()][0];
const ecs = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ serverId: `i-${prefix}${String(i).padStart(6, "0")}` }));
const slbProgram = (servers: { serverId: string }[], extra: Record<string, unknown>) =>
  captureRegistrations(
    () => slbCloud.declareResource("web", { loadBalancerId: LB, backendServers: servers, ...extra }),
    { config: world.config() },
  );
const elbProgram = (addresses: string[], extra: Record<string, unknown>) =>
  captureRegistrations(
    () =>
      elbCloud.declareResource("pool", {
        poolId: POOL,
        members: addresses.map((address) => ({ address, protocolPort: 80 })),
        ...extra,
      }),
    { config: world.config() },
  );
/** The cloud's writes since the call log was last cleared, by action. */
const actions = (cloud: TestCloud) => world.writes(cloud).map((c) => c.action);
const attachedSlb = () => [...slbCloud.read(world.emulator)].map(([id, weight]) => `${id}:${weight}`).sort();
const attachedElb = () =>
  world.emulator
    .elbMembers(POOL)
    .map((m) => m.address)
    .sort();

describe("a health-gated blue/green swap", () => {
  it("removes the old members only once every new one is healthy, and never shrinks the group", async () => {
    const blue = ecs("blue", 4);
    const green = ecs("green", 4);
    await world.stack.run(async (engine) => engine.up(await slbProgram(blue, {})));

    let addedAt = 0;
    const removedAfterMs: number[] = [];
    let smallest = Number.POSITIVE_INFINITY;
    const stop = world.emulator.onCall((call) => {
      if (call.action === "AddBackendServers") addedAt = now;
      if (call.action === "RemoveBackendServers") removedAfterMs.push(now - addedAt);
      if (call.action !== "DescribeLoadBalancerAttribute")
        smallest = Math.min(smallest, world.emulator.slbMembers(LB).length);
    });
    world.emulator.clearCalls();
    const swap = await slbProgram(green, { rollout: { healthGate: { timeoutSeconds: 60 } } });
    const up = await world.stack.run((engine) => engine.up(swap));
    stop();

    expect(up.steps.map((s) => s.error?.message)).toEqual([undefined]);
    expect(attachedSlb()).toEqual(green.map((s) => `${s.serverId}:100`).sort());
    // Healthy means three passed checks of 2 s each on the emulator's clock; each read moves it 2 s on.
    expect(removedAfterMs).toHaveLength(1);
    expect(removedAfterMs[0]).toBeGreaterThanOrEqual(6_000);
    expect(removedAfterMs[0]).toBeLessThanOrEqual(8_000);
    expect(smallest).toBe(4);
    expect(actions(slbCloud)).toEqual(["AddBackendServers", "RemoveBackendServers"]);
    expect(Object.values(resource().outputs.health as object).map((h) => h.state)).toEqual([
      "healthy",
      "healthy",
      "healthy",
      "healthy",
    ]);
    expect(resource().outputs.__rollout).toBeUndefined();
    expect(world.stack.output.stderr).toMatch(
      /health gate load balancer lb-\w+: 4 of 4 added members healthy after/,
    );
  });

  it("shows in the preview what the rollout will do", async () => {
    await world.stack.run(async (engine) => engine.up(await slbProgram(ecs("blue", 2), {})));
    const next = await slbProgram(ecs("green", 1), {
      rollout: { healthGate: { timeoutSeconds: 60 }, drainSeconds: 30 },
    });
    world.emulator.clearCalls();
    await world.stack.run((engine) => engine.preview(next));
    expect(world.stack.output.stderr).toContain(
      `rollout of loadBalancerId ${LB}: adds ecs:i-green000000, then waits up to 60 s until all are healthy before removing anything`,
    );
    expect(world.stack.output.stderr).toContain(
      `rollout of loadBalancerId ${LB}: drains ecs:i-blue000000, ecs:i-blue000001 at weight 0 for 30 s, then removes them`,
    );
    // The preview's one read is the drift check's; the rollout itself calls nothing.
    expect(world.emulator.calls().map((c) => c.action)).toEqual(["DescribeLoadBalancerAttribute"]);
  });
});

/** The stack's state under another health poll. */
const restack = (pollMs: number) => {
  world.stack = world.continueWith(world.env(poll(pollMs)));
};

describe("a health gate that times out", () => {
  it("fails the up with the members' health, removes nothing, records it, and the next up continues", async () => {
    await world.stack.run(async (engine) => engine.up(await elbProgram(["10.0.0.1", "10.0.0.2"], {})));
    world.emulator.setHealth("elb", "10.0.1.2", "fails");
    // A poll of 200 ms over the 1 s timeout: a handful of reads, each one monitor delay on the emulator's clock.
    restack(200);
    const green = await elbProgram(["10.0.1.1", "10.0.1.2"], {
      rollout: { healthGate: { timeoutSeconds: 1 } },
    });
    world.emulator.clearCalls();
    const failed = await world.stack.run((engine) => engine.up(green));

    expect(failed.steps.map((s) => s.op)).toEqual(["update"]);
    expect(failed.steps[0].error?.message).toContain(
      `health gate pool ${POOL}: after 1 s, 1 of 2 added members are healthy and 2 are needed; not healthy: ` +
        `10.0.1.2:80 unhealthy (listener ${LISTENER}: OFFLINE (CONNECT_REFUSED)). Nothing was removed: the old ` +
        "and the new members all stay attached. Run pulumi up again to keep waiting",
    );
    expect(world.emulator.calls().map((c) => c.action)).not.toContain("batch-delete");
    expect(attachedElb()).toEqual(["10.0.0.1", "10.0.0.2", "10.0.1.1", "10.0.1.2"]);
    expect(Object.keys(resource().outputs.members as object).sort()).toEqual([
      "10.0.0.1:80",
      "10.0.0.2:80",
      "10.0.1.1:80",
      "10.0.1.2:80",
    ]);
    expect(resource().outputs.__rollout).toEqual({ gating: ["10.0.1.1:80", "10.0.1.2:80"], draining: {} });

    // Fixed: the next up adds nothing, waits for the recorded members, then removes the old ones.
    world.emulator.setHealth("elb", "10.0.1.2", "passes");
    world.emulator.seed({});
    world.emulator.clearCalls();
    restack(5);
    const next = await world.stack.run((engine) => engine.up(green));
    expect(next.steps.map((s) => s.error?.message)).toEqual([undefined]);
    expect(actions(elbCloud)).toEqual(["batch-delete"]);
    expect(attachedElb()).toEqual(["10.0.1.1", "10.0.1.2"]);
    expect(resource().outputs.__rollout).toBeUndefined();
  });
});

describe("a drain interrupted by a crash", () => {
  it("resumes on the next up: the weights are not sent again, the members are removed after the period", async () => {
    const blue = ecs("blue", 3);
    await world.stack.run(async (engine) => engine.up(await slbProgram(blue, {})));
    const next = await slbProgram(blue.slice(0, 1), { rollout: { drainSeconds: 1 } });

    // Kill the plugin as soon as the weights are set to 0: nothing of this up reaches the state.
    const crashed = await world.stack.run(async (engine, plugin) => {
      const stop = world.emulator.onCall((call) => {
        if (call.action === "SetBackendServers") plugin.kill();
      });
      try {
        return await engine.up(next);
      } finally {
        stop();
      }
    });
    expect(crashed.steps[0].error).toBeDefined();
    expect(attachedSlb()).toEqual(["i-blue000000:100", "i-blue000001:0", "i-blue000002:0"]);

    world.emulator.clearCalls();
    const resumed = await world.stack.run((engine) => engine.up(next));
    expect(resumed.steps.map((s) => s.error?.message)).toEqual([undefined]);
    expect(actions(slbCloud)).toEqual(["RemoveBackendServers"]);
    expect(attachedSlb()).toEqual(["i-blue000000:100"]);
    expect(world.stack.output.stderr).toMatch(
      /drain load balancer lb-\w+: 2 members at weight 0 since .+, removing in 1 s/,
    );
  });
});

describe("the removal guard", () => {
  it("refuses in check, before any call, listing what would have gone; the preview shows it", async () => {
    const four = ecs("web", 4);
    await world.stack.run(async (engine) =>
      engine.up(await slbProgram(four, { rollout: { maxRemovals: 1 } })),
    );
    const one = await slbProgram(four.slice(0, 1), { rollout: { maxRemovals: 1 } });
    world.emulator.clearCalls();

    const preview = await world.stack.run((engine) => engine.preview(one));
    const expected =
      "rollout.maxRemovals 1 allows 1 removal (of 4 managed members) from loadBalancerId " +
      `${LB}, and this change would remove 3: ecs:i-web000001, ecs:i-web000002, ecs:i-web000003. Nothing was ` +
      "changed. Remove fewer members per pulumi up, or raise maxRemovals";
    expect(preview[0].failures).toEqual([{ property: "rollout.maxRemovals", reason: expected }]);
    const up = await world.stack.run((engine) => engine.up(one));
    expect(up.failures.map((f) => f.reason)).toEqual([expected]);
    expect(world.emulator.calls()).toEqual([]);
    expect(world.emulator.slbMembers(LB)).toHaveLength(4);
  });

  it("refuses at update time what only the cloud shows (an exclusive group's strays), before any write", async () => {
    const two = ecs("web", 2);
    await world.stack.run(async (engine) => engine.up(await slbProgram(two, { exclusive: true })));
    world.emulator.setSlbMembers(LB, [
      ...world.emulator.slbMembers(LB),
      { ServerId: "i-stray0000001", Type: "ecs", Weight: 100 },
      { ServerId: "i-stray0000002", Type: "ecs", Weight: 100 },
    ]);
    world.emulator.clearCalls();
    const up = await world.stack.run(async (engine) =>
      engine.up(await slbProgram(two, { exclusive: true, rollout: { maxRemovals: "50%" } })),
    );
    expect(up.steps[0].error?.message).toContain(
      'rollout.maxRemovals "50%" allows 1 removal (of 2 managed members) from load balancer ' +
        `${LB}, and this change would remove 2: ecs:i-stray0000001, ecs:i-stray0000002. Nothing was changed.`,
    );
    // The preview's drift read and the update's read; no write.
    expect(world.emulator.calls().map((c) => c.action)).toEqual([
      "DescribeLoadBalancerAttribute",
      "DescribeLoadBalancerAttribute",
    ]);
    expect(world.emulator.slbMembers(LB)).toHaveLength(4);
  });
});

describe("a group without health checks", () => {
  it("does not block a gate: its members count as healthy, and the output says why (CLB, Huawei)", async () => {
    world.emulator.seed({ slb: slbCloud.seed().slb, elb: elbCloud.seed().elb });
    const gate = { rollout: { healthGate: { timeoutSeconds: 3600 } } };
    await world.stack.run(async (engine) => engine.up(await slbProgram(ecs("blue", 2), {})));
    const swapped = await world.stack.run(async (engine) =>
      engine.up(await slbProgram(ecs("green", 2), gate)),
    );
    expect(swapped.steps.map((s) => s.error?.message)).toEqual([undefined]);
    expect(attachedSlb()).toEqual(["i-green000000:100", "i-green000001:100"]);
    expect(Object.values(resource().outputs.health as object)).toEqual([
      { state: "unchecked", reported: "no listener forwarding to its group checks health" },
      { state: "unchecked", reported: "no listener forwarding to its group checks health" },
    ]);

    world.stack = new Stack(world.env(), world.config());
    await world.stack.run(async (engine) => engine.up(await elbProgram(["10.0.0.1"], {})));
    await world.stack.run(async (engine) => engine.up(await elbProgram(["10.0.1.1"], gate)));
    expect(attachedElb()).toEqual(["10.0.1.1"]);
    expect(resource().outputs.health).toEqual({
      "10.0.1.1:80": { state: "unchecked", reported: "NO_MONITOR" },
    });
  });
});
