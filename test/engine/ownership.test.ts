/**
 * Ownership through the real plugin, in the engine's order, against the emulator: a missing or malformed
 * member list fails in Check, two attachments that declare one member (or an exclusive one beside another)
 * fail in Check naming both, diff reads the load balancer and reports drift line by line, and what a
 * targeted `up` or `destroy` leaves behind is repaired by the next untargeted `up`. Registrations come from
 * the compiled package under `setMocks`: no real Pulumi runtime in this file.
 */
import { describe, expect, it } from "vitest";
import type { Registration } from "../../harness/miniEngine";
import { captureRegistrations } from "../../harness/registrations";
import { elbCloud, slbCloud, TEST_CLOUDS } from "../clouds";
import { engineWorld } from "./world";

const cloud = slbCloud;
const LB = cloud.target;
const TYPE = "alicloud.slb.BackendServerAttachment";
const world = engineWorld(TEST_CLOUDS);
const server = (i: number) => cloud.ours(i);

/** CLB attachments of one load balancer: name -> the numbers of the servers it declares (weight 100). */
const program = (attachments: Record<string, number[]>, exclusive: Record<string, boolean> = {}) =>
  captureRegistrations(
    () => {
      for (const [name, members] of Object.entries(attachments))
        cloud.declareResource(name, {
          loadBalancerId: LB,
          backendServers: members.map((i) => cloud.declare(server(i), 100)),
          exclusive: exclusive[name],
        });
    },
    { config: world.config() },
  );

const attached = () => [...cloud.read(world.emulator)].map(([id, weight]) => `${id}:${weight}`).sort();
const declared = (...numbers: number[]) => numbers.map((i) => `${server(i)}:100`).sort();
const actions = () => world.emulator.calls({ cloud: "slb" }).map((c) => c.action);
const urnOf = (registrations: Registration[], name: string) =>
  registrations.find((r) => r.urn.endsWith(`::${name}`))!.urn;

describe("a member list that is missing or not a list", () => {
  it.each(TEST_CLOUDS)(
    "$name: fails in Check, before any call, instead of emptying the group",
    async (each) => {
      const field = each.membersField;
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
        () =>
          lists.forEach(([list], i) =>
            each.declareResource(`web${i}`, {
              [each.targetField]: each.target,
              [field]: list,
              exclusive: true,
            }),
          ),
        { config: world.config() },
      );
      const result = await world.stack.run((engine) => engine.up(registrations));
      expect(result.failures.map((f) => [f.urn.split("::").pop(), f.property, f.reason]).sort()).toEqual(
        lists.map(([, reason], i) => [`web${i}`, field, reason]),
      );
      expect(world.emulator.calls()).toEqual([]);
    },
  );
});

describe("clean Check failures instead of crashes", () => {
  it("a zone-scoped IPv6 address, null weight and port alike, a long Huawei name counted in characters", async () => {
    const pool = elbCloud.target;
    const subnetCidrId = "61da8098-954b-4809-bc5a-b99ccef8a398";
    const registrations = await captureRegistrations(
      () => {
        elbCloud.declareResource("zoned", {
          poolId: pool,
          members: [{ address: "fe80::1%eth0", protocolPort: 80, subnetCidrId }],
        });
        cloud.declareResource("nulls", {
          loadBalancerId: LB,
          backendServers: [{ serverId: server(0), weight: null, port: null }],
        });
        elbCloud.declareResource("emoji", {
          poolId: elbCloud.target2,
          members: [{ address: "10.0.0.1", protocolPort: 80, name: "😀".repeat(255) }],
        });
      },
      { config: world.config() },
    );
    const result = await world.stack.run((engine) => engine.preview(registrations));
    const failures = result.flatMap((step) => step.failures.map((f) => `${f.property}: ${f.reason}`));
    expect(failures.sort()).toEqual([
      `backendServers["ecs:${server(0)}"].port: member ecs:${server(0)}: port null is not allowed: give a value, or leave port out where it is optional`,
      `backendServers["ecs:${server(0)}"].weight: member ecs:${server(0)}: weight null is not allowed: give a value, or leave weight out where it is optional`,
      'members["[fe80::1%eth0]:80"].address: member [fe80::1%eth0]:80: address "fe80::1%eth0" is not allowed: a zone index (%...) names a local interface; use an IPv4 or IPv6 address without one',
    ]);
    expect(world.emulator.calls()).toEqual([]);
  });
});

