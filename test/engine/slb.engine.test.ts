/**
 * The CLB resource through the real `@pulumi/pulumi` dynamic-provider plugin over gRPC, in the engine's
 * order, against the emulator. Registrations come from the compiled package under `setMocks`, so this
 * file must not use the real Pulumi runtime otherwise.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { assertConforming } from "../../emulator/contract/conformance";
import { UNKNOWN } from "../../harness/plugin";
import { changedEntries, previewDiffLines } from "../../harness/previewDiff";
import { captureRegistrations } from "../../harness/registrations";
import { builtPackage, Stack } from "../../harness/stack";

const KEY = { accessKeyId: "ENGINETESTKEY01", accessKeySecret: "engine-secret-never-in-state" };
const TOKEN = "engine-sts-token-never-in-state";
const LB = "lb-2ze7o5h52g02kkzze7lru";
const REGION = "cn-beijing";
const CONFIG = {
  "alicloud:accessKey": KEY.accessKeyId,
  "alicloud:secretKey": KEY.accessKeySecret,
  "alicloud:region": REGION,
};
const { alicloud } = builtPackage();

type Member = {
  serverId: string;
  weight?: number;
  type?: "ecs" | "eni" | "eci";
  serverIp?: string;
  port?: number;
};
const ecs = (n: number, weight = 100, from = 0): Member[] =>
  Array.from({ length: n }, (_, i) => ({ serverId: `i-web${String(from + i).padStart(6, "0")}`, weight }));

/** The program: one attachment with these members. */
const program = (backendServers: Member[] | string, extra: Record<string, unknown> = {}) =>
  captureRegistrations(
    () => {
      new alicloud.slb.BackendServerAttachment("web", {
        loadBalancerId: LB,
        backendServers: backendServers as Member[],
        ...extra,
      });
    },
    { config: CONFIG },
  );

let emulator: Emulator;
let stack: Stack;
const members = () =>
  emulator
    .slbMembers(LB)
    .map((m) => `${m.ServerId}:${m.Weight}`)
    .sort();
const writes = () =>
  emulator.calls({ cloud: "slb" }).filter((c) => c.action !== "DescribeLoadBalancerAttribute");

beforeAll(async () => {
  emulator = await startEmulator({
    seed: { credentials: [KEY, { ...KEY, accessKeyId: "ENGINESTSKEY01", securityToken: TOKEN }] },
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
    credentials: [KEY, { ...KEY, accessKeyId: "ENGINESTSKEY01", securityToken: TOKEN }],
    slb: { loadBalancers: [{ loadBalancerId: LB, regionId: REGION }] },
  });
  stack = new Stack(
    {
      ALIBABA_CLOUD_SLB_ENDPOINT: emulator.endpoints.slb,
      BACKEND_SERVERS_RETRY_BASE_MS: "5",
      BACKEND_SERVERS_RETRY_MAX_MS: "20",
      BACKEND_SERVERS_RETRY_DEADLINE_MS: "10000",
    },
    CONFIG,
  );
});

