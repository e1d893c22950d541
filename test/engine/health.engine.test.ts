/**
 * Health in outputs through the real plugin: with `rollout` declared, every update and every refresh
 * reports each managed member's health as the cloud reports it; without it, nothing changes.
 * Registrations come from the compiled package under `setMocks`.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { captureRegistrations } from "../../harness/registrations";
import { elbCloud, ensCloud, inputs, type SeedExtra, slbCloud, type TestCloud } from "../clouds";
import { engineWorld } from "./world";

const LISTENER = "0b11747a-b139-492f-9692-2df0b1c87193";

/** What each cloud's target checks: CLB listeners (one without a check), an ELB monitor; ENS has none. */
const HEALTH_CHECKS: Partial<Record<TestCloud["name"], SeedExtra>> = {
  "alicloud.slb": {
    target: {
      listeners: [
        { port: 80, protocol: "http", healthCheckInterval: 2, healthyThreshold: 3 },
        { port: 8443, protocol: "tcp", healthCheck: "off" },
      ],
    },
  },
  "huaweicloud.elb": { target: { healthMonitor: { delay: 5, maxRetries: 2 }, listenerIds: [LISTENER] } },
};

/** The emulator's clock: moved by the tests, never slept on; set back before each test's seed. */
let now = Date.now();
beforeEach(() => {
  now = Date.now();
});
const world = engineWorld([slbCloud, ensCloud, elbCloud], {
  now: () => now,
  seed: (cloud) => HEALTH_CHECKS[cloud.name] ?? {},
});
const outputs = () => [...world.stack.state.values()][0].outputs;

/** One attachment `name` of the cloud's target declaring these members (input form), and `extra`. */
const attachment = (
  cloud: TestCloud,
  name: string,
  members: Record<string, unknown>[],
  extra: Record<string, unknown>,
) =>
  captureRegistrations(
    () =>
      cloud.declareResource(name, { ...inputs(cloud, new Map()), [cloud.membersField]: members, ...extra }),
    { config: world.config() },
  );
const slbProgram = (ids: string[], extra: Record<string, unknown> = { rollout: {} }) =>
  attachment(
    slbCloud,
    "web",
    ids.map((serverId) => ({ serverId })),
    extra,
  );

describe("CLB health in outputs", () => {
  it("reports each member per checking listener after every update, and the refreshed health", async () => {
    world.emulator.setHealth("slb", "i-sick0000001", "fails");
    const up = await world.stack.run(async (engine) =>
      engine.up(await slbProgram(["i-web0000001", "i-sick0000001"])),
    );
    expect(up.steps.map((s) => s.error)).toEqual([undefined]);
    // Just added: no check has completed; the listener without health check is not consulted.
    expect(outputs().health).toEqual({
      "ecs:i-sick0000001": { state: "checking", reported: "80/http unavailable" },
      "ecs:i-web0000001": { state: "checking", reported: "80/http unavailable" },
    });

    now += 6_000; // three intervals of 2 s: the healthy threshold
    await world.stack.run((engine) => engine.refresh());
    expect(outputs().health).toEqual({
      "ecs:i-sick0000001": { state: "unhealthy", reported: "80/http abnormal" },
      "ecs:i-web0000001": { state: "healthy", reported: "80/http normal" },
    });
    expect([...world.stack.state.values()][0].inputs.rollout).toEqual({});
  });

  it("says so when no listener checks health", async () => {
    world.emulator.seed(slbCloud.seed());
    await world.stack.run(async (engine) => engine.up(await slbProgram(["i-web0000001"])));
    expect(outputs().health).toEqual({
      "ecs:i-web0000001": {
        state: "unchecked",
        reported: "no listener forwarding to its group checks health",
      },
    });
  });

  it("reads no health and reports none without rollout", async () => {
    await world.stack.run(async (engine) => engine.up(await slbProgram(["i-web0000001"], {})));
    expect(outputs().health).toBeUndefined();
    expect(world.emulator.calls().map((c) => c.action)).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
    ]);
  });
});

describe("Huawei health in outputs", () => {
  it("reports operating_status per listener, with the failure reason", async () => {
    world.emulator.setHealth("elb", "10.0.0.9", "fails");
    const program = await attachment(
      elbCloud,
      "pool",
      [
        { address: "10.0.0.8", protocolPort: 80 },
        { address: "10.0.0.9", protocolPort: 80 },
      ],
      { rollout: {} },
    );
    await world.stack.run((engine) => engine.up(program));
    expect(outputs().health).toEqual({
      "10.0.0.8:80": { state: "checking", reported: `listener ${LISTENER}: INITIAL` },
      "10.0.0.9:80": { state: "checking", reported: `listener ${LISTENER}: INITIAL` },
    });
    now += 10_000;
    await world.stack.run((engine) => engine.refresh());
    expect(outputs().health).toEqual({
      "10.0.0.8:80": { state: "healthy", reported: `listener ${LISTENER}: ONLINE` },
      "10.0.0.9:80": { state: "unhealthy", reported: `listener ${LISTENER}: OFFLINE (CONNECT_REFUSED)` },
    });
  });
});

describe("ENS", () => {
  it("reports that it has no health per member, and check refuses a health gate with the reason", async () => {
    const ens = (rollout: Record<string, unknown>) =>
      attachment(ensCloud, "edge", [{ serverId: "i-5uf6dwyzch3wly790k2x" }], { rollout });
    const refused = await world.stack.run(async (engine) =>
      engine.up(await ens({ healthGate: { timeoutSeconds: 60 } })),
    );
    expect(refused.failures.map((f) => f.reason)).toEqual([
      expect.stringContaining(
        "rollout.healthGate cannot be used here: ENS reports no health per backend server",
      ),
    ]);
    expect(world.emulator.calls()).toEqual([]);

    await world.stack.run(async (engine) => engine.up(await ens({ drainSeconds: 0 })));
    expect(outputs().health).toEqual({
      "ens:i-5uf6dwyzch3wly790k2x": {
        state: "unreported",
        reported: "this API reports no health per member",
      },
    });
  });
});
