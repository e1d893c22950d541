/**
 * Safety of the CLB resource through the real plugin: hand-over between resources of one deployment,
 * a plugin killed in the middle of a reconcile, and authentication failures that must never be retried.
 * Registrations come from the compiled package under `setMocks`: no real Pulumi runtime in this file.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { assertConforming } from "../../emulator/contract/conformance";
import { captureRegistrations } from "../../harness/registrations";
import { builtPackage, Stack } from "../../harness/stack";

const KEY = { accessKeyId: "SAFETYTESTKEY01", accessKeySecret: "safety-secret-never-in-state" };
const LB = "lb-2ze7o5h52g02kkzze7lru";
const CONFIG = {
  "alicloud:accessKey": KEY.accessKeyId,
  "alicloud:secretKey": KEY.accessKeySecret,
  "alicloud:region": "cn-beijing",
};
const { alicloud } = builtPackage();

const ecs = (ids: number[], weight = 100) =>
  ids.map((i) => ({ serverId: `i-web${String(i).padStart(6, "0")}`, weight }));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** A program of attachments on the load balancer, by resource name. */
const program = (attachments: Record<string, number[]>) =>
  captureRegistrations(
    () => {
      for (const [name, ids] of Object.entries(attachments)) {
        new alicloud.slb.BackendServerAttachment(name, { loadBalancerId: LB, backendServers: ecs(ids) });
      }
    },
    { config: CONFIG },
  );

let emulator: Emulator;
let stack: Stack;
let smallestGroup: number;
let removedEver: string[];
const attached = () =>
  emulator
    .slbMembers(LB)
    .map((m) => m.ServerId)
    .sort();
const ids = (list: number[]) =>
  ecs(list)
    .map((m) => m.serverId)
    .sort();
const env = () => ({
  ALIBABA_CLOUD_SLB_ENDPOINT: emulator.endpoints.slb,
  BACKEND_SERVERS_RETRY_BASE_MS: "5",
  BACKEND_SERVERS_RETRY_MAX_MS: "20",
  BACKEND_SERVERS_RETRY_DEADLINE_MS: "5000",
});

beforeAll(async () => {
  emulator = await startEmulator();
  // Every write is watched as it is applied: the group's size right after it, and what was removed.
  emulator.onCall((call) => {
    if (call.action === "DescribeLoadBalancerAttribute" || call.code || call.httpStatus !== 200) return;
    smallestGroup = Math.min(smallestGroup, emulator.slbMembers(LB).length);
    if (call.action === "RemoveBackendServers") {
      removedEver.push(...(call.params.BackendServers as { ServerId: string }[]).map((s) => s.ServerId));
    }
  });
});
afterAll(async () => {
  await emulator?.close();
});
// Every request the plugin sent in a test fits the vendors' definitions of the actions.
afterEach(() => assertConforming(emulator.calls()));
beforeEach(() => {
  emulator.reset();
  emulator.seed({
    credentials: [KEY],
    slb: { loadBalancers: [{ loadBalancerId: LB, regionId: "cn-beijing" }] },
  });
  stack = new Stack(env(), CONFIG);
  smallestGroup = Number.POSITIVE_INFINITY;
  removedEver = [];
});

describe("hand-over between resources of one deployment", () => {
  it("renaming a resource without an alias detaches nothing: the new one adopts, the old one's delete spares what it declares", async () => {
    await stack.run(async (engine) => engine.up(await program({ web: range(0, 30) })));
    emulator.clearCalls();

    const renamed = await stack.run(async (engine) => engine.up(await program({ "web-v2": range(0, 30) })));

    expect(renamed.steps.map((s) => `${s.op} ${s.urn.split("::").pop()}`).sort()).toEqual([
      "create web-v2",
      "delete web",
    ]);
    expect(emulator.calls().map((c) => c.action)).toEqual([
      "DescribeLoadBalancerAttribute",
      "DescribeLoadBalancerAttribute",
    ]);
    expect(attached()).toEqual(ids(range(0, 30)));
    expect(removedEver).toEqual([]);
  });

  it("moving members from one attachment to another keeps them attached throughout", async () => {
    await stack.run(async (engine) => engine.up(await program({ a: range(0, 25), b: range(25, 30) })));

    const moved = await stack.run(async (engine) =>
      engine.up(await program({ a: range(0, 20), b: range(20, 30) })),
    );

    expect(moved.steps.every((s) => s.error === undefined)).toBe(true);
    expect(attached()).toEqual(ids(range(0, 30)));
    expect(removedEver).toEqual([]);
    const owned = (name: string) =>
      Object.keys(
        [...stack.state.values()].find((r) => r.urn.endsWith(`::${name}`))!.outputs.backendServers as object,
      );
    expect(owned("a")).toHaveLength(20);
    expect(owned("b")).toHaveLength(10);

    // Once nobody declares them, the resource that owns them now removes them.
    await stack.run(async (engine) => engine.up(await program({ a: range(0, 20), b: range(25, 30) })));
    expect(attached()).toEqual(ids([...range(0, 20), ...range(25, 30)]));
    expect(removedEver.sort()).toEqual(ids(range(20, 25)));
  });
});

describe("a plugin killed in the middle of a multi-batch reconcile", () => {
  it("is followed by a run that converges with nothing lost and nothing declared detached", async () => {
    await stack.run(async (engine) => engine.up(await program({ web: range(0, 40) })));
    smallestGroup = Number.POSITIVE_INFINITY;
    emulator.inject({ cloud: "slb", action: "AddBackendServers", kind: "latency", latencyMs: 50 });

    // The new version adds 60 and drops 20: kill the plugin right after its second add was applied.
    const next = await program({ web: range(20, 100) });
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
    expect(emulator.calls().map((c) => c.action)).toEqual([
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
    const bad = new Stack({ ...env(), ...stackEnv }, config);
    const result = await bad.run(async (engine) => engine.up(await program({ web: range(0, 3) })));
    return { error: result.steps[0].error!, output: bad.output };
  };

  it("a wrong secret is reported once with the cloud's code and never retried", async () => {
    const { error, output } = await failOnce({}, { ...CONFIG, "alicloud:secretKey": "wrong-secret-value" });
    expect(error.message).toMatch(
      /DescribeLoadBalancerAttribute on load balancer .+ failed: SignatureDoesNotMatch: .+\(RequestId: /,
    );
    expect(emulator.calls().map((c) => c.code)).toEqual(["SignatureDoesNotMatch"]);
    expect(`${error.message}${output.stdout}${output.stderr}`).not.toContain("wrong-secret-value");
  });

  it("an unknown AccessKey is reported once and never retried", async () => {
    const { error } = await failOnce({}, { ...CONFIG, "alicloud:accessKey": "NOSUCHKEY000001" });
    expect(error.message).toContain("InvalidAccessKeyId.NotFound");
    expect(emulator.calls()).toHaveLength(1);
  });

  it("a clock 20 minutes off is reported once and never retried", async () => {
    const skewed = await startEmulator({
      now: () => Date.now() + 20 * 60_000,
      seed: { credentials: [KEY], slb: { loadBalancers: [{ loadBalancerId: LB, regionId: "cn-beijing" }] } },
    });
    try {
      const { error } = await failOnce({ ALIBABA_CLOUD_SLB_ENDPOINT: skewed.endpoints.slb }, CONFIG);
      expect(error.message).toContain("InvalidTimeStamp.Expired");
      expect(skewed.calls()).toHaveLength(1);
    } finally {
      await skewed.close();
    }
  });
});
