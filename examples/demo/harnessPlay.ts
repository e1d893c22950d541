/**
 * One scene on the built-in harness (harness/): the real dynamic-provider plugin over gRPC, driven the
 * way the engine drives it, for machines without a Pulumi CLI.
 */
import type { Emulator } from "../../emulator";
import { changedEntries, previewDiffLines } from "../../harness/previewDiff";
import { captureRegistrations } from "../../harness/registrations";
import { Stack } from "../../harness/stack";
import { list, renderDiff, section } from "./render";
import type { Scene } from "./scene";

/** Runs the example program and returns what it registers. */
async function run(scene: Scene, config: Record<string, string>) {
  return captureRegistrations(
    () => {
      (require(scene.example) as { default: () => unknown }).default();
    },
    { project: scene.project, config },
  );
}

export async function playOnHarness(scene: Scene, emulator: Emulator): Promise<void> {
  console.log(`\n##### ${scene.title}`);
  const config = scene.config(emulator);
  const stack = new Stack(scene.env(emulator), config);
  let printed = 0;
  const progress = () => {
    const lines = stack.output.stderr.split("\n").filter(Boolean);
    list(lines.slice(printed), 12);
    printed = lines.length;
  };

  console.log(`  already attached: ${scene.foreign(emulator)}`);
  const v1 = await run(scene, config);
  section("pulumi preview");
  for (const step of await stack.run((engine) => engine.preview(v1)))
    console.log(`    ${step.op} ${step.urn.split("::").pop()}`);

  section("pulumi up");
  const up = await stack.run((engine) => engine.up(v1));
  for (const step of up.steps)
    console.log(`    ${step.op} ${step.urn.split("::").pop()}${step.error ? `: ${step.error.message}` : ""}`);
  progress();
  console.log("  the cloud now has:");
  list(scene.members(emulator));

  section(`a change: ${scene.changeStory}`);
  const v2 = await run(scene, { ...config, ...scene.change });
  const [planned] = await stack.run((engine) => engine.preview(v2));
  const old = stack.state.get(planned.urn)!;
  const lines = previewDiffLines(old.inputs, planned.checkedInputs);
  console.log(
    `  preview diff: ${planned.op}, ${changedEntries(lines, scene.resource.property).size} members change`,
  );
  list(renderDiff(lines), 10);
  section("pulumi up");
  await stack.run((engine) => engine.up(v2));
  progress();

  section(`drift: ${scene.drift(emulator)}`);
  await stack.run((engine) => engine.refresh());
  const [fix] = await stack.run((engine) => engine.preview(v2));
  console.log(`  pulumi refresh, then preview diff: ${fix.op}`);
  list(renderDiff(previewDiffLines(stack.state.get(fix.urn)!.inputs, fix.checkedInputs)));
  await stack.run((engine) => engine.up(v2));
  progress();

  section("pulumi destroy");
  await stack.run((engine) => engine.destroy());
  progress();
  console.log("  the cloud now has (only what this stack did not declare):");
  list(scene.members(emulator));
}
