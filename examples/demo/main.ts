/**
 * `npm run demo`: starts the local cloud emulator and runs each example stack's lifecycle (preview, up, a
 * change and its `preview --diff`, refresh after drift, destroy) on the real Pulumi CLI: the one found by
 * `npm run -s pulumi-cli`, built from source first when Go is installed. Without a CLI and without Go, or
 * with `--harness`, it runs on the built-in harness, which drives the same dynamic-provider plugin.
 */
import { type Emulator, startEmulator } from "../../emulator";
import { demoSeed } from "../../emulator/demoSeed";
import { buildPulumiCli } from "../../harness/cli/buildPulumiCli";
import { findGo, findPulumiCli, versionOf } from "../../harness/cli/pulumiCli";
import { playOnCli } from "./cliPlay";
import { playOnHarness } from "./harnessPlay";
import type { Scene } from "./scene";
import { huaweiScene } from "./huaweiScene";
import { ensScene } from "./ensScene";
import { albScene, nlbScene } from "./serverGroupScene";
import { slbScene } from "./slbScene";

const scenes: Scene[] = [slbScene, ensScene, albScene, nlbScene, huaweiScene];

/** The CLI to run on, or undefined for the harness. */
async function engine(): Promise<string | undefined> {
  if (process.argv.includes("--harness")) return undefined;
  const found = findPulumiCli();
  if (found !== undefined || findGo() === undefined) return found;
  console.log(
    "Building the Pulumi CLI from source once (minutes; cached; `npm run demo -- --harness` skips it)",
  );
  return buildPulumiCli((line) => console.error(`  ${line}`));
}

async function main(): Promise<void> {
  const cli = await engine();
  const emulator: Emulator = await startEmulator({ seed: demoSeed });
  console.log(`Cloud emulator on ${emulator.url}; every call below is signed, verified and answered by it.`);
  console.log(
    cli
      ? `Engine: the Pulumi CLI ${versionOf(cli)} (${cli}), through the Automation API.`
      : `Engine: the built-in harness (${process.argv.includes("--harness") ? "--harness" : "no Pulumi CLI and no Go found"}): the real plugin, driven like the engine.`,
  );
  try {
    for (const scene of scenes)
      await (cli ? playOnCli(scene, emulator, cli) : playOnHarness(scene, emulator));
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
