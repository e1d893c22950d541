/**
 * What only the ENS resource does through the real plugin (the shared behaviours are in
 * attachmentSuite.ts): a port change re-attaches an ENI's member, since SetBackendServers cannot
 * change a port; a deleted load balancer however ENS answers for it; and the example program.
 * Registrations come from the compiled package under `setMocks`: no real Pulumi runtime in this file.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CallRecord } from "../../emulator";
import { changedEntries, previewDiffLines } from "../../harness/previewDiff";
import { REPO_ROOT } from "../../harness/project";
import { captureRegistrations } from "../../harness/registrations";
import { ensCloud, inputs, type Members, ours, program } from "../clouds";
import { engineWorld } from "./world";

const cloud = ensCloud;
const LB = cloud.target;
const ENI = "eni-5uf6dwyzch3wly7";
const world = engineWorld([cloud]);

/** The members attached now, with an ENI member's IP and a member's port where they have one. */
const attached = (lb = LB) =>
  world.emulator
    .ensMembers(lb)
    .map((m) => `${m.ServerId}${m.Ip ? `@${m.Ip}` : ""}:${m.Weight}${m.Port ? `/${m.Port}` : ""}`)
    .sort();
/** Each write as its action and the servers it named. */
const written = (call: CallRecord) =>
  `${call.action} ${(call.params.BackendServers as { ServerId: string }[]).map((s) => s.ServerId).join(",")}`;

describe("ENS BackendServerAttachment through the real plugin", () => {
  it("changes a weight in place and re-attaches an ENI member whose port changes; refresh keeps the port", async () => {
    const { emulator, stack } = world;
    const eni = { serverId: ENI, type: "eni", ip: "192.168.0.1", port: 3309 };
    /** These instances, and the ENI's one IP on `port`. */
    const declare = (members: Members, port: number) => {
      const args = inputs(cloud, members);
      return program(cloud, {
        ...args,
        backendServers: [...(args.backendServers as unknown[]), { ...eni, port }],
      });
    };
    const v1 = await declare(ours(cloud, 2, 100), 3309);
    await stack.run((engine) => engine.up(v1));
    expect(attached()).toEqual([`${ENI}@192.168.0.1:100/3309`, "i-edge000000:100", "i-edge000001:100"]);

    // One re-weighted, one removed, one added, and the ENI's port moved.
    const v2 = await declare(
      new Map([
        [cloud.ours(0), 50],
        [cloud.ours(99), 100],
      ]),
      8080,
    );
    const [step] = await stack.run((engine) => engine.preview(v2));
    const lines = previewDiffLines(stack.state.get(v1[0].urn)!.inputs, step.checkedInputs);
    expect(changedEntries(lines, "backendServers")).toEqual(
      new Set([
        "ens:i-edge000000",
        "ens:i-edge000001",
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

    emulator.clearCalls();
    await stack.run((engine) => engine.up(v2));
    expect(world.writes(cloud).map(written)).toEqual([
      "AddBackendServers i-edge000099",
      "SetBackendServers i-edge000000",
      `RemoveBackendServers ${ENI}`,
      `AddBackendServers ${ENI}`,
      "RemoveBackendServers i-edge000001",
    ]);
    expect(stack.output.stderr).toContain(
      `RemoveBackendServers (re-attach) load balancer ${LB}: batch 1/1, 1 server`,
    );
    expect(attached()).toEqual([`${ENI}@192.168.0.1:100/8080`, "i-edge000000:50", "i-edge000099:100"]);

    await stack.run((engine) => engine.refresh());
    const recorded = stack.state.get(v2[0].urn)!.inputs.backendServers as Record<string, { port?: number }>;
    expect(recorded[`eni:${ENI}@192.168.0.1 port 8080`].port).toBe(8080);
  });

  it.each(["no-id", "error"] as const)(
    "drops a deleted load balancer on refresh and says it is gone on up, however ENS answers (%s)",
    async (goneAnswer) => {
      const { emulator, stack } = world;
      await stack.run(async (engine) => engine.up(await program(cloud, inputs(cloud, ours(cloud, 3, 100)))));
      emulator.seed({ ens: { goneAnswer } });
      emulator.deleteEnsLoadBalancer(LB);

      // Not an empty member list: the next up must not try to add everything again.
      emulator.clearCalls();
      const v2 = await program(cloud, inputs(cloud, ours(cloud, 4, 100)));
      const failed = await stack.run((engine) => engine.up(v2));
      expect(failed.steps[0].error?.message).toContain(`load balancer ${LB} does not exist`);
      expect(world.writes(cloud)).toEqual([]);

      await stack.run((engine) => engine.refresh());
      expect(stack.state.size).toBe(0);
    },
  );

  it("runs the example program (examples/alicloud-ens) as `pulumi up` and `pulumi destroy` would", async () => {
    const { stack } = world;
    const example = join(REPO_ROOT, "examples", "alicloud-ens", "index.ts");
    const registrations = await captureRegistrations(
      async () => {
        ((await import(example)) as { default: () => unknown }).default();
      },
      {
        project: "alicloud-ens-backend-servers",
        config: {
          ...world.config(),
          "alicloud-ens-backend-servers:loadBalancerIds": JSON.stringify([LB, cloud.target2]),
          "alicloud-ens-backend-servers:edgeServers": "25",
        },
      },
    );
    // The example loads the package as a user's program does: the same small provider text.
    const [direct] = await program(cloud, inputs(cloud, ours(cloud, 1, 100)));
    expect(registrations.map((r) => r.inputs.__provider)).toEqual([
      direct.inputs.__provider,
      direct.inputs.__provider,
    ]);
    const result = await stack.run((engine) => engine.up(registrations));
    expect(result.steps.map((s) => s.op)).toEqual(["create", "create"]);
    expect(attached()).toHaveLength(26);
    expect(attached(cloud.target2)).toContain(`${ENI}@192.168.1.1:10/3309`);
    await stack.run((engine) => engine.destroy());
    expect([...attached(), ...attached(cloud.target2)]).toEqual([]);
  });
});
