/**
 * Hand-over between resources of one deployment on ENS and Huawei ELB, through the real plugin (CLB's is
 * in slb.safety.test.ts): renaming a resource without an alias, and moving members between two
 * attachments of the same load balancer or pool, never detach a member that a surviving resource
 * declares. Every remove call is watched as it is applied. Registrations come from the compiled package
 * under `setMocks`: no real Pulumi runtime in this file.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CallRecord, type Emulator, startEmulator } from "../../emulator";
import { assertConforming } from "../../emulator/contract/conformance";
import type { Registration } from "../../harness/miniEngine";
import { captureRegistrations } from "../../harness/registrations";
import { builtPackage, Stack } from "../../harness/stack";

const ENS_KEY = { accessKeyId: "HANDOVERENSKEY1", accessKeySecret: "handover-ens-secret" };
const HW_KEY = { accessKeyId: "HANDOVERHWKEY01", accessKeySecret: "handover-hw-secret" };
const LB = "lb-5qzdmxefgrpxd7oz2mefonvtx";
const POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35";
const PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d";
const CONFIG = {
  "alicloud:accessKey": ENS_KEY.accessKeyId,
  "alicloud:secretKey": ENS_KEY.accessKeySecret,
  "huaweicloud:accessKey": HW_KEY.accessKeyId,
  "huaweicloud:secretKey": HW_KEY.accessKeySecret,
  "huaweicloud:region": "cn-north-4",
  "huaweicloud:projectId": PROJECT,
};
const { alicloud, huaweicloud } = builtPackage();

/** One cloud's side of the scenarios: members are numbered, and named by their identity. */
interface Handover {
  cloud: "ens" | "elb";
  /** The attachments of the program, by resource name, each declaring these members. */
  declare(name: string, members: number[]): void;
  member(i: number): string;
  outputsField: string;
  /** The members attached now, by identity. */
  attached(emulator: Emulator): string[];
  /** The members a call removed, by identity (`names`: ELB's member ids seen so far). */
  removed(call: CallRecord, names: ReadonlyMap<string, string>): string[];
  /** The cloud's own member ids with their identities, where remove calls name members by id. */
  ids?(emulator: Emulator): [string, string][];
}

const ensMember = (i: number) => `i-hand${String(i).padStart(6, "0")}`;
const elbMember = (i: number) => `10.0.0.${i + 1}:80`;

const ens: Handover = {
  cloud: "ens",
  declare: (name, members) =>
    new alicloud.ens.BackendServerAttachment(name, {
      loadBalancerId: LB,
      backendServers: members.map((i) => ({ serverId: ensMember(i), weight: 100 })),
    }),
  member: ensMember,
  outputsField: "backendServers",
  attached: (emulator) => emulator.ensMembers(LB).map((m) => m.ServerId),
  removed: (call) =>
    call.action === "RemoveBackendServers"
      ? (call.params.BackendServers as { ServerId: string }[]).map((s) => s.ServerId)
      : [],
};

const elb: Handover = {
  cloud: "elb",
  declare: (name, members) =>
    new huaweicloud.elb.BackendServerAttachment(name, {
      poolId: POOL,
      members: members.map((i) => ({ address: `10.0.0.${i + 1}`, protocolPort: 80, weight: 1 })),
    }),
  member: elbMember,
  outputsField: "members",
  attached: (emulator) => emulator.elbMembers(POOL).map((m) => `${m.address}:${m.protocol_port}`),
  removed: (call, names) =>
    call.action === "batch-delete"
      ? (call.params.members as { id: string }[]).map((m) => names.get(m.id) ?? m.id)
      : [],
  ids: (emulator) => emulator.elbMembers(POOL).map((m) => [m.id, `${m.address}:${m.protocol_port}`]),
};

