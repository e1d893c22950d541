/**
 * Rollouts where they used to break, through the real plugin against the emulator: a plugin killed during
 * the health gate, a refresh between a timed-out gate and the next up, a destroy and a replacement of an
 * attachment that declares a rollout, ENS port changes (re-attachments) and the drain of one IP of a
 * multi-IP ENI, a Huawei member whose ECS is stopped, and an unknown `maxRemovals` in a preview. The
 * emulator's clock runs ahead of the real one by a check interval at each health read.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UNKNOWN } from "../../harness/plugin";
import { captureRegistrations } from "../../harness/registrations";
import { elbCloud, ensCloud, inputs, isWrite, ours, program, slbCloud, TEST_CLOUDS } from "../clouds";
import { engineWorld } from "./world";

const LB = slbCloud.target;
const LB2 = slbCloud.target2;
const EDGE = ensCloud.target;
const EDGE2 = ensCloud.target2;
const POOL = elbCloud.target;
const LISTENER = "0b11747a-b139-492f-9692-2df0b1c87193";
const ENI = "eni-5uf6dwyzch3wly7";

/** The emulator's clock runs with the real one (ENS's per-second quota), plus a check interval per read. */
let ahead = 0;
beforeEach(() => {
  ahead = 0;
});
const world = engineWorld(TEST_CLOUDS, {
  now: () => Date.now() + ahead,
  env: { BACKEND_SERVERS_HEALTH_POLL_MS: "5" },
  seed: (cloud) => ({
    target:
      cloud === elbCloud
        ? { healthMonitor: { delay: 5, maxRetries: 2 }, listenerIds: [LISTENER] }
        : cloud === slbCloud
          ? { listeners: [{ port: 80, protocol: "http", healthCheckInterval: 2, healthyThreshold: 3 }] }
          : {},
  }),
});
beforeAll(() => {
  world.emulator.onCall((call) => {
    if (call.cloud === "elb" && call.action === "list") ahead += 5_000; // the ELB monitor's delay
    if (call.action === "DescribeHealthStatus") ahead += 2_000;
  });
});

const resource = () => [...world.stack.state.values()][0];
const registrations = (declare: () => void) => captureRegistrations(declare, { config: world.config() });
const elbProgram = (addresses: string[], rollout: Record<string, unknown>) =>
  registrations(() =>
    elbCloud.declareResource("pool", {
      poolId: POOL,
      members: addresses.map((address) => ({ address, protocolPort: 80 })),
      rollout,
    }),
  );
const slbProgram = (lb: string, servers: string[], rollout: Record<string, unknown>) =>
  registrations(() =>
    slbCloud.declareResource("web", {
      loadBalancerId: lb,
      backendServers: servers.map((serverId) => ({ serverId })),
      rollout,
    }),
  );
const ensProgram = (lb: string, servers: Record<string, unknown>[], rollout: Record<string, unknown>) =>
  registrations(() =>
    ensCloud.declareResource("edge", { loadBalancerId: lb, backendServers: servers, rollout }),
  );
const elbAddresses = () =>
  world.emulator
    .elbMembers(POOL)
    .map((m) => m.address)
    .sort();
/** Each write of `cloud` since the log was cleared, as its action and what it named. */
const writes = (cloud: typeof slbCloud) =>
  world.writes(cloud).map((c) => `${c.action} ${cloud.sent(c.params).map(cloud.named).join(",")}`);
const GATE = { healthGate: { timeoutSeconds: 60 } };

