/**
 * What every attachment resource does through a real plugin over gRPC, in the engine's order, against the
 * emulator: previews with unknowns, Check errors, a whole lifecycle, a partial failure, replacement order,
 * and STS credentials from the environment without leaks. Written once and run for each cloud and each
 * front end (attachment.dynamic.test.ts: the `@pulumi/pulumi` dynamic-provider plugin and its stored
 * `__provider`; attachment.plugin.test.ts: this package's provider plugin); batch sizes, action names and
 * ids come from the TestCloud. What only one cloud does is in its own file (ens.engine, huawei.engine,
 * slb.safety). Registrations come from the compiled package under `setMocks`: no real Pulumi runtime here.
 */
import { describe, expect, it } from "vitest";
import type { CallRecord } from "../../emulator";
import { DYNAMIC, type FrontEnd } from "../../harness/frontEnd";
import { UNKNOWN } from "../../harness/plugin";
import { inputs, ours, program, TEST_CLOUDS, type TestCloud, withCompletion } from "../clouds";
import { engineWorld } from "./world";

type Name = TestCloud["name"];
type Failure = { property: string; reason: string };

/** How Check keys a member in inputs, outputs and messages: CLB and ENS prefix the member's type. */
const ENTRY_PREFIX: Record<Name, string> = {
  "alicloud.slb": "ecs:",
  "alicloud.slb.vserver": "ecs:",
  "alicloud.ens": "ens:",
  "huaweicloud.elb": "",
  "alicloud.alb": "Ecs:",
  "alicloud.nlb": "Ecs:",
};
const entry = (cloud: TestCloud, identity: string) => `${ENTRY_PREFIX[cloud.name]}${identity}`;
/** The members a write request carried. */
const sent = (call: CallRecord) =>
  (call.params.members ?? call.params.BackendServers ?? call.params.Servers) as unknown[];
/** The resource's type token, `alicloud-slb:BackendServerAttachment`, from its type as users write it. */
const typeToken = (cloud: TestCloud) => {
  const typeName = cloud.kind.schema.typeName;
  const dot = typeName.lastIndexOf(".");
  return `${typeName.slice(0, dot).replaceAll(".", "-")}:${typeName.slice(dot + 1)}`;
};

/** Where the README's stack config settings stand in the environment. */
const ENV_OF_CONFIG: Record<string, string> = {
  "alicloud:accessKey": "ALIBABA_CLOUD_ACCESS_KEY_ID",
  "alicloud:secretKey": "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "alicloud:securityToken": "ALIBABA_CLOUD_SECURITY_TOKEN",
  "alicloud:region": "ALIBABA_CLOUD_REGION_ID",
  "huaweicloud:accessKey": "HUAWEICLOUD_SDK_AK",
  "huaweicloud:secretKey": "HUAWEICLOUD_SDK_SK",
  "huaweicloud:securityToken": "HUAWEICLOUD_SDK_SECURITY_TOKEN",
  "huaweicloud:region": "HUAWEICLOUD_REGION",
  "huaweicloud:projectId": "HUAWEICLOUD_SDK_PROJECT_ID",
};

const ENI = "eni-5uf6dwyzch3wly7";
/** ALB and NLB check the same member fields. */
const serverGroup = () => ({
  unknowns: [
    { servers: [{ serverId: "eni-bp1e0u8f10by57wlabcd", serverType: "Eni", serverIp: UNKNOWN, port: 80 }] },
    { regionId: UNKNOWN },
  ],
  invalid: {
    members: [
      { serverId: "eni-bp1e0u8f10by57wlabcd", serverType: "Eni", port: 80 },
      { serverId: "10.0.0.300", serverType: "Ip", port: 70000 },
    ],
    failures: [
      {
        property: 'servers["Eni:eni-bp1e0u8f10by57wlabcd:80"].serverIp',
        reason:
          'member Eni:eni-bp1e0u8f10by57wlabcd:80: serverIp is required for serverType "Eni": one member per IP address',
      },
      {
        property: 'servers["Ip:10.0.0.300:70000"].serverId',
        reason:
          'member Ip:10.0.0.300:70000: serverId "10.0.0.300" is not allowed: use an IPv4 or IPv6 address',
      },
      {
        property: 'servers["Ip:10.0.0.300:70000"].port',
        reason: "member Ip:10.0.0.300:70000: port 70000 is not allowed: use an integer from 1 to 65535",
      },
    ],
  },
});
/** What each cloud's schema adds to the shared cases. */
const SPECIFIC: Record<
  Name,
  {
    /** Inputs (beyond the shared ones) that may be unknown in a preview. */
    unknowns: Record<string, unknown>[];
    /** Members that only this cloud refuses, and its failures for them, in the program's order. */
    invalid: { members: Record<string, unknown>[]; failures: Failure[] };
  }
