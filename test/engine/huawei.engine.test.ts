/**
 * What only the Huawei ELB resource does through the real plugin (the shared behaviours are in
 * attachmentSuite.ts): outputs carry the member ids and health ELB assigns while inputs stay as
 * declared, and a wrong secret costs one request for a whole stack. Registrations come from the compiled
 * package under `setMocks`: no real Pulumi runtime in this file.
 */
import { describe, expect, it } from "vitest";
import { captureRegistrations } from "../../harness/registrations";
import { elbCloud, inputs, ours, program } from "../clouds";
import { engineWorld } from "./world";

const cloud = elbCloud;
const POOL = cloud.target;
const world = engineWorld([cloud]);

describe("Huawei ELB BackendServerAttachment through the real plugin", () => {
  it("records ELB's member ids and health in outputs, and keeps inputs as declared through refresh", async () => {
    const { emulator, stack } = world;
    const web1 = {
      address: "192.168.0.48",
      protocolPort: 8080,
      subnetCidrId: "61da8098-954b-4809-bc5a-b99ccef8a398",
      weight: 0,
      name: "web-1",
    };
    const args = inputs(cloud, ours(cloud, 1, 1));
    const registrations = await program(cloud, { ...args, members: [...(args.members as unknown[]), web1] });
    await stack.run((engine) => engine.up(registrations));
    const cloudId = emulator.elbMembers(POOL).find((m) => m.address === web1.address)!.id;

    await stack.run((engine) => engine.refresh());
    const { inputs: recorded, outputs } = stack.state.get(registrations[0].urn)!;
    expect((outputs.members as Record<string, object>)["192.168.0.48:8080"]).toMatchObject({
      id: cloudId,
      operatingStatus: "NO_MONITOR",
      weight: 0,
      name: "web-1",
    });
    expect((recorded.members as Record<string, object>)["192.168.0.48:8080"]).toEqual(web1);
    expect((recorded.members as Record<string, object>)[cloud.ours(0)]).toEqual(
      cloud.declare(cloud.ours(0), 1),
    );
  });

  it("warns in the preview, on the plugin's stderr, when an update would pass the account's member quota", async () => {
    const { emulator, stack } = world;
    emulator.seed({ elb: { accountMemberQuota: 3 } });
    try {
      await stack.run(async (engine) => engine.up(await program(cloud, inputs(cloud, ours(cloud, 2, 1)))));
      const before = stack.output.stderr.length;
      await stack.run(async (engine) =>
        engine.preview(await program(cloud, inputs(cloud, ours(cloud, 4, 1)))),
      );
      expect(stack.output.stderr.slice(before)).toContain(
        `warning: poolId ${POOL}: this change adds 2 members, and members are added before any is removed: ` +
          "members of the account across all its pools (member) would reach 4, past the quota of 3 (2 now)",
      );
    } finally {
      emulator.seed({ elb: { accountMemberQuota: 500 } });
    }
  });

  it("a wrong secret costs one request for a whole stack of resources, and the plugin prints nothing", async () => {
    const wrong = { ...world.config(), "huaweicloud:secretKey": "wrong-secret-value" };
    const bad = world.continueWith(world.env({ DEBUG: "DEBUG" }), wrong);
    const registrations = await captureRegistrations(
      () => {
        cloud.declareResource("pool", inputs(cloud, ours(cloud, 3, 1)));
        cloud.declareResource("pool-1", inputs(cloud, ours(cloud, 3, 1), {}, cloud.target2));
      },
      { config: wrong },
    );
    const result = await bad.run((engine) => engine.up(registrations));

    const errors = result.steps.map((s) => s.error?.message ?? "");
    expect(
      errors.filter((m) => /failed: APIGW\.0301: Incorrect IAM authentication information/.test(m)),
    ).toHaveLength(1);
    expect(errors.filter((m) => /failed: APIGW\.0301: not sent: /.test(m))).toHaveLength(1);
    expect(world.emulator.calls().map((c) => [c.action, c.httpStatus])).toEqual([["list", 401]]);
    expect(bad.output.stdout).toBe("");
    expect(`${errors.join()}${bad.output.stderr}`).not.toContain("wrong-secret-value");
  });
});
