/**
 * Ownership through the real plugin, in the engine's order, against the emulator: a missing or malformed
 * member list fails in Check, two attachments that declare one member (or an exclusive one beside another)
 * fail in Check naming both, diff reads the load balancer and reports drift line by line, and what a
 * targeted `up` or `destroy` leaves behind is repaired by the next untargeted `up`. Registrations come from
 * the compiled package under `setMocks`: no real Pulumi runtime in this file.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import type { Registration } from "../../harness/miniEngine";
import { captureRegistrations } from "../../harness/registrations";
import { builtPackage, Stack } from "../../harness/stack";

const KEY = { accessKeyId: "OWNERSHIPKEY001", accessKeySecret: "ownership-secret-never-shown" };
const LB = "lb-2zeownership0000000001";
const REGION = "cn-beijing";
const CONFIG = {
  "alicloud:accessKey": KEY.accessKeyId,
  "alicloud:secretKey": KEY.accessKeySecret,
  "alicloud:region": REGION,
  "huaweicloud:accessKey": KEY.accessKeyId,
  "huaweicloud:secretKey": KEY.accessKeySecret,
  "huaweicloud:region": "cn-north-4",
  "huaweicloud:projectId": "04dd36f964000fe22f9ac00bc85b1a1d",
};
const { alicloud, huaweicloud } = builtPackage();
const TYPE = "alicloud.slb.BackendServerAttachment";

const server = (i: number) => `i-own${String(i).padStart(6, "0")}`;

/** CLB attachments of one load balancer: name -> the numbers of the servers it declares (weight 100). */
const program = (attachments: Record<string, number[]>, exclusive: Record<string, boolean> = {}) =>
  captureRegistrations(
    () => {
      for (const [name, members] of Object.entries(attachments))
        new alicloud.slb.BackendServerAttachment(name, {
          loadBalancerId: LB,
          backendServers: members.map((i) => ({ serverId: server(i), weight: 100 })),
          exclusive: exclusive[name],
        });
    },
    { config: CONFIG },
  );

let emulator: Emulator;
let stack: Stack;
const attached = () =>
  emulator
    .slbMembers(LB)
    .map((m) => `${m.ServerId}:${m.Weight}`)
    .sort();
const declared = (...numbers: number[]) => numbers.map((i) => `${server(i)}:100`).sort();
const actions = () => emulator.calls({ cloud: "slb" }).map((c) => c.action);
const urnOf = (registrations: Registration[], name: string) =>
  registrations.find((r) => r.urn.endsWith(`::${name}`))!.urn;
const ENV = {
  ALIBABA_CLOUD_SLB_ENDPOINT: "",
  BACKEND_SERVERS_RETRY_BASE_MS: "5",
  BACKEND_SERVERS_RETRY_MAX_MS: "20",
  BACKEND_SERVERS_RETRY_DEADLINE_MS: "10000",
};

