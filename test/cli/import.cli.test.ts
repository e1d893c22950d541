/**
 * `pulumi import` of attachments through the real Pulumi CLI, with the code the YAML language host writes
 * from what the plugin's Read returns, and the `import` resource option; then an up that changes nothing.
 */
import { describe, it } from "vitest";
import { yamlHostForTests } from "../../harness/cli";
import { cliWorld } from "./cliWorld";

const world = cliWorld();
const yaml = yamlHostForTests() === true;

const TYPE = "backend-servers:alicloud/slb:BackendServerAttachment";
const server = (i: number) => `i-2zej4lxhjoq1icue6k${String(i).padStart(2, "0")}`;

describe.runIf(world.cli && yaml)("pulumi import of an attachment", { timeout: 600_000 }, () => {
  it("adopts the members the id names, writes YAML that declares them, and the next up changes nothing", async ({
    expect,
  }) => {
    const credential = { accessKeyId: "IMPORTKEY0001", accessKeySecret: "import/Secret=NeverLeak0001" };
    const [shared, whole] = ["lb-2zeimport00000000001", "lb-2zeimport00000000002"];
    const attached = (weights: number[]) =>
      weights.map((Weight, i) => ({ ServerId: server(i), Type: "ecs" as const, Weight }));
    world.emulator.seed({
      credentials: [credential],
      slb: {
        loadBalancers: [
          { loadBalancerId: shared, regionId: "cn-beijing", backendServers: attached([100, 30, 5]) },
          { loadBalancerId: whole, regionId: "cn-beijing", backendServers: attached([7, 8]) },
        ],
      },
    });
    const stack = await world.newProjectStack({
      project: "yaml-import",
      runtime: "yaml",
      program: "resources: {}\n",
      config: { "backend-servers:alicloudRegion": "cn-beijing" },
      secrets: {
        "backend-servers:alicloudAccessKey": credential.accessKeyId,
        "backend-servers:alicloudSecretKey": credential.accessKeySecret,
      },
    });
    const writes = () =>
      world.emulator.calls({ cloud: "slb" }).filter((c) => !c.action.startsWith("Describe")).length;
    const before = writes();

    // Shared mode: only the two members named; the third stays someone else's.
    const imported = await stack.import(TYPE, "adopted", `${shared}/ecs:${server(0)},ecs:${server(1)}`);
    expect(imported.ok, imported.stdout + imported.stderr).toBe(true);
    expect(imported.code).toBe(
      [
        "resources:",
        "  adopted:",
        `    type: ${TYPE}`,
        "    properties:",
        "      backendServers:",
        `        - serverId: ${server(0)}`,
        "          type: ecs",
        "          weight: 100",
        `        - serverId: ${server(1)}`,
        "          type: ecs",
        "          weight: 30",
        `      loadBalancerId: ${shared}`,
        "    options:",
        "      protect: true",
        "",
      ].join("\n"),
    );
    // A member the cloud does not have fails the import, naming it and what is attached.
    const missing = await stack.import(TYPE, "missing", `${shared}/ecs:${server(9)}`);
    expect(missing.ok).toBe(false);
    expect(missing.stdout + missing.stderr).toContain(
      `ecs:${server(9)} is not attached to loadBalancerId ${shared} (attached: ecs:${server(0)}, ecs:${server(1)}, ecs:${server(2)})`,
    );

    // The generated code, plus an attachment adopted with the `import` option: the whole group, exclusive.
    const adoptWhole = [
      "  whole:",
      `    type: ${TYPE}`,
      "    properties:",
      `      loadBalancerId: ${whole}`,
      "      exclusive: true",
      "      backendServers:",
      `        - { serverId: ${server(0)}, weight: 7 }`,
      `        - { serverId: ${server(1)}, weight: 8 }`,
      "    options:",
      `      import: ${whole}/*`,
      "",
    ].join("\n");
    await stack.setProgram(imported.code + adoptWhole);
    const preview = await stack.preview();
    expect(preview.ok, preview.stdout + preview.stderr).toBe(true);
    expect(preview.stdout).toMatch(/^Resources:\n\s+= 1 to import\n\s+2 unchanged$/m);
    const up = await stack.up();
    expect(up.ok, up.stdout + up.stderr).toBe(true);
    const again = await stack.preview();
    expect(again.stdout).toMatch(/^Resources:\n\s+3 unchanged$/m);
    expect(writes()).toBe(before);
    expect(world.emulator.slbMembers(shared).map((m) => m.Weight)).toEqual([100, 30, 5]);
  });
});
