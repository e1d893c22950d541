/**
 * Safety of the CLB resource through the real plugin: a plugin killed in the middle of a reconcile, and
 * authentication failures that must never be retried (hand-over between resources is in
 * handover.test.ts, for every cloud). Registrations come from the compiled package under `setMocks`: no
 * real Pulumi runtime in this file.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { captureRegistrations } from "../../harness/registrations";
import { Stack } from "../../harness/stack";
import { inputs, ours, slbCloud } from "../clouds";
import { engineWorld } from "./world";

const cloud = slbCloud;
const LB = cloud.target;
const world = engineWorld([cloud]);
const range = (from: number, to: number) => ours(cloud, to - from, 100, from);

/** A program of one attachment `web` declaring these members. */
const program = (members: ReturnType<typeof range>) =>
  captureRegistrations(() => cloud.declareResource("web", inputs(cloud, members)), {
    config: world.config(),
  });

let smallestGroup: number;
let removedEver: string[];
const attached = () => [...cloud.read(world.emulator).keys()].sort();
const ids = (members: ReturnType<typeof range>) => [...members.keys()].sort();

beforeAll(() => {
  // Every write is watched as it is applied: the group's size right after it, and what was removed.
  world.emulator.onCall((call) => {
    if (call.action === "DescribeLoadBalancerAttribute" || call.code || call.httpStatus !== 200) return;
    smallestGroup = Math.min(smallestGroup, world.emulator.slbMembers(LB).length);
    removedEver.push(...cloud.removed(call.action, call.params));
  });
});
beforeEach(() => {
  smallestGroup = Number.POSITIVE_INFINITY;
  removedEver = [];
});

describe("a plugin killed in the middle of a multi-batch reconcile", () => {
  it("is followed by a run that converges with nothing lost and nothing declared detached", async () => {
    const { emulator, stack } = world;
    await stack.run(async (engine) => engine.up(await program(range(0, 40))));
    smallestGroup = Number.POSITIVE_INFINITY;
    emulator.inject({ cloud: "slb", action: "AddBackendServers", kind: "latency", latencyMs: 50 });

    // The new version adds 60 and drops 20: kill the plugin right after its second add was applied.
    const next = await program(range(20, 100));
    const crashed = await stack.run(async (engine, plugin) => {
      let adds = 0;
      const stop = emulator.onCall((call) => {
        if (call.action === "AddBackendServers" && ++adds === 2) plugin.kill();
      });
      try {
        return await engine.up(next);
      } finally {
        stop();
      }
    });
    expect(crashed.steps[0].error).toBeDefined();
    expect(attached()).toHaveLength(80); // 40 old + 40 of the 60 new; nothing removed yet

    emulator.clearFaults();
    emulator.clearCalls();
    const recovered = await stack.run((engine) => engine.up(next));
    expect(recovered.steps).toEqual([{ urn: next[0].urn, op: "update" }]);
    expect(attached()).toEqual(ids(range(20, 100)));
    expect(world.emulator.calls().map((c) => c.action)).toEqual([
      "DescribeLoadBalancerAttribute", // the diff's drift read
      "DescribeLoadBalancerAttribute",
      "AddBackendServers", // the 20 the crash left out
      "RemoveBackendServers",
    ]);
    expect(removedEver.sort()).toEqual(ids(range(0, 20)));
    expect(smallestGroup).toBeGreaterThanOrEqual(40);
  });
});

describe("authentication failures", () => {
  const failOnce = async (stackEnv: Record<string, string>, config: Record<string, string>) => {
    const bad = new Stack(world.env(stackEnv), config);
    const result = await bad.run(async (engine) => engine.up(await program(range(0, 3))));
    return { error: result.steps[0].error!, output: bad.output };
  };

  it("a wrong secret is reported once with the cloud's code and never retried", async () => {
    const { error, output } = await failOnce(
      {},
      { ...world.config(), "alicloud:secretKey": "wrong-secret-value" },
    );
    expect(error.message).toMatch(
      /DescribeLoadBalancerAttribute on load balancer .+ failed: SignatureDoesNotMatch: .+\(RequestId: /,
    );
    expect(world.emulator.calls().map((c) => c.code)).toEqual(["SignatureDoesNotMatch"]);
    expect(`${error.message}${output.stdout}${output.stderr}`).not.toContain("wrong-secret-value");
  });

  it("an unknown AccessKey is reported once and never retried", async () => {
    const { error } = await failOnce({}, { ...world.config(), "alicloud:accessKey": "NOSUCHKEY000001" });
    expect(error.message).toContain("InvalidAccessKeyId.NotFound");
    expect(world.emulator.calls()).toHaveLength(1);
  });

  it("a clock 20 minutes off is reported once and never retried", async () => {
    const skewed = await startEmulator({
      now: () => Date.now() + 20 * 60_000,
      seed: cloud.seed(),
    });
    try {
      const { error } = await failOnce({ ...cloud.env(skewed) }, world.config());
      expect(error.message).toContain("InvalidTimeStamp.Expired");
      expect(skewed.calls()).toHaveLength(1);
    } finally {
      await skewed.close();
    }
  });
});
