/**
 * One scene on the real Pulumi CLI: the example program runs in this process through the Automation API
 * (an inline program), the CLI's engine keeps the stack on a file backend in a temporary directory, and
 * its nodejs plugin runs the provider against the emulator. What is shown is what the CLI printed.
 */
import type { Emulator } from "../../emulator";
import { type CliRun, CliStack, memberDiff, progressLines, resourceSection } from "../../harness/cli";
import { list, section } from "./render";
import type { Scene } from "./scene";

/** Credentials' secret parts go in as secret config (`pulumi config set --secret`). */
function splitSecrets(config: Record<string, string>) {
  const secret = (key: string) => /:(secretKey|securityToken)$/.test(key);
  const pick = (wanted: boolean) =>
    Object.fromEntries(Object.entries(config).filter(([key]) => secret(key) === wanted));
  return { config: pick(false), secrets: pick(true) };
}

/** The CLI's own summary lines ("+ 2 created", "1 unchanged"), or its error, for a one-line verdict. */
function outcome(run: CliRun): string[] {
  if (!run.ok)
    return run.stdout
      .split("\n")
      .filter((line) => /error:/.test(line))
      .map((line) => line.trim());
  const summary = run.stdout.split("\nResources:\n")[1] ?? "";
  return summary
    .split("\n\n")[0]
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

export async function playOnCli(scene: Scene, emulator: Emulator, cli: string): Promise<void> {
  console.log(`\n##### ${scene.title}`);
  const stack = await CliStack.create({
    cli,
    project: scene.project,
    program: async () => (require(scene.example) as { default: () => Record<string, unknown> }).default(),
    ...splitSecrets(scene.config(emulator)),
    env: scene.env(emulator),
  });
  const urn = stack.urn(scene.resource.type, scene.resource.name);
  const diff = (run: CliRun) => memberDiff(resourceSection(run.stdout, urn), scene.resource.property);
  const show = (run: CliRun) => {
    list(progressLines(run.stdout), 12);
    list(outcome(run));
  };
  try {
    console.log(`  already attached: ${scene.foreign(emulator)}`);
    section("pulumi preview");
    list(outcome(await stack.preview()));

    section("pulumi up");
    show(await stack.up());
    console.log("  the cloud now has:");
    list(scene.members(emulator));

    section(`a change: ${scene.changeStory}`);
    await stack.setConfig(scene.change);
    const change = diff(await stack.preview());
    console.log(
      `  pulumi preview --diff marks ${change?.added.length} added, ${change?.removed.length} removed and ` +
        `${Object.keys(change?.changed ?? {}).length} changed members; ${change?.unchanged.length} unchanged members are printed unmarked:`,
    );
    list(change?.markedLines ?? [], 10);
    section("pulumi up");
    show(await stack.up());

    section(`drift: ${scene.drift(emulator)}`);
    list(outcome(await stack.refresh()));
    const drift = diff(await stack.preview());
    console.log("  pulumi refresh, then pulumi preview --diff:");
    list(drift?.markedLines ?? ["(no change)"]);
    section("pulumi up");
    show(await stack.up());

    section("pulumi destroy");
    show(await stack.destroy());
    console.log("  the cloud now has (only what this stack did not declare):");
    list(scene.members(emulator));
  } finally {
    await stack.dispose();
  }
}