> = {
  "alicloud.slb": {
    unknowns: [],
    invalid: {
      members: [{ serverId: "eni-2ze1u9ywulp5pbvvc7hv", type: "eni" }],
      failures: [
        {
          property: 'backendServers["eni:eni-2ze1u9ywulp5pbvvc7hv"].serverIp',
          reason: expect.stringContaining('serverIp is required for type "eni"'),
        },
      ],
    },
  },
  "alicloud.slb.vserver": {
    unknowns: [{ backendServers: [{ serverId: "i-web000000", port: UNKNOWN }] }, { regionId: UNKNOWN }],
    invalid: {
      members: [{ serverId: "i-web000009" }, { serverId: "eni-2ze1u9ywulp5pbvvc7hv", type: "eni", port: 80 }],
      failures: [
        {
          property: 'backendServers["ecs:i-web000009"].port',
          reason: "member ecs:i-web000009: port is required",
        },
        {
          property: 'backendServers["eni:eni-2ze1u9ywulp5pbvvc7hv:80"].serverIp',
          reason: expect.stringContaining('serverIp is required for type "eni"'),
        },
      ],
    },
  },
  "alicloud.ens": {
    unknowns: [{ backendServers: [{ serverId: ENI, type: "eni", ip: UNKNOWN }] }],
    invalid: {
      members: [
        { serverId: ENI, type: "eni" },
        { serverId: "i-edge000001", port: 70000 },
      ],
      failures: [
        {
          property: `backendServers["eni:${ENI}"].ip`,
          reason: `member eni:${ENI}: ip is required for type "eni": one member per IP address`,
        },
        {
          property: 'backendServers["ens:i-edge000001"].port',
          reason: "member ens:i-edge000001: port 70000 is not allowed: use an integer from 1 to 65535",
        },
      ],
    },
  },
  "huaweicloud.elb": {
    unknowns: [
      { members: [{ address: UNKNOWN, protocolPort: 80 }] },
      { region: UNKNOWN, projectId: UNKNOWN },
    ],
    invalid: {
      members: [{ address: "8.8.8.8", protocolPort: 70000 }],
      failures: [
        {
          property: 'members["8.8.8.8:70000"].protocolPort',
          reason: "member 8.8.8.8:70000: protocolPort 70000 is not allowed: use an integer from 0 to 65535",
        },
        {
          property: 'members["8.8.8.8:70000"].address',
          reason: expect.stringContaining('address "8.8.8.8" is not allowed without subnetCidrId'),
        },
      ],
    },
  },
  "alicloud.alb": serverGroup(),
  "alicloud.nlb": serverGroup(),
};

export function attachmentSuite(frontEnd: FrontEnd): void {
  describe.each(TEST_CLOUDS)(`$name BackendServerAttachment through ${frontEnd.name}`, (cloud) =>
    cloudSuite(cloud, frontEnd),
  );
}