describe("the health gate comes from the cloud's view", () => {
  /**
   * Green fails its check until the update's own health reads begin (the third member list of the up,
   * after the diff's and the update's reads), then passes: a gate that reads health waits for it.
   * Returns green's health each time a member was removed.
   */
  const upWhileGreenTurnsHealthy = async (next: Awaited<ReturnType<typeof elbProgram>>) => {
    let lists = 0;
    const atRemoval: string[] = [];
    const stop = world.emulator.onCall((call) => {
      if (call.cloud !== "elb") return;
      if (call.action === "list" && ++lists === 3) world.emulator.setHealth("elb", "10.0.1.1", "passes");
      if (call.action === "batch-delete") atRemoval.push(world.emulator.elbHealth(POOL).get("10.0.1.1:80")!);
    });
    world.emulator.clearCalls();
    const up = await world.stack.run((engine) => engine.up(next));
    stop();
    return { up, atRemoval };
  };

  it("after a plugin killed while it waited: the next up adds nothing and removes the old members only once the new one is healthy", async () => {
    await world.stack.run(async (engine) => engine.up(await elbProgram(["10.0.0.1"], GATE)));
    world.emulator.setHealth("elb", "10.0.1.1", "fails");
    const green = await elbProgram(["10.0.1.1"], GATE);
    // Killed at its first health read after the add: nothing of this up reaches the state.
    const crashed = await world.stack.run(async (engine, plugin) => {
      let added = false;
      const stop = world.emulator.onCall((call) => {
        if (call.action === "batch-add") added = true;
        else if (added && call.action === "list") plugin.kill();
      });
      try {
        return await engine.up(green);
      } finally {
        stop();
      }
    });
    expect(crashed.steps[0].error).toBeDefined();
    expect(elbAddresses()).toEqual(["10.0.0.1", "10.0.1.1"]);
    expect(Object.keys(resource().outputs.members as object)).toEqual(["10.0.0.1:80"]);

    const { up, atRemoval } = await upWhileGreenTurnsHealthy(green);
    expect(up.steps.map((s) => s.error?.message)).toEqual([undefined]);
    expect(world.writes(elbCloud).map((c) => c.action)).toEqual(["batch-delete"]);
    expect(atRemoval).toEqual(["ONLINE"]);
    expect(elbAddresses()).toEqual(["10.0.1.1"]);
  });

  it("after a refresh between a gate that timed out and the next up, which still waits", async () => {
    await world.stack.run(async (engine) => engine.up(await elbProgram(["10.0.0.1"], GATE)));
    world.emulator.setHealth("elb", "10.0.1.1", "fails");
    const slow = world.continueWith(world.env({ BACKEND_SERVERS_HEALTH_POLL_MS: "300" }));
    world.stack = slow;
    const short = await elbProgram(["10.0.1.1"], { healthGate: { timeoutSeconds: 1 } });
    const timedOut = await world.stack.run((engine) => engine.up(short));
    expect(timedOut.steps[0].error?.message).toContain(`health gate pool ${POOL}: after 1 s`);
    expect(resource().outputs.__rollout).toEqual({ gating: ["10.0.1.1:80"], draining: {} });

    await world.stack.run((engine) => engine.refresh());
    expect(resource().outputs.__rollout).toEqual({ gating: ["10.0.1.1:80"], draining: {} });

    world.stack = world.continueWith(world.env());
    const { up, atRemoval } = await upWhileGreenTurnsHealthy(await elbProgram(["10.0.1.1"], GATE));
    expect(up.steps.map((s) => s.error?.message)).toEqual([undefined]);
    expect(world.writes(elbCloud).map((c) => c.action)).toEqual(["batch-delete"]);
    expect(atRemoval).toEqual(["ONLINE"]);
  });

  it("fails at once, naming the member, when its ECS is stopped (Huawei OFFLINE with no failed check)", async () => {
    await world.stack.run(async (engine) => engine.up(await elbProgram(["10.0.0.1"], GATE)));
    world.emulator.setHealth("elb", "10.0.1.2", "stopped");
    world.emulator.clearCalls();
    const up = await world.stack.run(async (engine) =>
      engine.up(await elbProgram(["10.0.1.1", "10.0.1.2"], { healthGate: { timeoutSeconds: 3600 } })),
    );
    expect(up.steps[0].error?.message).toContain(
      `health gate pool ${POOL}: 10.0.1.2:80 unhealthy (listener ${LISTENER}: OFFLINE) cannot become healthy: ` +
        "the cloud reports its server stopped or gone, so at most 1 of 2 added members can be healthy and 2 " +
        "are needed. Nothing was removed",
    );
    // The first health read (a member list after the add) decided: no waiting out the hour.
    const actions = world.emulator.calls({ cloud: "elb" }).map((c) => c.action);
    expect(actions.slice(actions.indexOf("batch-add") + 1).filter((a) => a === "list")).toHaveLength(1);
    expect(elbAddresses()).toEqual(["10.0.0.1", "10.0.1.1", "10.0.1.2"]);
  });
});

describe.each(TEST_CLOUDS)("deleting an attachment of $name that declares a rollout", (cloud) => {
  it("pulumi destroy honours maxRemovals and says how to get past it, then drains before removing", async () => {
    const members = ours(cloud, 3, 100);
    const declare = (rollout: Record<string, unknown>) => program(cloud, inputs(cloud, members, { rollout }));
    await world.stack.run(async (engine) => engine.up(await declare({ drainSeconds: 1, maxRemovals: 1 })));
    world.emulator.clearCalls();
    const refused = await world.stack.run((engine) => engine.destroy()).catch((e: Error) => e);
    expect(refused?.message).toContain(
      `rollout.maxRemovals 1 allows 1 removal (of 3 managed members) from ${cloud.targetNoun} ${cloud.target}, ` +
        "and deleting this attachment would remove 3: ",
    );
    expect(refused?.message).toContain(
      'Nothing was changed. To delete it, first raise rollout.maxRemovals (to "100%", say) or leave it out, ' +
        "and run pulumi up with the attachment still declared; then delete it",
    );
    expect(world.writes(cloud)).toEqual([]);

    // The way out: raise it with an up, then destroy: weight 0, then the removal a drain later.
    await world.stack.run(async (engine) =>
      engine.up(await declare({ drainSeconds: 1, maxRemovals: "100%" })),
    );
    world.emulator.clearCalls();
    const at: number[] = [];
    const stop = world.emulator.onCall((call) => {
      if (call.cloud === cloud.api && isWrite(cloud, call.action)) at.push(Date.now());
    });
    await world.stack.run((engine) => engine.destroy());
    stop();
    expect(world.writes(cloud).map((c) => c.action)).toEqual([cloud.actions.set, cloud.actions.remove]);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(1000);
    expect(cloud.read(world.emulator).size).toBe(0);
  });
});

