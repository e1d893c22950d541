/**
 * `npm run demo`: starts the local cloud emulator and runs each example stack's lifecycle (preview, up, a
 * change and its `preview --diff`, refresh after drift, destroy) on the real Pulumi CLI when one is found
 * (`npm run -s pulumi-cli` finds or builds it). Without one, or with `--harness`, it starts at once on the
 * built-in harness, which drives the same dynamic-provider plugin, and says in one line how to see it on
 * the CLI: a first look must not wait for a 5 to 15 minute build.
 */
import { type Emulator, startEmulator } from "../../emulator";
import { demoSeed } from "../../emulator/demoSeed";
import { findGo, findPulumiCli, pulumiVersion, versionOf } from "../../harness/cli/pulumiCli";
import { playOnCli } from "./cliPlay";
import { playOnHarness } from "./harnessPlay";
import type { Scene } from "./scene";
import { huaweiScene } from "./huaweiScene";
import { ensScene } from "./ensScene";
import { albScene, nlbScene } from "./serverGroupScene";
import { slbScene } from "./slbScene";

const scenes: Scene[] = [slbScene, ensScene, albScene, nlbScene, huaweiScene];

/** The CLI to run on (none: the harness), and the lines that say which engine runs and why. */
function engine(): { cli?: string; lines: string[] } {
  const harness = "the built-in harness: the real plugin, driven like the engine";
  if (process.argv.includes("--harness")) return { lines: [`Engine: ${harness} (--harness).`] };
  const cli = findPulumiCli();
  if (cli)
    return { cli, lines: [`Engine: the Pulumi CLI ${versionOf(cli)} (${cli}), through the Automation API.`] };
  const howTo = findGo()
    ? "`npm run -s pulumi-cli` builds one once (5-15 minutes, cached), then `npm run demo` again"
    : `put a Pulumi CLI ${pulumiVersion()} or newer on PATH (or install Go and run \`npm run -s pulumi-cli\`), then \`npm run demo\` again`;
  return {
    lines: [`Engine: ${harness} (no Pulumi CLI found).`, `To see it on the real Pulumi CLI: ${howTo}.`],
  };
}

async function main(): Promise<void> {
  const { cli, lines } = engine();
  const emulator: Emulator = await startEmulator({ seed: demoSeed });
  console.log(`Cloud emulator on ${emulator.url}; every call below is signed, verified and answered by it.`);
  for (const line of lines) console.log(line);
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