let emulator: Emulator;
let stack: Stack;
let removedEver: string[];
const names = new Map<string, string>();

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
    credentials: [ENS_KEY, HW_KEY],
    ens: { loadBalancers: [{ loadBalancerId: LB }] },
    elb: { pools: [{ poolId: POOL, projectId: PROJECT }] },
  });
  stack = new Stack(
    {
      ALIBABA_CLOUD_ENS_ENDPOINT: emulator.endpoints.ens,
      HUAWEICLOUD_ELB_ENDPOINT: emulator.endpoints.elb,
      BACKEND_SERVERS_RETRY_BASE_MS: "5",
      BACKEND_SERVERS_RETRY_MAX_MS: "20",
      BACKEND_SERVERS_RETRY_DEADLINE_MS: "5000",
    },
    CONFIG,
  );
  removedEver = [];
  names.clear();
});

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe.each([
  ["alicloud.ens", ens],
  ["huaweicloud.elb", elb],
])("%s: hand-over between resources of one deployment", (_name, cloud) => {
  const program = (attachments: Record<string, number[]>): Promise<Registration[]> =>
    captureRegistrations(
      () => {
        for (const [name, members] of Object.entries(attachments)) cloud.declare(name, members);
      },
      { config: CONFIG },
    );
  const identities = (members: number[]) => members.map(cloud.member).sort();
  const attached = () => cloud.attached(emulator).sort();
  const owned = (name: string) =>
    Object.values(
      [...stack.state.values()].find((r) => r.urn.endsWith(`::${name}`))!.outputs[
        cloud.outputsField
      ] as Record<string, Record<string, unknown>>,
    ).length;
  /** Runs `up`, recording every member a remove call of this cloud detached as it was applied. */
  const up = (attachments: Record<string, number[]>) =>
    stack.run(async (engine) => {
      const registrations = await program(attachments);
      for (const [id, identity] of cloud.ids?.(emulator) ?? []) names.set(id, identity);
      const stop = emulator.onCall((call) => {
        if (call.cloud === cloud.cloud && !call.code && call.httpStatus === 200)
          removedEver.push(...cloud.removed(call, names));
        for (const [id, identity] of cloud.ids?.(emulator) ?? []) names.set(id, identity);
      });
      try {
        const result = await engine.up(registrations);
        expect(result.steps.filter((s) => s.error)).toEqual([]);
        return result.steps.map((s) => `${s.op} ${s.urn.split("::").pop()}`).sort();
      } finally {
        stop();
      }
    });

  it("renaming a resource without an alias detaches nothing: the new one adopts, the old one's delete spares it", async () => {
    await up({ web: range(0, 30) });
    emulator.clearCalls();

    expect(await up({ "web-v2": range(0, 30) })).toEqual(["create web-v2", "delete web"]);
    // One read each: the new resource adopts with no call, the old one's delete finds nothing to do.
    expect(emulator.calls().map((c) => c.action)).toEqual(
      cloud.cloud === "ens" ? Array(2).fill("DescribeLoadBalancerAttribute") : ["list", "list"],
    );
    expect(attached()).toEqual(identities(range(0, 30)));
    expect(owned("web-v2")).toBe(30);
    expect(removedEver).toEqual([]);
  });

  it("moving members from one attachment to another keeps them attached throughout", async () => {
    await up({ a: range(0, 25), b: range(25, 30) });

    expect(await up({ a: range(0, 20), b: range(20, 30) })).toEqual(["update a", "update b"]);
    expect(attached()).toEqual(identities(range(0, 30)));
    expect(removedEver).toEqual([]);
    expect([owned("a"), owned("b")]).toEqual([20, 10]);

    // Once nobody declares them, the resource that owns them now removes exactly those.
    await up({ a: range(0, 20), b: range(25, 30) });
    expect(attached()).toEqual(identities([...range(0, 20), ...range(25, 30)]));
    expect(removedEver.sort()).toEqual(identities(range(20, 25)));
  });

  it("renaming one resource while members move to the other detaches none of them", async () => {
    await up({ a: range(0, 20), b: range(20, 30) });

    // The deleted `a` owned 0..19: 0..14 now belong to `a-v2`, 15..19 to `b`.
    expect(await up({ "a-v2": range(0, 15), b: range(15, 30) })).toEqual([
      "create a-v2",
      "delete a",
      "update b",
    ]);
    expect(attached()).toEqual(identities(range(0, 30)));
    expect(removedEver).toEqual([]);
    expect([owned("a-v2"), owned("b")]).toEqual([15, 15]);
  });
});
