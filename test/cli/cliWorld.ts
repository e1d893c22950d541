/**
 * The setup every CLI test file shares: the Pulumi CLI (the files skip themselves without one), one
 * emulator for the file, and stacks that drive the CLI against it and are disposed of at the end.
 * Call `cliWorld` at the top of a file or a `describe` body: it registers its own hooks there.
 */
import { afterAll, beforeAll } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import {
  CliStack,
  type CliStackOptions,
  emulatorEnv,
  ProjectStack,
  type ProjectStackOptions,
  pulumiCliForTests,
} from "../../harness/cli";

export interface CliWorld {
  /** The CLI binary; undefined when there is none (then `describe.runIf(world.cli)` skips). */
  readonly cli: string | undefined;
  readonly emulator: Emulator;
  /** A stack on the CLI whose plugins reach this emulator. */
  newStack(options: Omit<CliStackOptions, "cli" | "env">): Promise<CliStack>;
  /** A project of another language (YAML, Python, Go) on the provider plugin, reaching this emulator. */
  newProjectStack(options: Omit<ProjectStackOptions, "cli" | "env">): Promise<ProjectStack>;
}

export function cliWorld(): CliWorld {
  const cli = pulumiCliForTests();
  let emulator: Emulator | undefined;
  const stacks: { dispose(): Promise<void> }[] = [];
  const ready = () => {
    if (!emulator) throw new Error("the CLI world is used outside a test, or without a CLI");
    return emulator;
  };

  beforeAll(async () => {
    if (cli) emulator = await startEmulator();
  });
  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.dispose()));
    await emulator?.close();
  });

  return {
    cli,
    get emulator() {
      return ready();
    },
    async newStack(options) {
      const stack = await CliStack.create({ ...options, cli: cli!, env: emulatorEnv(ready()) });
      stacks.push(stack);
      return stack;
    },
    async newProjectStack(options) {
      const stack = await ProjectStack.create({ ...options, cli: cli!, env: emulatorEnv(ready()) });
      stacks.push(stack);
      return stack;
    },
  };
}
