/**
 * The Huawei ELB resource through the real `@pulumi/pulumi` dynamic-provider plugin over gRPC, in the
 * engine's order, against the emulator through the real Huawei SDK core. Registrations come from the
 * compiled package under `setMocks`, so this file must not use the real Pulumi runtime otherwise.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { assertConforming } from "../../emulator/contract/conformance";
import { UNKNOWN } from "../../harness/plugin";
import { changedEntries, previewDiffLines } from "../../harness/previewDiff";
import { captureRegistrations } from "../../harness/registrations";
import { builtPackage, Stack } from "../../harness/stack";

const KEY = { accessKeyId: "HWENGINEKEY0001", accessKeySecret: "hw-engine-secret-never-in-state" };
const STS = {
  accessKeyId: "HWENGINESTS0001",
  accessKeySecret: "hw-engine-sts-secret-never-in-state",
  securityToken: "hw-engine-sts-token-never-in-state",
};
const POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35";
const POOL2 = "3e3a4b0c-5b1e-4a36-9a3f-6c0f2f1f2a7e";
const PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d";
const REGION = "cn-north-4";
const SUBNET = "61da8098-954b-4809-bc5a-b99ccef8a398";
const CONFIG = {
  "huaweicloud:accessKey": KEY.accessKeyId,
  "huaweicloud:secretKey": KEY.accessKeySecret,
  "huaweicloud:region": REGION,
  "huaweicloud:projectId": PROJECT,
};
const { huaweicloud } = builtPackage();

type Member = {
  address: string;
  protocolPort: number;
  weight?: number;
  name?: string;
  subnetCidrId?: string;
};
const ips = (n: number, weight = 1, from = 0): Member[] =>
  Array.from({ length: n }, (_, i) => ({
    address: `10.0.${(from + i) >> 8}.${(from + i) & 255}`,
    protocolPort: 80,
    weight,
  }));
const key = (m: Member) => `${m.address}:${m.protocolPort}`;
const WEB1: Member = {
  address: "192.168.0.48",
  protocolPort: 8080,
  subnetCidrId: SUBNET,
  weight: 0,
  name: "web-1",
};

/** The program: one attachment (or one per pool given) with these members. */
const program = (
  members: Member[] | string,
  extra: Record<string, unknown> = {},
  config: Record<string, string> = CONFIG,
  pools: string[] = [POOL],
) =>
  captureRegistrations(
    () => {
      for (const [i, poolId] of pools.entries()) {
        new huaweicloud.elb.BackendServerAttachment(i === 0 ? "pool" : `pool-${i}`, {
          poolId,
          members: members as Member[],
          ...extra,
        });
      }
    },
    { config },
  );

let emulator: Emulator;
let stack: Stack;
const members = (pool = POOL) =>
  emulator
    .elbMembers(pool)
    .map((m) => `${m.address}:${m.protocol_port}:${m.weight}`)
    .sort();
const writes = () => emulator.calls({ cloud: "elb" }).filter((c) => c.action !== "list");
const env = () => ({
  HUAWEICLOUD_ELB_ENDPOINT: emulator.endpoints.elb,
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
  emulator.seed({
    credentials: [KEY, STS],
    elb: {
      pools: [
        { poolId: POOL, projectId: PROJECT },
        { poolId: POOL2, projectId: PROJECT },
      ],
    },
  });
  stack = new Stack(env(), CONFIG);
});