describe("CLB BackendServerAttachment through the real plugin", () => {
  it("stores a small __provider that requires the package and holds no credential", async () => {
    const [registration] = await program(ecs(2));
    const text = registration.inputs.__provider as string;
    expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
    expect(text).toContain('require("pulumi-backend-servers/runtime")');
    expect(text).not.toContain(KEY.accessKeySecret);
    expect(text).not.toContain(KEY.accessKeyId);
    expect(registration.urn).toMatch(/::pulumi-nodejs:dynamic\/alicloud-slb:BackendServerAttachment::web$/);
  });

  it("previews with unknown values without crashing and without calling the cloud", async () => {
    const [base] = await program(ecs(2));
    const variants = [
      { ...base.inputs, loadBalancerId: UNKNOWN },
      { ...base.inputs, backendServers: UNKNOWN },
      { ...base.inputs, backendServers: [{ serverId: "i-web000000", weight: UNKNOWN }] },
      { ...base.inputs, exclusive: UNKNOWN },
    ];
    for (const inputs of variants) {
      const [step] = await stack.run((engine) => engine.preview([{ urn: base.urn, inputs }]));
      expect(step.failures).toEqual([]);
      expect(step.op).toBe("create");
    }
    await stack.run((engine) => engine.up([base]));
    const [step] = await stack.run((engine) => engine.preview([{ urn: base.urn, inputs: variants[2] }]));
    expect(step.op).toBe("update");
    expect(emulator.calls({ cloud: "slb" }).map((c) => c.action)).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
    ]);
  });

  it("reports invalid inputs from Check with the member, field, value and what is allowed, before any call", async () => {
    const [registration] = await program([
      { serverId: "i-web000000", weight: 150 },
      { serverId: "eni-2ze1u9ywulp5pbvvc7hv", type: "eni" },
    ]);
    const result = await stack.run((engine) => engine.up([registration]));
    expect(result.failures).toEqual([
      expect.objectContaining({
        property: 'backendServers["ecs:i-web000000"].weight',
        reason: "member ecs:i-web000000: weight 150 is not allowed: use an integer from 0 to 100",
      }),
      expect.objectContaining({
        property: 'backendServers["eni:eni-2ze1u9ywulp5pbvvc7hv"].serverIp',
        reason: expect.stringContaining('serverIp is required for type "eni"'),
      }),
    ]);
    expect(emulator.calls()).toEqual([]);
  });

  it("runs a whole lifecycle: up, a reviewed change, refresh after drift, destroy", async () => {
    // up: 30 members from empty, next to a server someone attached by hand.
    emulator.setSlbMembers(LB, [{ ServerId: "i-byhand0001", Type: "ecs", Weight: 7 }]);
    const v1 = await program(ecs(30));
    const created = await stack.run((engine) => engine.up(v1));
    expect(created.steps).toEqual([{ urn: v1[0].urn, op: "create" }]);
    expect(members()).toHaveLength(31);
    expect(writes().map((c) => c.action)).toEqual(["AddBackendServers", "AddBackendServers"]);
    expect(stack.output.stderr).toContain(`AddBackendServers load balancer ${LB}: batch 2/2, 10 servers`);

    // The change a reviewer sees: one member re-weighted, one removed, one added -> three entries.
    const v2 = await program([...ecs(1, 50), ...ecs(28, 100, 1), ...ecs(1, 100, 99)]);
    const [step] = await stack.run((engine) => engine.preview(v2));
    expect(step.op).toBe("update");
    const lines = previewDiffLines(stack.state.get(v1[0].urn)!.inputs, step.checkedInputs);
    expect(changedEntries(lines, "backendServers")).toEqual(
      new Set(["ecs:i-web000000", "ecs:i-web000029", "ecs:i-web000099"]),
    );
    // Reordering the list is no change at all.
    const reordered = await program([...ecs(30)].reverse());
    const [same] = await stack.run((engine) => engine.preview(reordered));
    expect(previewDiffLines(stack.state.get(v1[0].urn)!.inputs, same.checkedInputs)).toEqual([]);
    expect(same.op).toBe("same");

    emulator.clearCalls();
    const updated = await stack.run((engine) => engine.up(v2));
    expect(updated.steps).toEqual([{ urn: v2[0].urn, op: "update" }]);
    expect(writes().map((c) => c.action)).toEqual([
      "AddBackendServers",
      "SetBackendServers",
      "RemoveBackendServers",
    ]);
    expect(members()).toContain("i-byhand0001:7");
    expect(members()).toContain("i-web000000:50");

    // Drift: someone re-weights a member and detaches another; refresh shows it, preview plans to fix it.
    emulator.setSlbMembers(
      LB,
      emulator
        .slbMembers(LB)
        .filter((m) => m.ServerId !== "i-web000005")
        .map((m) => (m.ServerId === "i-web000001" ? { ...m, Weight: 3 } : m)),
    );
    await stack.run((engine) => engine.refresh());
    const refreshed = stack.state.get(v2[0].urn)!;
    const inputs = refreshed.inputs.backendServers as Record<string, { weight: number }>;
    expect(inputs["ecs:i-web000001"].weight).toBe(3);
    expect(inputs["ecs:i-web000005"]).toBeUndefined();
    // The CLI renders the stored inputs (now the refreshed ones) against the new checked inputs.
    const [afterDrift] = await stack.run((engine) => engine.preview(v2));
    expect(afterDrift.op).toBe("update");
    expect(
      changedEntries(previewDiffLines(refreshed.inputs, afterDrift.checkedInputs), "backendServers"),
    ).toEqual(new Set(["ecs:i-web000001", "ecs:i-web000005"]));
    await stack.run((engine) => engine.up(v2));
    expect(members()).toContain("i-web000001:100");
    expect(members()).toContain("i-web000005:100");

    // destroy: exactly the declared members go; the hand-attached one stays.
    await stack.run((engine) => engine.destroy());
    expect(members()).toEqual(["i-byhand0001:7"]);
    expect(stack.state.size).toBe(0);
  });

  it("records a partial failure with __provider so the next up continues from the truth", async () => {
    emulator.seed({ slb: { servers: [{ serverId: "i-web000025", status: "Stopped" }] } });
    const v1 = await program(ecs(30));
    const failed = await stack.run((engine) => engine.up(v1));
    const error = failed.steps[0].error!;
    expect(error.message).toMatch(
      /AddBackendServers on load balancer lb-2ze7o5h52g02kkzze7lru failed: ObtainIpFail: .*RequestId/,
    );
    expect(error.initFailure?.properties.__provider).toBe(v1[0].inputs.__provider);
    const recorded = stack.state.get(v1[0].urn)!;
    expect(Object.keys(recorded.outputs.backendServers as object)).toHaveLength(20);
    expect(members()).toHaveLength(20);

    // The server starts; the next `pulumi up` updates from the recorded state and adds only what is missing.
    emulator.seed({ slb: { servers: [{ serverId: "i-web000025", status: "Running" }] } });
    emulator.clearCalls();
    const retried = await stack.run((engine) => engine.up(v1));
    expect(retried.steps).toEqual([{ urn: v1[0].urn, op: "update" }]);
    expect(writes().map((c) => (c.params.BackendServers as unknown[]).length)).toEqual([10]);
    expect(members()).toHaveLength(30);
  });

  it("replaces the resource when the load balancer changes, attaching to the new one before detaching the old", async () => {
    const LB2 = "lb-2ze7o5h52g02kkzze7lr2";
    emulator.seed({ slb: { loadBalancers: [{ loadBalancerId: LB2, regionId: REGION }] } });
    await stack.run((engine) => program(ecs(2)).then((p) => engine.up(p)));
    const moved = await program(ecs(2), { loadBalancerId: LB2 });
    const result = await stack.run((engine) => engine.up(moved));
    expect(result.steps).toEqual([
      { urn: moved[0].urn, op: "replace" },
      { urn: moved[0].urn, op: "delete-replaced" },
    ]);
    expect(emulator.slbMembers(LB2)).toHaveLength(2);
    expect(emulator.slbMembers(LB)).toHaveLength(0);
    const order = emulator
      .calls({ cloud: "slb" })
      .filter((c) => c.action !== "DescribeLoadBalancerAttribute");
    expect(order.map((c) => `${c.action} ${c.params.LoadBalancerId}`).slice(-2)).toEqual([
      `AddBackendServers ${LB2}`,
      `RemoveBackendServers ${LB}`,
    ]);
  });

  it("works with STS credentials from the environment and leaks no secret into state, outputs or plugin output", async () => {
    const sts = new Stack(
      {
        ALIBABA_CLOUD_SLB_ENDPOINT: emulator.endpoints.slb,
        ALIBABA_CLOUD_ACCESS_KEY_ID: "ENGINESTSKEY01",
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY.accessKeySecret,
        ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
        ALIBABA_CLOUD_REGION_ID: REGION,
      },
      {},
    );
    emulator.inject({ cloud: "slb", action: "AddBackendServers", kind: "server-error", count: 1 });
    const registrations = await program(ecs(3));
    await sts.run((engine) => engine.up(registrations));
    expect(emulator.calls({ action: "AddBackendServers" }).map((c) => c.accessKeyId)).toEqual([
      "ENGINESTSKEY01",
      "ENGINESTSKEY01",
    ]);
    expect(members()).toHaveLength(3);
    const everything = JSON.stringify([...sts.state.values()]) + sts.output.stdout + sts.output.stderr;
    for (const secret of [KEY.accessKeySecret, TOKEN]) expect(everything).not.toContain(secret);
  });
});