beforeAll(async () => {
  emulator = await startEmulator({ seed: { credentials: [KEY] } });
  ENV.ALIBABA_CLOUD_SLB_ENDPOINT = emulator.endpoints.slb;
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => {
  emulator.reset();
  emulator.seed({ credentials: [KEY], slb: { loadBalancers: [{ loadBalancerId: LB, regionId: REGION }] } });
  stack = new Stack(ENV, CONFIG);
});

describe("a member list that is missing or not a list", () => {
  const cases: [string, (list: unknown, name: string) => void, string][] = [
    [
      "alicloud.slb",
      (list, name) =>
        new alicloud.slb.BackendServerAttachment(name, {
          loadBalancerId: LB,
          backendServers: list as never,
          exclusive: true,
        }),
      "backendServers",
    ],
    [
      "alicloud.ens",
      (list, name) =>
        new alicloud.ens.BackendServerAttachment(name, {
          loadBalancerId: "lb-5qzdmxefgrpxd7oz2mefonvtx",
          backendServers: list as never,
          exclusive: true,
        }),
      "backendServers",
    ],
    [
      "huaweicloud.elb",
      (list, name) =>
        new huaweicloud.elb.BackendServerAttachment(name, {
          poolId: "04a9bc65-b75b-478d-b4d6-e693bb61dd35",
          members: list as never,
          exclusive: true,
        }),
      "members",
    ],
  ];

  it.each(cases)(
    "%s: fails in Check, before any call, instead of emptying the group",
    async (_kind, declare, field) => {
      const lists = [
        [
          undefined,
          `${field} is required, and was undefined: a missing list is never taken as empty; give [] to declare no members`,
        ],
        [
          null,
          `${field} is required, and was null: a missing list is never taken as empty; give [] to declare no members`,
        ],
        [{ serverId: "i-own000000" }, `${field} an object is not allowed: use a list of members`],
        ["i-own000000", `${field} "i-own000000" is not allowed: use a list of members`],
      ] as const;
      const registrations = await captureRegistrations(
        () => lists.forEach(([list], i) => declare(list, `web${i}`)),
        { config: CONFIG },
      );
      const result = await stack.run((engine) => engine.up(registrations));
      expect(result.failures.map((f) => [f.urn.split("::").pop(), f.property, f.reason]).sort()).toEqual(
        lists.map(([, reason], i) => [`web${i}`, field, reason]),
      );
      expect(emulator.calls()).toEqual([]);
    },
  );
});

describe("clean Check failures instead of crashes", () => {
  it("a zone-scoped IPv6 address, null weight and port alike, a long Huawei name counted in characters", async () => {
    const pool = "04a9bc65-b75b-478d-b4d6-e693bb61dd35";
    const subnetCidrId = "61da8098-954b-4809-bc5a-b99ccef8a398";
    const registrations = await captureRegistrations(
      () => {
        new huaweicloud.elb.BackendServerAttachment("zoned", {
          poolId: pool,
          members: [{ address: "fe80::1%eth0", protocolPort: 80, subnetCidrId }],
        });
        new alicloud.slb.BackendServerAttachment("nulls", {
          loadBalancerId: LB,
          backendServers: [{ serverId: server(0), weight: null as never, port: null as never }],
        });
        new huaweicloud.elb.BackendServerAttachment("emoji", {
          poolId: "14a9bc65-b75b-478d-b4d6-e693bb61dd35",
          members: [{ address: "10.0.0.1", protocolPort: 80, name: "😀".repeat(255) }],
        });
      },
      { config: CONFIG },
    );
    const result = await stack.run((engine) => engine.preview(registrations));
    const failures = result.flatMap((step) => step.failures.map((f) => `${f.property}: ${f.reason}`));
    expect(failures.sort()).toEqual([
      `backendServers["ecs:${server(0)}"].port: member ecs:${server(0)}: port null is not allowed: give a value, or leave port out where it is optional`,
      `backendServers["ecs:${server(0)}"].weight: member ecs:${server(0)}: weight null is not allowed: give a value, or leave weight out where it is optional`,
      'members["[fe80::1%eth0]:80"].address: member [fe80::1%eth0]:80: address "fe80::1%eth0" is not allowed: a zone index (%...) names a local interface; use an IPv4 or IPv6 address without one',
    ]);
    expect(emulator.calls()).toEqual([]);
  });
});

describe("conflicting declarations in one deployment", () => {
  it("one member declared by two attachments fails in Check, naming both resources and the member", async () => {
    const result = await stack.run(async (engine) => engine.up(await program({ a: [0, 1], b: [1, 2] })));
    expect(result.failures).toEqual([
      expect.objectContaining({
        property: `backendServers["ecs:${server(1)}"]`,
        reason: expect.stringMatching(
          new RegExp(
            `^member ecs:${server(1)} of loadBalancerId ${LB} is declared by both "(a|b)" and "(a|b)": declare each member in one attachment only`,
          ),
        ),
      }),
    ]);
    const { reason } = result.failures[0];
    expect(reason).toContain('"a"');
    expect(reason).toContain('"b"');
  });

  it("an exclusive attachment beside another one fails in Check, naming both", async () => {
    const result = await stack.run(async (engine) =>
      engine.up(await program({ a: [0], b: [1] }, { b: true })),
    );
    expect(result.failures).toEqual([
      expect.objectContaining({
        property: "exclusive",
        reason: expect.stringMatching(
          /^"(a|b)" and "(a|b)" both manage loadBalancerId .*, and "b" is exclusive: /,
        ),
      }),
    ]);
  });
});

describe("drift-aware diff", () => {
  it("reads once per attachment, reports each drifted member on stderr, and up restores the declaration", async () => {
    const v1 = await program({ a: [0, 1], b: [2, 3], c: [4] });
    await stack.run((engine) => engine.up(v1));
    emulator.setSlbMembers(LB, [
      { ServerId: server(1), Type: "ecs", Weight: 30 },
      { ServerId: server(2), Type: "ecs", Weight: 100 },
      { ServerId: server(3), Type: "ecs", Weight: 100 },
      { ServerId: server(4), Type: "ecs", Weight: 100 },
    ]);
    emulator.clearCalls();
    stack.output.stderr = "";

    const preview = await stack.run((engine) => engine.preview(v1));
    expect(preview.map((s) => `${s.op} ${s.urn.split("::").pop()}`).sort()).toEqual([
      "same b",
      "same c",
      "update a",
    ]);
    // The calls a preview makes: one read per attachment, whatever its size.
    expect(actions()).toEqual(Array(3).fill("DescribeLoadBalancerAttribute"));
    const where = `drift in ${TYPE} "a" (load balancer ${LB})`;
    expect(stack.output.stderr).toContain(
      `${where}: ecs:${server(0)} is not attached; pulumi up attaches it again\n`,
    );
    expect(stack.output.stderr).toContain(
      `${where}: ecs:${server(1)} weight is 30 on the cloud, 100 recorded; pulumi up sets it back\n`,
    );

    await stack.run((engine) => engine.up(v1));
    expect(attached()).toEqual(declared(0, 1, 2, 3, 4));
  });

  it("a preview that cannot read the load balancer fails, naming the load balancer and the opt-out", async () => {
    const v1 = await program({ a: [0] });
    await stack.run((engine) => engine.up(v1));
    const { "alicloud:accessKey": _key, "alicloud:secretKey": _secret, ...noCredentials } = CONFIG;
    const anonymous = new Stack(ENV, noCredentials);
    for (const [urn, resource] of stack.state) anonymous.state.set(urn, resource);
    await expect(anonymous.run((engine) => engine.preview(v1))).rejects.toThrow(
      new RegExp(
        `could not read loadBalancerId ${LB} to compare it with the declaration: .*Set BACKEND_SERVERS_DRIFT_READ=off to preview against the recorded state only`,
      ),
    );
  });

  it("with BACKEND_SERVERS_DRIFT_READ=off, a preview calls nothing and compares with the recorded state only", async () => {
    const v1 = await program({ a: [0, 1] });
    await stack.run((engine) => engine.up(v1));
    emulator.setSlbMembers(LB, []);
    emulator.clearCalls();
    const offline = new Stack({ ...ENV, BACKEND_SERVERS_DRIFT_READ: "off" }, CONFIG);
    for (const [urn, resource] of stack.state) offline.state.set(urn, resource);
    const preview = await offline.run((engine) => engine.preview(v1));
    expect(preview.map((s) => s.op)).toEqual(["same"]);
    expect(emulator.calls()).toEqual([]);
  });
});

describe("targeted commands", () => {
  it("an up --target that detaches a member moved to an untargeted attachment is repaired by the next up", async () => {
    await stack.run(async (engine) => engine.up(await program({ a: [0, 1], b: [2] })));
    const moved = await program({ a: [0], b: [1, 2] });

    // Only `a` runs: it drops server 1, which `b` (not checked) does not declare yet in state.
    await stack.run((engine) => engine.up(moved, [urnOf(moved, "a")]));
    expect(attached()).toEqual(declared(0, 2));

    const result = await stack.run((engine) => engine.up(moved));
    expect(result.steps.map((s) => `${s.op} ${s.urn.split("::").pop()}`).sort()).toEqual([
      "same a",
      "update b",
    ]);
    expect(attached()).toEqual(declared(0, 1, 2));
  });

  it("a destroy --target of a renamed resource's old self is repaired by the next up, whose inputs did not change", async () => {
    await stack.run(async (engine) => engine.up(await program({ a: [0, 1] })));
    const renamed = await program({ "a-v2": [0, 1] });
    await stack.run((engine) => engine.up(renamed, [urnOf(renamed, "a-v2")]));
    // No program runs: nothing protects what `a-v2` declares from `a`'s delete.
    await stack.run((engine) => engine.destroy([...stack.state.keys()].filter((urn) => urn.endsWith("::a"))));
    expect(attached()).toEqual([]);

    const result = await stack.run((engine) => engine.up(renamed));
    expect(result.steps.map((s) => `${s.op} ${s.urn.split("::").pop()}`)).toEqual(["update a-v2"]);
    expect(attached()).toEqual(declared(0, 1));
  });
});
