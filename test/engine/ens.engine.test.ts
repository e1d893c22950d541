/**
 * The ENS resource through the real `@pulumi/pulumi` dynamic-provider plugin over gRPC, in the engine's
 * order, against the emulator. Registrations come from the compiled package under `setMocks`, so this
 * file must not use the real Pulumi runtime otherwise.
 */
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { assertConforming } from "../../emulator/contract/conformance";
import { UNKNOWN } from "../../harness/plugin";
import { changedEntries, previewDiffLines } from "../../harness/previewDiff";
import { captureRegistrations } from "../../harness/registrations";
import { REPO_ROOT } from "../../harness/project";
import { builtPackage, Stack } from "../../harness/stack";

const KEY = { accessKeyId: "ENSENGINEKEY01", accessKeySecret: "ens-engine-secret-never-in-state" };
const STS = {
  accessKeyId: "ENSENGINESTS01",
  accessKeySecret: KEY.accessKeySecret,
  securityToken: "ens-sts-token-never-in-state",
};
const LB = "lb-5qzdmxefgrpxd7oz2mefonvtx";
const ENI = "eni-5uf6dwyzch3wly7";
const CONFIG = { "alicloud:accessKey": KEY.accessKeyId, "alicloud:secretKey": KEY.accessKeySecret };
const { alicloud } = builtPackage();

type Member = { serverId: string; weight?: number; type?: "ens" | "eni"; ip?: string; port?: number };
const edge = (n: number, weight = 100, from = 0, prefix = "edge"): Member[] =>
  Array.from({ length: n }, (_, i) => ({
    serverId: `i-${prefix}${String(from + i).padStart(6, "0")}`,
    weight,
  }));

/** The program: one attachment per load balancer given, with these members. */
const program = (backendServers: Member[] | string, extra: Record<string, unknown> = {}) =>
  captureRegistrations(
    () => {
      new alicloud.ens.BackendServerAttachment("edge", {
        loadBalancerId: LB,
        backendServers: backendServers as Member[],
        ...extra,
      });
    },
    { config: CONFIG },
  );

let emulator: Emulator;
let stack: Stack;
const members = (lb = LB) =>
  emulator
    .ensMembers(lb)
    .map((m) => `${m.ServerId}${m.Ip ? `@${m.Ip}` : ""}:${m.Weight}${m.Port ? `/${m.Port}` : ""}`)
    .sort();
const writes = () =>
  emulator.calls({ cloud: "ens" }).filter((c) => c.action !== "DescribeLoadBalancerAttribute");
const env = () => ({
  ALIBABA_CLOUD_ENS_ENDPOINT: emulator.endpoints.ens,
  BACKEND_SERVERS_RETRY_BASE_MS: "5",
  BACKEND_SERVERS_RETRY_MAX_MS: "20",
  BACKEND_SERVERS_RETRY_DEADLINE_MS: "10000",
});

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator?.close();
});
// Every request the plugin sent in a test fits the vendors' definitions of the actions.
afterEach(() => assertConforming(emulator.calls()));
beforeEach(() => {
  emulator.reset();
  emulator.seed({ credentials: [KEY, STS], ens: { loadBalancers: [{ loadBalancerId: LB }] } });
  stack = new Stack(env(), CONFIG);
});