describe("Huawei ELB BackendServerAttachment through the real plugin", () => {
  it("stores a small __provider that requires the package and holds no credential", async () => {
    const [registration] = await program(ips(2));
    const text = registration.inputs.__provider as string;
    expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
    expect(text).toContain('require("pulumi-backend-servers/runtime")');
    expect(text).toContain('"huaweicloud.elb"');
    for (const secret of [KEY.accessKeyId, KEY.accessKeySecret]) expect(text).not.toContain(secret);
    expect(registration.urn).toMatch(
      /::pulumi-nodejs:dynamic\/huaweicloud-elb:BackendServerAttachment::pool$/,
    );
    // Registered as the program's list; Check keys it by identity, and the engine stores and renders the
    // checked inputs, so a preview diff names members, not list positions.
    expect(Array.isArray(registration.inputs.members)).toBe(true);
    const [step] = await stack.run((engine) => engine.preview([registration]));
    expect(Object.keys(step.checkedInputs.members as object)).toEqual(["10.0.0.0:80", "10.0.0.1:80"]);
  });

  it("previews with unknown values without crashing and without calling the cloud", async () => {
    const [base] = await program(ips(2));
    const variants = [
      { ...base.inputs, poolId: UNKNOWN },
      { ...base.inputs, members: UNKNOWN },
      {
        ...base.inputs,
        members: [{ address: "10.0.0.0", protocolPort: 80, weight: UNKNOWN }],
      },
      { ...base.inputs, members: [{ address: UNKNOWN, protocolPort: 80 }] },
      { ...base.inputs, region: UNKNOWN, projectId: UNKNOWN, exclusive: UNKNOWN },
    ];
    for (const inputs of variants) {
      const [step] = await stack.run((engine) => engine.preview([{ urn: base.urn, inputs }]));
      expect(step.failures).toEqual([]);
      expect(step.op).toBe("create");
    }
    await stack.run((engine) => engine.up([base]));
    const [step] = await stack.run((engine) => engine.preview([{ urn: base.urn, inputs: variants[2] }]));
    expect(step.op).toBe("update");
    expect(emulator.calls().map((c) => c.action)).toEqual(["list", "batch-add"]);
  });

  it("reports invalid inputs from Check with the member, field, value and what is allowed, before any call", async () => {
    const [registration] = await program([
      { address: "10.0.0.1", protocolPort: 80, weight: 150 },
      { address: "8.8.8.8", protocolPort: 70000 },
    ]);
    const result = await stack.run((engine) => engine.up([registration]));
    expect(result.failures).toEqual([
      expect.objectContaining({
        property: 'members["10.0.0.1:80"].weight',
        reason: "member 10.0.0.1:80: weight 150 is not allowed: use an integer from 0 to 100",
      }),
      expect.objectContaining({
        property: 'members["8.8.8.8:70000"].protocolPort',
        reason: "member 8.8.8.8:70000: protocolPort 70000 is not allowed: use an integer from 0 to 65535",
      }),
      expect.objectContaining({
        property: 'members["8.8.8.8:70000"].address',
        reason: expect.stringContaining('address "8.8.8.8" is not allowed without subnetCidrId'),
      }),
    ]);
    expect(emulator.calls()).toEqual([]);
  });

  it("runs a whole lifecycle: up, a reviewed change, refresh after drift, destroy", async () => {
    // up: 250 members from empty, next to a member someone attached by hand.
    emulator.setElbMembers(POOL, [{ address: "10.9.9.9", protocol_port: 80, weight: 7 }]);
    const v1 = await program([...ips(249), WEB1]);
    const created = await stack.run((engine) => engine.up(v1));
    expect(created.steps).toEqual([{ urn: v1[0].urn, op: "create" }]);
    expect(members()).toHaveLength(251);
    expect(members()).toContain("192.168.0.48:8080:0");
    expect(writes().map((c) => (c.params.members as unknown[]).length)).toEqual([200, 50]);
    expect(stack.output.stderr).toContain(`batch-add pool ${POOL}: batch 2/2, 50 servers`);
    // Outputs carry ELB's ids and health; inputs stay as declared.
    const state = stack.state.get(v1[0].urn)!;
    const cloudId = emulator.elbMembers(POOL).find((m) => m.address === "192.168.0.48")!.id;
    expect(
      (state.outputs.members as Record<string, Record<string, unknown>>)["192.168.0.48:8080"],
    ).toMatchObject({
      id: cloudId,
      operatingStatus: "NO_MONITOR",
      weight: 0,
    });
    expect(
      (state.inputs.members as Record<string, Record<string, unknown>>)["192.168.0.48:8080"].id,
    ).toBeUndefined();

    // The change a reviewer sees: one member drained, one removed, one added -> three entries.
    const v2 = await program([...ips(1, 0), ...ips(247, 1, 1), ...ips(1, 1, 900), WEB1]);
    const [step] = await stack.run((engine) => engine.preview(v2));
    expect(step.op).toBe("update");
    expect(
      changedEntries(previewDiffLines(stack.state.get(v1[0].urn)!.inputs, step.checkedInputs), "members"),
    ).toEqual(new Set([key(ips(1)[0]), key(ips(1, 1, 248)[0]), key(ips(1, 1, 900)[0])]));
    // Reordering the list is no change at all.
    const reordered = await program([...ips(249), WEB1].reverse());
    const [same] = await stack.run((engine) => engine.preview(reordered));
    expect(previewDiffLines(stack.state.get(v1[0].urn)!.inputs, same.checkedInputs)).toEqual([]);
    expect(same.op).toBe("same");

    emulator.clearCalls();
    const updated = await stack.run((engine) => engine.up(v2));
    expect(updated.steps).toEqual([{ urn: v2[0].urn, op: "update" }]);
    expect(writes().map((c) => c.action)).toEqual(["batch-add", "batch-update", "batch-delete"]);
    expect(members()).toContain("10.9.9.9:80:7");
    expect(members()).toContain("10.0.0.0:80:0");

    // Drift: someone re-weights a member and removes another; refresh shows it, preview plans to fix it.
    emulator.setElbMembers(
      POOL,
      emulator
        .elbMembers(POOL)
        .filter((m) => m.address !== "10.0.0.5")
        .map((m) => (m.address === "10.0.0.1" ? { ...m, weight: 3 } : m)),
    );
    await stack.run((engine) => engine.refresh());
    const refreshed = stack.state.get(v2[0].urn)!;
    const inputs = refreshed.inputs.members as Record<string, { weight: number }>;
    expect(inputs["10.0.0.1:80"]).toEqual({ address: "10.0.0.1", protocolPort: 80, weight: 3 });
    expect(inputs["10.0.0.5:80"]).toBeUndefined();
    const [afterDrift] = await stack.run((engine) => engine.preview(v2));
    expect(afterDrift.op).toBe("update");
    expect(changedEntries(previewDiffLines(refreshed.inputs, afterDrift.checkedInputs), "members")).toEqual(
      new Set(["10.0.0.1:80", "10.0.0.5:80"]),
    );
    await stack.run((engine) => engine.up(v2));
    expect(members()).toContain("10.0.0.1:80:1");
    expect(members()).toContain("10.0.0.5:80:1");

    // destroy: exactly the declared members go; the hand-attached one stays.
    await stack.run((engine) => engine.destroy());
    expect(members()).toEqual(["10.9.9.9:80:7"]);
    expect(stack.state.size).toBe(0);
  });

  it("records a partial failure with __provider so the next up continues from the truth", async () => {
    emulator.seed({ elb: { memberQuota: 300 } });
    const v1 = await program(ips(450));
    const failed = await stack.run((engine) => engine.up(v1));
    const error = failed.steps[0].error!;
    expect(error.message).toMatch(
      new RegExp(`batch-add on pool ${POOL} failed: ELB\\.8905: .*RequestId: [0-9a-f]{32}`),
    );
    expect(error.initFailure?.properties.__provider).toBe(v1[0].inputs.__provider);
    const recorded = stack.state.get(v1[0].urn)!;
    expect(Object.keys(recorded.outputs.members as object)).toHaveLength(200);
    expect(members()).toHaveLength(200);

    // The quota is raised; the next `pulumi up` updates from the recorded state and adds only what is missing.
    emulator.seed({ elb: { memberQuota: 500 } });
    emulator.clearCalls();
    const retried = await stack.run((engine) => engine.up(v1));
    expect(retried.steps).toEqual([{ urn: v1[0].urn, op: "update" }]);
    expect(writes().map((c) => (c.params.members as unknown[]).length)).toEqual([200, 50]);
    expect(members()).toHaveLength(450);
  });

  it("replaces the resource when the pool changes, attaching to the new one before detaching the old", async () => {
    await stack.run(async (engine) => engine.up(await program(ips(2))));
    const moved = await program(ips(2), { poolId: POOL2 });
    const result = await stack.run((engine) => engine.up(moved));
    expect(result.steps).toEqual([
      { urn: moved[0].urn, op: "replace" },
      { urn: moved[0].urn, op: "delete-replaced" },
    ]);
    expect(members(POOL2)).toHaveLength(2);
    expect(members(POOL)).toHaveLength(0);
    expect(
      writes()
        .map((c) => `${c.action} ${c.params.poolId}`)
        .slice(-2),
    ).toEqual([`batch-add ${POOL2}`, `batch-delete ${POOL}`]);
  });

  it("works with STS credentials, region and project from the environment, and leaks no secret anywhere", async () => {
    const sts = new Stack(
      {
        ...env(),
        HUAWEICLOUD_SDK_AK: STS.accessKeyId,
        HUAWEICLOUD_SDK_SK: STS.accessKeySecret,
        HUAWEICLOUD_SDK_SECURITY_TOKEN: STS.securityToken,
        HUAWEICLOUD_REGION: REGION,
        HUAWEICLOUD_SDK_PROJECT_ID: PROJECT,
      },
      {},
    );
    emulator.inject({ cloud: "elb", action: "batch-add", kind: "server-error", count: 1 });
    const registrations = await program(ips(3), {}, {});
    await sts.run((engine) => engine.up(registrations));
    expect(emulator.calls({ action: "batch-add" }).map((c) => [c.accessKeyId, c.httpStatus])).toEqual([
      [STS.accessKeyId, 500],
      [STS.accessKeyId, 200],
    ]);
    expect(members()).toHaveLength(3);
    await sts.run((engine) => engine.refresh());
    const everything = JSON.stringify([...sts.state.values()]) + sts.output.stdout + sts.output.stderr;
    for (const secret of [STS.accessKeySecret, STS.securityToken]) expect(everything).not.toContain(secret);
    expect(JSON.stringify([...sts.state.values()])).not.toContain(STS.accessKeyId);
    expect([...sts.state.values()][0].outputs).toMatchObject({ region: REGION, projectId: PROJECT });
  });

  it("a wrong secret costs one request for a whole stack of resources, and the plugin prints nothing", async () => {
    const wrong = { ...CONFIG, "huaweicloud:secretKey": "wrong-secret-value" };
    const bad = new Stack({ ...env(), DEBUG: "DEBUG" }, wrong);
    const result = await bad.run(async (engine) =>
      engine.up(await program(ips(3), {}, wrong, [POOL, POOL2])),
    );

    const errors = result.steps.map((s) => s.error?.message ?? "");
    expect(
      errors.filter((m) => /failed: APIGW\.0301: Incorrect IAM authentication information/.test(m)),
    ).toHaveLength(1);
    expect(errors.filter((m) => /failed: APIGW\.0301: not sent: /.test(m))).toHaveLength(1);
    expect(emulator.calls().map((c) => [c.action, c.httpStatus])).toEqual([["list", 401]]);
    expect(bad.output.stdout).toBe("");
    expect(`${errors.join()}${bad.output.stderr}`).not.toContain("wrong-secret-value");
  });
});