describe("replacing an attachment that declares a rollout", () => {
  const blue = ["i-blue000000", "i-blue000001", "i-blue000002"];

  it("a replacement (another load balancer) is refused in check under the old maxRemovals; raised first, the old one drains", async () => {
    await world.stack.run(async (engine) => engine.up(await slbProgram(LB, blue, { maxRemovals: 1 })));
    const moved = await slbProgram(LB2, blue, { maxRemovals: "100%", drainSeconds: 1 });
    world.emulator.clearCalls();
    const [preview] = await world.stack.run((engine) => engine.preview(moved));
    expect(preview.failures.map((f) => f.reason)).toEqual([
      `rollout.maxRemovals 1 allows 1 removal (of 3 managed members) from loadBalancerId ${LB}, and changing ` +
        `loadBalancerId to ${LB2} replaces this attachment, and deleting the old one would remove 3: ` +
        "ecs:i-blue000000, ecs:i-blue000001, ecs:i-blue000002. Nothing was changed. First raise " +
        `rollout.maxRemovals (to "100%", say) or leave it out, with a pulumi up that keeps loadBalancerId ${LB}; ` +
        "then change loadBalancerId",
    ]);
    const refused = await world.stack.run((engine) => engine.up(moved));
    expect(refused.failures).toHaveLength(1);
    expect(world.writes(slbCloud)).toEqual([]);

    await world.stack.run(async (engine) =>
      engine.up(await slbProgram(LB, blue, { maxRemovals: "100%", drainSeconds: 1 })),
    );
    world.emulator.clearCalls();
    const replaced = await world.stack.run((engine) => engine.up(moved));
    expect(replaced.steps.map((s) => `${s.op}${s.error ? " failed" : ""}`)).toEqual([
      "replace",
      "delete-replaced",
    ]);
    const byLb = (lb: string) =>
      world
        .writes(slbCloud)
        .filter((c) => c.params.LoadBalancerId === lb)
        .map((c) => c.action);
    expect(byLb(LB2)).toEqual(["AddBackendServers"]);
    expect(byLb(LB)).toEqual(["SetBackendServers", "RemoveBackendServers"]);
    expect(world.emulator.slbMembers(LB)).toEqual([]);
  });
});

