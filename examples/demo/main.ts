/**
 * `npm run demo`: starts the local cloud emulator and runs each example stack's lifecycle through the
 * real `@pulumi/pulumi` dynamic-provider plugin, the way the Pulumi CLI drives it: preview, up, a change
 * and its preview diff, refresh after drift, destroy. No Pulumi CLI and no cloud account needed.
 */
import { type Emulator, startEmulator } from "../../test/emulator";
import { demoSeed } from "../../test/emulator/demoSeed";
import { changedEntries, previewDiffLines } from "../../test/support/previewDiff";
import { captureRegistrations } from "../../test/support/registrations";
import { Stack } from "../../test/support/stack";
import { list, renderDiff, section } from "./render";
import type { Scene } from "./scene";
import { huaweiScene } from "./huaweiScene";
import { ensScene } from "./ensScene";
import { slbScene } from "./slbScene";

const scenes: Scene[] = [slbScene, ensScene, huaweiScene];

/** Runs the example program (fresh each time) and returns what it registers. */
async function run(scene: Scene, config: Record<string, string>) {
  return captureRegistrations(
    () => {
      (require(scene.example) as { default: () => unknown }).default();
    },
    { project: scene.project, config },
  );
}

async function play(scene: Scene, emulator: Emulator): Promise<void> {
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
    `  pulumi preview --diff: ${planned.op}, ${changedEntries(lines, Object.keys(planned.checkedInputs).find((k) => k !== "__provider" && typeof planned.checkedInputs[k] === "object") ?? "").size} members change`,
  );
  list(renderDiff(lines), 10);
  section("pulumi up");
  await stack.run((engine) => engine.up(v2));
  progress();

  section(`drift: ${scene.drift(emulator)}`);
  await stack.run((engine) => engine.refresh());
  const [fix] = await stack.run((engine) => engine.preview(v2));
  console.log(`  pulumi refresh, then pulumi preview --diff: ${fix.op}`);
  list(renderDiff(previewDiffLines(stack.state.get(fix.urn)!.inputs, fix.checkedInputs)));
  await stack.run((engine) => engine.up(v2));
  progress();

  section("pulumi destroy");
  await stack.run((engine) => engine.destroy());
  progress();
  console.log("  the cloud now has (only what this stack did not declare):");
  list(scene.members(emulator));
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ seed: demoSeed });
  console.log(`Cloud emulator on ${emulator.url}; every call below is signed, verified and answered by it.`);
  try {
    for (const scene of scenes) await play(scene, emulator);
    const calls = emulator.calls();
    console.log(`\nDone: ${calls.length} API calls in all, ${calls.filter((c) => c.code).length} refused.`);
  } finally {
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