describe("ENS BackendServerAttachment through the real plugin", () => {
  it("stores a small __provider that requires the package and holds no credential", async () => {
    const [registration] = await program(edge(2));
    const text = registration.inputs.__provider as string;
    expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
    expect(text).toContain('require("pulumi-backend-servers/runtime")');
    expect(text).toContain("alicloud.ens");
    expect(text).not.toContain(KEY.accessKeySecret);
    expect(text).not.toContain(KEY.accessKeyId);
    expect(registration.urn).toMatch(/::pulumi-nodejs:dynamic\/alicloud-ens:BackendServerAttachment::edge$/);
  });

  it("previews with unknown values without crashing and without calling the cloud", async () => {
    const [base] = await program(edge(2));
    const variants = [
      { ...base.inputs, loadBalancerId: UNKNOWN },
      { ...base.inputs, backendServers: UNKNOWN },
      { ...base.inputs, backendServers: [{ serverId: "i-edge000000", weight: UNKNOWN }] },
      { ...base.inputs, backendServers: [{ serverId: ENI, type: "eni", ip: UNKNOWN }] },
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
    expect(emulator.calls({ cloud: "ens" }).map((c) => c.action)).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
    ]);
  });

  it("reports invalid inputs from Check with the member, field, value and what is allowed, before any call", async () => {
    const [registration] = await program([
      { serverId: "i-edge000000", weight: 150 },
      { serverId: ENI, type: "eni" },
      { serverId: "i-edge000001", port: 70000 },
    ]);
    const result = await stack.run((engine) => engine.up([registration]));
    // In the program's order, each member named by its identity.
    expect(result.failures).toEqual([
      expect.objectContaining({
        property: 'backendServers["ens:i-edge000000"].weight',
        reason: "member ens:i-edge000000: weight 150 is not allowed: use an integer from 0 to 100",
      }),
      expect.objectContaining({
        property: `backendServers["eni:${ENI}"].ip`,
        reason: `member eni:${ENI}: ip is required for type "eni": one member per IP address`,
      }),
      expect.objectContaining({
        property: 'backendServers["ens:i-edge000001"].port',
        reason: "member ens:i-edge000001: port 70000 is not allowed: use an integer from 1 to 65535",
      }),
    ]);
    expect(emulator.calls()).toEqual([]);
  });

  it("runs a whole lifecycle: up, a reviewed weight change in place and a port change as a re-attachment, refresh after drift, destroy", async () => {
    // up: 30 instances and one ENI IP from empty, next to a server someone attached by hand.
    emulator.setEnsMembers(LB, [{ ServerId: "i-byhand0001", Type: "ens", Weight: 7 }]);
    const eni: Member = { serverId: ENI, type: "eni", ip: "192.168.0.1", port: 3309 };
    const v1 = await program([...edge(30), eni]);
    const created = await stack.run((engine) => engine.up(v1));
    expect(created.steps).toEqual([{ urn: v1[0].urn, op: "create" }]);
    expect(members()).toHaveLength(32);
    expect(writes().map((c) => c.action)).toEqual(["AddBackendServers", "AddBackendServers"]);
    expect(stack.output.stderr).toContain(`AddBackendServers load balancer ${LB}: batch 2/2, 11 servers`);

    // The change a reviewer sees: one re-weighted, the ENI's port moved, one removed, one added.
    const v2 = await program([
      ...edge(1, 50),
      ...edge(28, 100, 1),
      ...edge(1, 100, 99),
      { ...eni, port: 8080 },
    ]);
    const [step] = await stack.run((engine) => engine.preview(v2));
    expect(step.op).toBe("update");
    const lines = previewDiffLines(stack.state.get(v1[0].urn)!.inputs, step.checkedInputs);
    expect(changedEntries(lines, "backendServers")).toEqual(
      new Set([
        "ens:i-edge000000",
        "ens:i-edge000029",
        "ens:i-edge000099",
        `eni:${ENI}@192.168.0.1 port 3309`,
        `eni:${ENI}@192.168.0.1 port 8080`,
      ]),
    );
    // The port change reads as what it is: the member leaves and comes back on the new port.
    expect(
      lines.filter((l) => String(l.keys[1]).startsWith("eni:")).map((l) => `${l.kind} ${l.path}`),
    ).toEqual([
      `delete backendServers["eni:${ENI}@192.168.0.1 port 3309"]`,
      `add backendServers["eni:${ENI}@192.168.0.1 port 8080"]`,
    ]);
    const reordered = await program([eni, ...edge(30)].reverse());
    const [same] = await stack.run((engine) => engine.preview(reordered));
    expect(previewDiffLines(stack.state.get(v1[0].urn)!.inputs, same.checkedInputs)).toEqual([]);
    expect(same.op).toBe("same");

    emulator.clearCalls();
    const updated = await stack.run((engine) => engine.up(v2));
    expect(updated.steps).toEqual([{ urn: v2[0].urn, op: "update" }]);
    // The weight changes in place; SetBackendServers cannot change a port, so that member is re-attached.
    expect(
      writes().map(
        (c) =>
          `${c.action} ${(c.params.BackendServers as { ServerId: string }[]).map((s) => s.ServerId).join(",")}`,
      ),
    ).toEqual([
      "AddBackendServers i-edge000099",
      "SetBackendServers i-edge000000",
      `RemoveBackendServers ${ENI}`,
      `AddBackendServers ${ENI}`,
      "RemoveBackendServers i-edge000029",
    ]);
    expect(stack.output.stderr).toContain(
      `RemoveBackendServers (re-attach) load balancer ${LB}: batch 1/1, 1 server`,
    );
    expect(members()).toContain("i-byhand0001:7");
    expect(members()).toContain("i-edge000000:50");
    expect(members()).toContain(`${ENI}@192.168.0.1:100/8080`);

    // Drift: someone re-weights a member and detaches another; refresh shows it, preview plans to fix it.
    emulator.setEnsMembers(
      LB,
      emulator
        .ensMembers(LB)
        .filter((m) => m.ServerId !== "i-edge000005")
        .map((m) => (m.ServerId === "i-edge000001" ? { ...m, Weight: 3 } : m)),
    );
    await stack.run((engine) => engine.refresh());
    const refreshed = stack.state.get(v2[0].urn)!;
    const inputs = refreshed.inputs.backendServers as Record<string, { weight: number; port?: number }>;
    expect(inputs["ens:i-edge000001"].weight).toBe(3);
    expect(inputs["ens:i-edge000005"]).toBeUndefined();
    expect(inputs[`eni:${ENI}@192.168.0.1 port 8080`].port).toBe(8080);
    const [afterDrift] = await stack.run((engine) => engine.preview(v2));
    expect(afterDrift.op).toBe("update");
    expect(
      changedEntries(previewDiffLines(refreshed.inputs, afterDrift.checkedInputs), "backendServers"),
    ).toEqual(new Set(["ens:i-edge000001", "ens:i-edge000005"]));
    await stack.run((engine) => engine.up(v2));
    expect(members()).toContain("i-edge000001:100");
    expect(members()).toContain("i-edge000005:100");

    // destroy: exactly the declared members go; the hand-attached one stays.
    await stack.run((engine) => engine.destroy());
    expect(members()).toEqual(["i-byhand0001:7"]);
    expect(stack.state.size).toBe(0);
  });

  it.each(["no-id", "error"] as const)(
    "drops a deleted load balancer on refresh and says it is gone on up, however ENS answers (%s)",
    async (goneAnswer) => {
      const v1 = await program(edge(3));
      await stack.run((engine) => engine.up(v1));
      emulator.seed({ ens: { goneAnswer } });
      emulator.deleteEnsLoadBalancer(LB);

      // Not an empty member list: the next up must not try to add everything again.
      emulator.clearCalls();
      const v2 = await program(edge(4));
      const failed = await stack.run((engine) => engine.up(v2));
      expect(failed.steps[0].error?.message).toContain(`load balancer ${LB} does not exist`);
      expect(writes()).toEqual([]);

      await stack.run((engine) => engine.refresh());
      expect(stack.state.size).toBe(0);
    },
  );

  it("records a partial failure with __provider so the next up continues from the truth", async () => {
    emulator.seed({ ens: { servers: [{ serverId: "i-edge000025", status: "Stopped" }] } });
    const v1 = await program(edge(30));
    const failed = await stack.run((engine) => engine.up(v1));
    const error = failed.steps[0].error!;
    expect(error.message).toMatch(
      /AddBackendServers on load balancer lb-5qzdmxefgrpxd7oz2mefonvtx failed: IncorrectInstanceStatus: .*RequestId/,
    );
    expect(error.initFailure?.properties.__provider).toBe(v1[0].inputs.__provider);
    expect(Object.keys(stack.state.get(v1[0].urn)!.outputs.backendServers as object)).toHaveLength(20);
    expect(members()).toHaveLength(20);

    // The server starts; the next `pulumi up` updates from the recorded state and adds only what is missing.
    emulator.seed({ ens: { servers: [{ serverId: "i-edge000025", status: "Running" }] } });
    emulator.clearCalls();
    const retried = await stack.run((engine) => engine.up(v1));
    expect(retried.steps).toEqual([{ urn: v1[0].urn, op: "update" }]);
    expect(writes().map((c) => (c.params.BackendServers as unknown[]).length)).toEqual([10]);
    expect(members()).toHaveLength(30);
  });

  it("replaces the resource when the load balancer changes, attaching to the new one before detaching the old", async () => {
    const LB2 = "lb-5qzdmxefgrpxd7oz2mefonvt2";
    emulator.seed({ ens: { loadBalancers: [{ loadBalancerId: LB2 }] } });
    await stack.run((engine) => program(edge(2)).then((p) => engine.up(p)));
    const moved = await program(edge(2), { loadBalancerId: LB2 });
    const result = await stack.run((engine) => engine.up(moved));
    expect(result.steps).toEqual([
      { urn: moved[0].urn, op: "replace" },
      { urn: moved[0].urn, op: "delete-replaced" },
    ]);
    expect(members(LB2)).toHaveLength(2);
    expect(members(LB)).toHaveLength(0);
    expect(
      writes()
        .map((c) => `${c.action} ${c.params.LoadBalancerId}`)
        .slice(-2),
    ).toEqual([`AddBackendServers ${LB2}`, `RemoveBackendServers ${LB}`]);
  });

  it("works with STS credentials from the environment and leaks no secret into state, outputs or plugin output", async () => {
    const sts = new Stack(
      {
        ...env(),
        ALIBABA_CLOUD_ACCESS_KEY_ID: STS.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: STS.accessKeySecret,
        ALIBABA_CLOUD_SECURITY_TOKEN: STS.securityToken,
      },
      {},
    );
    emulator.inject({ cloud: "ens", action: "AddBackendServers", kind: "throttle", count: 1 });
    const registrations = await program(edge(3));
    await sts.run((engine) => engine.up(registrations));
    expect(emulator.calls({ action: "AddBackendServers" }).map((c) => [c.accessKeyId, c.code])).toEqual([
      [STS.accessKeyId, "Throttling.User"],
      [STS.accessKeyId, undefined],
    ]);
    expect(members()).toHaveLength(3);
    const state = JSON.stringify([...sts.state.values()]);
    expect(state).toContain("ens:i-edge000002");
    await sts.run((engine) => engine.destroy());
    const everything = state + sts.output.stdout + sts.output.stderr;
    for (const secret of [STS.accessKeySecret, STS.securityToken]) expect(everything).not.toContain(secret);
    expect(members()).toEqual([]);
  });
  it("runs the example program (examples/alicloud-ens) as `pulumi up` and `pulumi destroy` would", async () => {
    const LB2 = "lb-5qzdmxefgrpxd7oz2mefonvt2";
    emulator.seed({ ens: { loadBalancers: [{ loadBalancerId: LB2 }] } });
    const example = join(REPO_ROOT, "examples", "alicloud-ens", "index.ts");
    const registrations = await captureRegistrations(
      async () => {
        ((await import(example)) as { default: () => unknown }).default();
      },
      {
        project: "alicloud-ens-backend-servers",
        config: {
          ...CONFIG,
          "alicloud-ens-backend-servers:loadBalancerIds": JSON.stringify([LB, LB2]),
          "alicloud-ens-backend-servers:edgeServers": "25",
        },
      },
    );
    // The example loads the package as a user's program does: the same small provider text.
    const [direct] = await program(edge(1));
    expect(registrations.map((r) => r.inputs.__provider)).toEqual([
      direct.inputs.__provider,
      direct.inputs.__provider,
    ]);
    const result = await stack.run((engine) => engine.up(registrations));
    expect(result.steps.map((s) => s.op)).toEqual(["create", "create"]);
    expect(members()).toHaveLength(26);
    expect(members(LB2)).toContain(`${ENI}@192.168.1.1:10/3309`);
    await stack.run((engine) => engine.destroy());
    expect([...members(), ...members(LB2)]).toEqual([]);
  });
});