describe("conflicting declarations in one deployment", () => {
  it("one member declared by two attachments fails in Check, naming both resources and the member", async () => {
    const result = await world.stack.run(async (engine) =>
      engine.up(await program({ a: [0, 1], b: [1, 2] })),
    );
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
    const result = await world.stack.run(async (engine) =>
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
    await world.stack.run((engine) => engine.up(v1));
    world.emulator.setSlbMembers(LB, [
      { ServerId: server(1), Type: "ecs", Weight: 30 },
      { ServerId: server(2), Type: "ecs", Weight: 100 },
      { ServerId: server(3), Type: "ecs", Weight: 100 },
      { ServerId: server(4), Type: "ecs", Weight: 100 },
    ]);
    world.emulator.clearCalls();
    world.stack.output.stderr = "";

    const preview = await world.stack.run((engine) => engine.preview(v1));
    expect(preview.map((s) => `${s.op} ${s.urn.split("::").pop()}`).sort()).toEqual([
      "same b",
      "same c",
      "update a",
    ]);
    // The calls a preview makes: one read per attachment, whatever its size.
    expect(actions()).toEqual(Array(3).fill("DescribeLoadBalancerAttribute"));
    const where = `drift in ${TYPE} "a" (load balancer ${LB})`;
    expect(world.stack.output.stderr).toContain(
      `${where}: ecs:${server(0)} is not attached; pulumi up attaches it again\n`,
    );
    expect(world.stack.output.stderr).toContain(
      `${where}: ecs:${server(1)} weight is 30 on the cloud, 100 recorded; pulumi up sets it back\n`,
    );

    await world.stack.run((engine) => engine.up(v1));
    expect(attached()).toEqual(declared(0, 1, 2, 3, 4));
  });

  it("a preview that cannot read the load balancer fails, naming the load balancer and the opt-out", async () => {
    const v1 = await program({ a: [0] });
    await world.stack.run((engine) => engine.up(v1));
    const { "alicloud:accessKey": _key, "alicloud:secretKey": _secret, ...noCredentials } = world.config();
    const anonymous = world.continueWith(world.env(), noCredentials);
    await expect(anonymous.run((engine) => engine.preview(v1))).rejects.toThrow(
      new RegExp(
        `could not read loadBalancerId ${LB} to compare it with the declaration: .*Set BACKEND_SERVERS_DRIFT_READ=off to preview against the recorded state only`,
      ),
    );
  });

  it("with BACKEND_SERVERS_DRIFT_READ=off, a preview calls nothing and compares with the recorded state only", async () => {
    const v1 = await program({ a: [0, 1] });
    await world.stack.run((engine) => engine.up(v1));
    world.emulator.setSlbMembers(LB, []);
    world.emulator.clearCalls();
    const offline = world.continueWith(world.env({ BACKEND_SERVERS_DRIFT_READ: "off" }));
    const preview = await offline.run((engine) => engine.preview(v1));
    expect(preview.map((s) => s.op)).toEqual(["same"]);
    expect(world.emulator.calls()).toEqual([]);
  });
});

describe("targeted commands", () => {
  it("an up --target that detaches a member moved to an untargeted attachment is repaired by the next up", async () => {
    await world.stack.run(async (engine) => engine.up(await program({ a: [0, 1], b: [2] })));
    const moved = await program({ a: [0], b: [1, 2] });

    // Only `a` runs: it drops server 1, which `b` (not checked) does not declare yet in state.
    await world.stack.run((engine) => engine.up(moved, [urnOf(moved, "a")]));
    expect(attached()).toEqual(declared(0, 2));

    const result = await world.stack.run((engine) => engine.up(moved));
    expect(result.steps.map((s) => `${s.op} ${s.urn.split("::").pop()}`).sort()).toEqual([
      "same a",
      "update b",
    ]);
    expect(attached()).toEqual(declared(0, 1, 2));
  });

  it("a destroy --target of a renamed resource's old self is repaired by the next up, whose inputs did not change", async () => {
    await world.stack.run(async (engine) => engine.up(await program({ a: [0, 1] })));
    const renamed = await program({ "a-v2": [0, 1] });
    await world.stack.run((engine) => engine.up(renamed, [urnOf(renamed, "a-v2")]));
    // No program runs: nothing protects what `a-v2` declares from `a`'s delete.
    await world.stack.run((engine) =>
      engine.destroy([...world.stack.state.keys()].filter((urn) => urn.endsWith("::a"))),
    );
    expect(attached()).toEqual([]);

    const result = await world.stack.run((engine) => engine.up(renamed));
    expect(result.steps.map((s) => `${s.op} ${s.urn.split("::").pop()}`)).toEqual(["update a-v2"]);
    expect(attached()).toEqual(declared(0, 1));
  });
});