describe("ENS re-attachments (a port change)", () => {
  const edge = (n: number, port: number) => ({ serverId: `i-edge${String(n).padStart(6, "0")}`, port });
  const three = (port: number) => [0, 1, 2].map((n) => edge(n, port));

  it("count against maxRemovals, drain first, and go in waves that keep a member serving", async () => {
    await world.stack.run(async (engine) =>
      engine.up(await ensProgram(EDGE, three(80), { drainSeconds: 1, maxRemovals: 1 })),
    );
    world.emulator.clearCalls();
    const refused = await world.stack.run(async (engine) =>
      engine.up(await ensProgram(EDGE, three(8080), { drainSeconds: 1, maxRemovals: 1 })),
    );
    expect(refused.steps[0].error?.message).toContain(
      `rollout.maxRemovals 1 allows 1 removal (of 3 managed members) from load balancer ${EDGE}, and this ` +
        "change would remove 3: ens:i-edge000000 (re-attached), ens:i-edge000001 (re-attached), " +
        "ens:i-edge000002 (re-attached). Nothing was changed.",
    );
    expect(world.writes(ensCloud)).toEqual([]);

    const serving: number[] = [];
    const at = new Map<string, number>();
    const drained: number[] = [];
    const stop = world.emulator.onCall((call) => {
      if (call.cloud !== "ens" || call.action === "DescribeLoadBalancerAttribute") return;
      serving.push(world.emulator.ensMembers(EDGE).filter((m) => m.Weight > 0).length);
      const named = ensCloud.sent(call.params).map(ensCloud.named);
      if (call.action === "SetBackendServers") for (const id of named) at.set(id, Date.now());
      if (call.action === "RemoveBackendServers")
        for (const id of named) drained.push(Date.now() - at.get(id)!);
    });
    const up = await world.stack.run(async (engine) =>
      engine.up(await ensProgram(EDGE, three(8080), { drainSeconds: 1, maxRemovals: "100%" })),
    );
    stop();
    expect(up.steps.map((s) => s.error?.message)).toEqual([undefined]);
    expect(writes(ensCloud)).toEqual([
      "SetBackendServers i-edge000000,i-edge000001",
      "RemoveBackendServers i-edge000000,i-edge000001",
      "AddBackendServers i-edge000000,i-edge000001",
      "SetBackendServers i-edge000002",
      "RemoveBackendServers i-edge000002",
      "AddBackendServers i-edge000002",
    ]);
    expect(Math.min(...serving)).toBe(1);
    expect(drained).toHaveLength(3);
    for (const ms of drained) expect(ms).toBeGreaterThanOrEqual(1000);
    expect(world.emulator.ensMembers(EDGE).map((m) => `${m.ServerId}:${m.Weight}/${m.Port}`)).toEqual([
      "i-edge000000:100/8080",
      "i-edge000001:100/8080",
      "i-edge000002:100/8080",
    ]);
  });

  it("of the only member is refused before any write, naming it and the way out", async () => {
    await world.stack.run(async (engine) => engine.up(await ensProgram(EDGE2, [edge(7, 80)], {})));
    world.emulator.clearCalls();
    const up = await world.stack.run(async (engine) =>
      engine.up(await ensProgram(EDGE2, [edge(7, 8080)], {})),
    );
    expect(up.steps[0].error?.message).toContain(
      `ens:i-edge000007 port 80 -> ens:i-edge000007 port 8080 on load balancer ${EDGE2}: SetBackendServers ` +
        "cannot make this change in place, so the member is detached and attached again, and no other member " +
        "would serve while it is. Nothing was changed. Declare another member beside it for this change",
    );
    expect(world.writes(ensCloud)).toEqual([]);
    expect(world.emulator.ensMembers(EDGE2).map((m) => m.Port)).toEqual([80]);
  });
});

describe("an ENS drain of one IP of a multi-IP ENI", () => {
  const ip = (last: number) => ({ serverId: ENI, type: "eni", ip: `192.168.0.${last}` });
  const instance = { serverId: "i-edge000000" };

  it("is refused, since SetBackendServers names the ENI; both IPs together drain in one Set entry", async () => {
    await world.stack.run(async (engine) =>
      engine.up(await ensProgram(EDGE, [ip(1), ip(2), instance], { drainSeconds: 0 })),
    );
    world.emulator.clearCalls();
    const up = await world.stack.run(async (engine) =>
      engine.up(await ensProgram(EDGE, [ip(1), instance], { drainSeconds: 0 })),
    );
    expect(up.steps[0].error?.message).toContain(
      `rollout.drainSeconds: eni:${ENI}@192.168.0.2 cannot be drained alone on load balancer ${EDGE}: ` +
        `SetBackendServers names eni:${ENI} as a whole, so weight 0 would also go to eni:${ENI}@192.168.0.1, ` +
        "which stays attached. Nothing was changed.",
    );
    expect(world.writes(ensCloud)).toEqual([]);
    expect(world.emulator.ensMembers(EDGE).map((m) => m.Weight)).toEqual([100, 100, 100]);

    const both = await world.stack.run(async (engine) =>
      engine.up(await ensProgram(EDGE, [instance], { drainSeconds: 0 })),
    );
    expect(both.steps.map((s) => s.error?.message)).toEqual([undefined]);
    // One weight 0 names the ENI once (both IPs); the removal names each IP.
    expect(writes(ensCloud)).toEqual([`SetBackendServers ${ENI}`, `RemoveBackendServers ${ENI},${ENI}`]);
    expect(world.emulator.ensMembers(EDGE).map((m) => m.ServerId)).toEqual(["i-edge000000"]);
  });
});

describe("a preview with an unknown maxRemovals", () => {
  it("does not read it as a limit, and never quotes the placeholder", async () => {
    const four = ["i-web000000", "i-web000001", "i-web000002", "i-web000003"];
    await world.stack.run(async (engine) => engine.up(await slbProgram(LB, four, { maxRemovals: 1 })));
    const [registration] = await slbProgram(LB, four.slice(0, 1), { maxRemovals: 1 });
    const unknown = {
      ...registration,
      inputs: { ...registration.inputs, rollout: { maxRemovals: UNKNOWN } },
    };
    const [step] = await world.stack.run((engine) => engine.preview([unknown]));
    expect(step.failures).toEqual([]);
    expect(step.op).toBe("update");
    expect(world.stack.output.stderr).not.toContain(UNKNOWN);
  });
});
