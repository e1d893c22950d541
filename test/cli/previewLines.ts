/**
 * `npm run preview-lines [-- --sizes 20,200,1000] [--cloud alicloud.slb]`: the lines `pulumi preview --diff`
 * prints for each one-member change (docs/changes.md, "What a preview shows") against the member count, per
 * resource type, through the real Pulumi CLI against the emulator. The walk is previewSize.ts, the one
 * previewSize.cli.test.ts asserts on; this prints its figures.
 */
import { parseArgs } from "node:util";
import { startEmulator } from "../../emulator";
import { CliStack, emulatorEnv, pulumiCliForTests } from "../../harness/cli";
import { TEST_CLOUDS } from "../clouds";
import { allAt, CHANGES, type Change, lineCount, PreviewWalk } from "./previewSize";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sizes: { type: "string", default: "20,200,1000" }, cloud: { type: "string" } },
  });
  const sizes = values.sizes.split(",").map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 6))
    throw new Error(`--sizes ${values.sizes}: give member counts of 6 or more, separated by commas`);
  const clouds = TEST_CLOUDS.filter((cloud) => values.cloud === undefined || cloud.name === values.cloud);
  if (clouds.length === 0)
    throw new Error(`--cloud ${values.cloud}: use one of ${TEST_CLOUDS.map((c) => c.name).join(", ")}`);
  const cli = pulumiCliForTests();
  if (cli === undefined) throw new Error("no Pulumi CLI: run `npm run -s pulumi-cli` first");

  const emulator = await startEmulator();
  const stacks: CliStack[] = [];
  const changes = Object.keys(CHANGES) as Change[];
  try {
    console.log(
      `lines of \`pulumi preview --diff\` per resource, by change: ${changes.map((c) => `${c} = ${CHANGES[c]}`).join("; ")}`,
    );
    console.log(["resource type", "members", ...changes].join("\t"));
    for (const cloud of clouds) {
      const walk = await PreviewWalk.start(cloud, emulator, async (options) => {
        const stack = await CliStack.create({ ...options, cli, env: emulatorEnv(emulator) });
        stacks.push(stack);
        return stack;
      });
      for (const n of sizes) {
        const round = await walk.round(allAt(n));
        if (!round.preview.ok)
          throw new Error(`the preview of ${n} members failed:\n${round.preview.stderr}`);
        console.log([cloud.name, n, ...changes.map((c) => lineCount(round.sections[c]))].join("\t"));
      }
    }
  } finally {
    await Promise.all(stacks.map((stack) => stack.dispose()));
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