function cloudSuite(cloud: TestCloud, frontEnd: FrontEnd): void {
  const world = engineWorld([cloud], { frontEnd });
  const { add, set, remove, read } = cloud.actions;
  const batch = cloud.batchSize;
  /** One and a half batches: a create takes two calls, the second half full. */
  const n = batch + batch / 2;
  const members = (target = cloud.target) => cloud.read(world.emulator, target);
  const writes = () => world.writes(cloud);

  if (frontEnd === DYNAMIC) {
    it("stores a small __provider that requires the package and holds no credential", async () => {
      const [registration] = await program(cloud, inputs(cloud, ours(cloud, 2, 100)));
      const text = registration.inputs.__provider as string;
      expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
      expect(text).toContain('require("pulumi-backend-servers/runtime")');
      expect(text).toContain(JSON.stringify(cloud.name));
      for (const secret of [cloud.key.accessKeyId, cloud.key.accessKeySecret])
        expect(text).not.toContain(secret);
      expect(registration.urn).toMatch(new RegExp(`::pulumi-nodejs:dynamic/${typeToken(cloud)}::web$`));
    });
  }

  it("keys the members by identity in Check", async () => {
    const [registration] = await program(cloud, inputs(cloud, ours(cloud, 2, 100)));
    // Registered as the program's list; Check keys it by identity, and the engine stores and renders the
    // checked inputs, so a preview diff names members, not list positions.
    expect(Array.isArray(registration.inputs[cloud.membersField])).toBe(true);
    const [step] = await world.stack.run((engine) => engine.preview([registration]));
    expect(Object.keys(step.checkedInputs[cloud.membersField] as object)).toEqual([
      entry(cloud, cloud.ours(0)),
      entry(cloud, cloud.ours(1)),
    ]);
  });

  it("previews with unknown values without crashing and without calling the cloud", async () => {
    const [base] = await program(cloud, inputs(cloud, ours(cloud, 2, 100)));
    const unknownWeight = { [cloud.membersField]: [cloud.declare(cloud.ours(0), UNKNOWN as never)] };
    const variants = [
      { [cloud.targetField]: UNKNOWN },
      { [cloud.membersField]: UNKNOWN },
      unknownWeight,
      { exclusive: UNKNOWN },
      ...SPECIFIC[cloud.name].unknowns,
    ].map((unknown) => ({ ...base.inputs, ...unknown }));
    // One plugin previews every variant: a preview with nothing in state only checks (no Diff, no call),
    // so one process serves them as well as one each, at one plugin start instead of five or six.
    const steps = await world.stack.run(async (engine) => {
      const previewed = [];
      for (const variant of variants)
        previewed.push(...(await engine.preview([{ urn: base.urn, inputs: variant }])));
      return previewed;
    });
    expect(steps).toHaveLength(variants.length);
    for (const step of steps) {
      expect(step.failures).toEqual([]);
      expect(step.op).toBe("create");
    }
    await world.stack.run((engine) => engine.up([base]));
    const [step] = await world.stack.run((engine) =>
      engine.preview([{ urn: base.urn, inputs: { ...base.inputs, ...unknownWeight } }]),
    );
    expect(step.op).toBe("update");
    expect(world.emulator.calls().map((c) => c.action)).toEqual(withCompletion(cloud, [read, add]));
  });

  it("reports invalid inputs from Check with the member, field, value and what is allowed, before any call", async () => {
    const specific = SPECIFIC[cloud.name].invalid;
    const [registration] = await program(cloud, {
      [cloud.targetField]: cloud.target,
      [cloud.membersField]: [cloud.declare(cloud.ours(0), 150), ...specific.members],
    });
    const result = await world.stack.run((engine) => engine.up([registration]));
    const first = entry(cloud, cloud.ours(0));
    // In the program's order, each member named by its identity.
    expect(result.failures).toEqual(
      [
        {
          property: `${cloud.membersField}["${first}"].weight`,
          reason: `member ${first}: weight 150 is not allowed: use an integer from 0 to 100`,
        },
        ...specific.failures,
      ].map((failure) => expect.objectContaining(failure)),
    );
    expect(world.emulator.calls()).toEqual([]);
  });

  it("runs a whole lifecycle: up, a reviewed change, refresh after drift, destroy", async () => {
    const { emulator, stack } = world;
    const entries = (...identities: string[]) => new Set(identities.map((id) => entry(cloud, id)));
    // up: one and a half batches from empty, next to a member someone attached by hand.
    const byHand: [string, number] = [cloud.theirs(0), 7];
    cloud.write(emulator, new Map([byHand]));
    const v1 = await program(cloud, inputs(cloud, ours(cloud, n, 100)));
    const created = await stack.run((engine) => engine.up(v1));
    expect(created.steps).toEqual([{ urn: v1[0].urn, op: "create" }]);
    expect(members()).toEqual(new Map([byHand, ...ours(cloud, n, 100)]));
    expect(writes().map((c) => c.action)).toEqual([add, add]);
    expect(stack.output.stderr).toContain(
      `${add} ${cloud.targetNoun} ${cloud.target}: batch 2/2, ${n - batch} servers`,
    );

    // The change a reviewer sees: one member re-weighted, one removed, one added -> three entries.
    const changed = new Map([...ours(cloud, n - 1, 100), [cloud.ours(0), 50], [cloud.ours(n + 70), 100]]);
    const v2 = await program(cloud, inputs(cloud, changed));
    // Reordering the list is no change at all. (Both previews read nothing but the state: one plugin.)
    const reordered = await program(cloud, inputs(cloud, new Map([...ours(cloud, n, 100)].reverse())));
    const [[step], [same]] = await stack.run(async (engine) => [
      await engine.preview(v2),
      await engine.preview(reordered),
    ]);
    expect(step.op).toBe("update");
    expect(frontEnd.reviewed(step, stack.state.get(v1[0].urn)!.inputs, cloud.membersField)).toEqual(
      entries(cloud.ours(0), cloud.ours(n - 1), cloud.ours(n + 70)),
    );
    expect(frontEnd.reviewed(same, stack.state.get(v1[0].urn)!.inputs, cloud.membersField)).toEqual(
      new Set(),
    );
    expect(same.op).toBe("same");

    emulator.clearCalls();
    const updated = await stack.run((engine) => engine.up(v2));
    expect(updated.steps).toEqual([{ urn: v2[0].urn, op: "update" }]);
    expect(writes().map((c) => c.action)).toEqual([add, set, remove]);
    expect(members()).toEqual(new Map([byHand, ...changed]));

    // Drift: someone re-weights a member and detaches another; refresh shows it, preview plans to fix it.
    const drifted = members();
    drifted.set(cloud.ours(1), 3);
    drifted.delete(cloud.ours(5));
    cloud.write(emulator, drifted);
    await stack.run((engine) => engine.refresh());
    const refreshed = stack.state.get(v2[0].urn)!;
    const recorded = refreshed.inputs[cloud.membersField] as Record<string, { weight: number }>;
    expect(recorded[entry(cloud, cloud.ours(1))].weight).toBe(3);
    expect(recorded[entry(cloud, cloud.ours(5))]).toBeUndefined();
    // The CLI renders the stored inputs (now the refreshed ones) against the new checked inputs.
    const [afterDrift] = await stack.run((engine) => engine.preview(v2));
    expect(afterDrift.op).toBe("update");
    expect(frontEnd.reviewed(afterDrift, refreshed.inputs, cloud.membersField)).toEqual(
      entries(cloud.ours(1), cloud.ours(5)),
    );
    await stack.run((engine) => engine.up(v2));
    expect(members()).toEqual(new Map([byHand, ...changed]));

    // destroy: exactly the declared members go; the hand-attached one stays.
    await stack.run((engine) => engine.destroy());
    expect(members()).toEqual(new Map([byHand]));
    expect(stack.state.size).toBe(0);
  });

  it("records a partial failure with __provider so the next up continues from the truth", async () => {
    const { emulator, stack } = world;
    // Refused for good from a member of the second batch on.
    const refusal = cloud.refuseFrom(batch + 5);
    emulator.seed(refusal.seed);
    const v1 = await program(cloud, inputs(cloud, ours(cloud, n, 100)));
    const failed = await stack.run((engine) => engine.up(v1));
    const error = failed.steps[0].error!;
    expect(error.message).toMatch(
      new RegExp(
        `${add} on ${cloud.targetNoun} ${cloud.target} failed: ${refusal.code.replaceAll(".", "\\.")}: .*\\(RequestId: [0-9A-Fa-f-]{32,36}\\)`,
      ),
    );
    // What the program's provider needs later (the dynamic resources' stored text) is recorded with it.
    expect(error.initFailure?.properties.__provider).toBe(frontEnd.inputs(v1[0].inputs).__provider);
    // The state records exactly what the first batch attached.
    const recorded = Object.keys(stack.state.get(v1[0].urn)!.outputs[cloud.membersField] as object);
    expect(members().size).toBe(batch);
    expect(new Set(recorded)).toEqual(new Set([...members().keys()].map((id) => entry(cloud, id))));

    // Fixed; the next `pulumi up` updates from the recorded state and adds only what is missing.
    emulator.seed(refusal.lift);
    emulator.clearCalls();
    const retried = await stack.run((engine) => engine.up(v1));
    expect(retried.steps).toEqual([{ urn: v1[0].urn, op: "update" }]);
    expect(writes().map((c) => `${c.action} ${sent(c).length}`)).toEqual([`${add} ${n - batch}`]);
    expect(members()).toEqual(ours(cloud, n, 100));
  });

  it("replaces the resource when the target changes, attaching to the new one before detaching the old", async () => {
    const { stack } = world;
    await stack.run(async (engine) => engine.up(await program(cloud, inputs(cloud, ours(cloud, 2, 100)))));
    const moved = await program(cloud, inputs(cloud, ours(cloud, 2, 100), {}, cloud.target2));
    const result = await stack.run((engine) => engine.up(moved));
    expect(result.steps).toEqual([
      { urn: moved[0].urn, op: "replace" },
      { urn: moved[0].urn, op: "delete-replaced" },
    ]);
    expect(members(cloud.target2)).toEqual(ours(cloud, 2, 100));
    expect(members()).toEqual(new Map());
    expect(
      writes()
        .map((c) => `${c.action} ${c.params[cloud.targetParam]}`)
        .slice(-2),
    ).toEqual([`${add} ${cloud.target2}`, `${remove} ${cloud.target}`]);
  });

  it("works with STS credentials from the environment, retries throttling and a 5xx, and leaks no secret", async () => {
    const { emulator } = world;
    const settings = Object.entries(cloud.config(cloud.sts));
    const fromEnv = Object.fromEntries(settings.map(([setting, value]) => [ENV_OF_CONFIG[setting], value]));
    const sts = world.continueWith(world.env(fromEnv), {});
    emulator.inject({ cloud: cloud.api, action: add, kind: "throttle", count: 1 });
    emulator.inject({ cloud: cloud.api, action: add, kind: "server-error", count: 1 });
    const registrations = await program(cloud, inputs(cloud, ours(cloud, 3, 100)), { config: {} });
    await sts.run((engine) => engine.up(registrations));
    expect(emulator.calls({ cloud: cloud.api, action: add }).map((c) => [c.accessKeyId, c.fault])).toEqual([
      [cloud.sts.accessKeyId, "throttle"],
      [cloud.sts.accessKeyId, "server-error"],
      [cloud.sts.accessKeyId, undefined],
    ]);
    expect(members()).toEqual(ours(cloud, 3, 100));
    await sts.run((engine) => engine.refresh());
    const state = JSON.stringify([...sts.state.values()]);
    expect(state).toContain(entry(cloud, cloud.ours(2)));
    // The region (and Huawei's project) taken from the environment are recorded; the AccessKey is not.
    for (const [setting, value] of settings)
      if (/:(region|projectId)$/.test(setting)) expect(state).toContain(JSON.stringify(value));
    expect(state).not.toContain(cloud.sts.accessKeyId);
    await sts.run((engine) => engine.destroy());
    expect(members()).toEqual(new Map());
    const everything = state + sts.output.stdout + sts.output.stderr;
    for (const secret of [cloud.sts.accessKeySecret, cloud.sts.securityToken])
      expect(everything).not.toContain(secret);
  });
}
