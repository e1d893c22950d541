import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { promisify } from "node:util";
import {
  type ConfigMap,
  type Deployment,
  LocalWorkspace,
  PulumiCommand,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";
import { writePassphraseStack } from "./stackFiles";
import { makeStackDirs, type StackDirs } from "./workDir";

const run = promisify(execFile);

/** A passphrase for the stack's secrets; the tests' secrets are fake, the encryption is real. */
const PASSPHRASE = "cli-tests-passphrase";

export interface CliStackOptions {
  /** The Pulumi CLI binary (from pulumiCliForTests). */
  cli: string;
  /** Project name: a program's `new pulumi.Config()` reads `<project>:<key>`. */
  project: string;
  /** Stack name; default `test`. */
  stackName?: string;
  program: PulumiFn;
  /** Plain stack config, keys like `alicloud:region` or `<project>:<key>`. */
  config?: Record<string, string>;
  /** Stack config set with `--secret` (credentials): encrypted with the passphrase in the stack file. */
  secrets?: Record<string, string>;
  /** Environment of the CLI, and through it of the plugins (endpoints, retry tuning). */
  env?: Record<string, string>;
  /**
   * How the stack comes to be: `harness` (the default) writes the files `pulumi stack init` and
   * `pulumi config set-all` would (stackFiles.ts), `cli` runs those two commands.
   */
  createdBy?: "harness" | "cli";
}

/** What one CLI command printed, and whether it succeeded. Colours are off: the text as a log shows it. */
export interface CliRun {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** One step of `pulumi preview --json` (the fields the tests read). */
export interface PreviewStep {
  op: string;
  urn: string;
  diffReasons?: string[];
  replaceReasons?: string[];
  /** Property path (`members["10.0.0.8:80"].weight`) to its change. */
  detailedDiff?: Record<string, { kind: string; inputDiff: boolean }>;
}

/** What `pulumi preview --json` prints (the fields the tests read). */
export interface PreviewJson {
  steps?: PreviewStep[];
  diagnostics?: { message: string; severity: string; urn?: string }[];
  changeSummary?: Record<string, number>;
}

/** The one-shot rewrite of the arguments of the next run of one CLI command (`up`, `preview`). */
interface ArgsRewrite {
  next: { command: string; change: (args: string[]) => string[] } | undefined;
}

/** Options of a command that runs the program (preview, up). */
export interface RunOptions {
  /** URNs: `--target`. */
  target?: string[];
}

/**
 * One stack on a file backend in a temporary directory, driven through the real Pulumi CLI by the
 * Automation API (`LocalWorkspace` with an inline program: the program runs in this process, the engine in
 * the CLI, the provider in the nodejs plugin the engine starts). Commands never throw on a failed
 * deployment: they return what the CLI printed and `ok: false`, for the test to assert on.
 */
export class CliStack {
  /** Everything every command of this stack printed, stdout and stderr, in order: for credential scans. */
  transcript = "";

  private constructor(
    readonly dirs: StackDirs,
    private readonly stack: Stack,
    private readonly options: CliStackOptions,
    private readonly env: Record<string, string>,
    private readonly rewrite: ArgsRewrite,
    /** The CLI as the Automation API runs it. */
    private readonly cliPath: string,
  ) {}

  static async create(options: CliStackOptions): Promise<CliStack> {
    const dirs = await makeStackDirs(options.cli);
    const stackName = options.stackName ?? "test";
    const env = {
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      ...options.env,
    };
    // This stack's own view of the process's one PulumiCommand of the CLI: `run` is wrapped per stack.
    const pulumiCommand = Object.create(await commandOf(options.cli, dirs)) as PulumiCommand;
    const rewrite: ArgsRewrite = { next: undefined };
    const byHarness = (options.createdBy ?? "harness") === "harness";
    // The Automation API fixes some flags (`up --skip-preview`, `preview --diff`): a command that needs
    // the CLI's other forms rewrites the arguments of its one run.
    // `run` is the Automation API's internal entry of every command (automation/cmd.js, not in its types).
    const command = pulumiCommand as unknown as { run: (args: string[], ...rest: unknown[]) => unknown };
    if (typeof command.run !== "function")
      throw new Error("@pulumi/pulumi/automation: PulumiCommand.run is gone");
    const run = command.run.bind(pulumiCommand);
    command.run = (args, ...rest) => {
      // After each up, refresh and destroy, the Automation API reads the stack's outputs (two commands)
      // and its last history entry (one) into a summary the harness never returns: three more CLI starts
      // per command, nearly half of all the CLI's starts in the CLI tests. They are answered empty here.
      if (args[0] === "stack" && (args[1] === "output" || args[1] === "history"))
        return Promise.resolve({ stdout: args[1] === "output" ? "{}" : "[]", stderr: "", code: 0 });
      // `createStack`'s `pulumi stack init`: the stack's files, config and secrets included.
      if (byHarness && args[0] === "stack" && args[1] === "init")
        return writePassphraseStack({
          project: options.project,
          stackName,
          projectDir: dirs.project,
          backendDir: dirs.backend,
          home: dirs.home,
          cliVersion: `v${pulumiCommand.version?.toString() ?? ""}`,
          passphrase: PASSPHRASE,
          config: options.config,
          secrets: options.secrets,
        }).then(() => ({ stdout: `Created stack '${stackName}'\n`, stderr: "", code: 0 }));
      const next = rewrite.next;
      if (next === undefined || args[0] !== next.command) return run(args, ...rest);
      rewrite.next = undefined;
      return run(next.change(args), ...rest);
    };
    const stack = await LocalWorkspace.createStack(
      { stackName, projectName: options.project, program: options.program },
      {
        workDir: dirs.project,
        pulumiHome: dirs.home,
        pulumiCommand,
        secretsProvider: "passphrase",
        projectSettings: {
          name: options.project,
          runtime: "nodejs",
          backend: { url: `file://${dirs.backend}` },
        },
        envVars: env,
      },
    );
    const config: ConfigMap = {};
    for (const [key, value] of Object.entries(options.config ?? {})) config[key] = { value };
    for (const [key, value] of Object.entries(options.secrets ?? {})) config[key] = { value, secret: true };
    if (!byHarness && Object.keys(config).length > 0) await stack.setAllConfig(config);
    return new CliStack(dirs, stack, options, env, rewrite, pulumiCommand.command);
  }

  /** The program the next preview or up runs (a new version of the user's code). */
  setProgram(program: PulumiFn): void {
    this.stack.workspace.program = program;
  }

  /** Sets plain stack config values (`pulumi config set`). */
  async setConfig(values: Record<string, string>): Promise<void> {
    const config: ConfigMap = {};
    for (const [key, value] of Object.entries(values)) config[key] = { value };
    await this.stack.setAllConfig(config);
  }

  /** `pulumi preview --diff`. */
  preview(options: RunOptions = {}): Promise<CliRun> {
    return this.capture((out) =>
      this.stack.preview({ diff: true, color: "never", target: options.target, ...out }),
    );
  }

  /**
   * `pulumi up --skip-preview`. `logVerbosity` (`-v`): the engine's log, with its timestamps, on stderr
   * (the bench times the engine's steps from it).
   */
  up(options: RunOptions & { logVerbosity?: number } = {}): Promise<CliRun> {
    const { target, logVerbosity } = options;
    const log = logVerbosity === undefined ? {} : { logVerbosity, logToStdErr: true };
    return this.capture((out) => this.stack.up({ color: "never", target, ...log, ...out }));
  }

  /**
   * `pulumi up --yes --diff` without `--skip-preview`: the CLI previews first and prints that preview, the
   * very text `pulumi up` shows before it asks for confirmation (`--yes` answers it), then updates. Read
   * the preview's part with `previewOfUp` (output.ts).
   */
  upWithPreview(options: RunOptions = {}): Promise<CliRun> {
    this.rewrite.next = { command: "up", change: (args) => args.filter((arg) => arg !== "--skip-preview") };
    return this.capture((out) =>
      this.stack.up({ color: "never", diff: true, target: options.target, ...out }),
    );
  }

  /** `pulumi preview --json`: the plan as a PR bot reads it (steps, with each step's detailedDiff). */
  async previewJson(
    options: RunOptions = {},
  ): Promise<{ ok: boolean; json: PreviewJson | undefined; stderr: string }> {
    this.rewrite.next = {
      command: "preview",
      change: (args) => args.map((arg) => (arg === "--diff" ? "--json" : arg)),
    };
    const run = await this.capture((out) =>
      this.stack.preview({ diff: true, color: "never", target: options.target, ...out }),
    );
    let json: PreviewJson | undefined;
    try {
      json = JSON.parse(run.stdout) as PreviewJson;
    } catch {
      json = undefined;
    }
    return { ok: run.ok, json, stderr: run.stderr };
  }

  /** `pulumi refresh`. */
  refresh(): Promise<CliRun> {
    return this.capture((out) => this.stack.refresh({ color: "never", ...out }));
  }

  /** `pulumi destroy`, of the whole stack or of `target` only. */
  destroy(options: { target?: string[] } = {}): Promise<CliRun> {
    return this.capture((out) => this.stack.destroy({ color: "never", target: options.target, ...out }));
  }

  /** `pulumi config --show-secrets --json`, parsed: the stack's config as the CLI reads it. */
  allConfig(): Promise<ConfigMap> {
    return this.stack.getAllConfig();
  }

  /** `pulumi stack export --show-secrets`, parsed: the deployment with secrets decrypted, to inspect state. */
  exportState(): Promise<Deployment> {
    return this.stack.exportStack();
  }

  /** `pulumi stack import`: replaces the stack's state (a test's stand-in for state an older release wrote). */
  importState(deployment: Deployment): Promise<void> {
    return this.stack.importStack(deployment);
  }

  /** `pulumi stack export` as a user runs it (secrets stay encrypted): the text to scan for credentials. */
  async exportText(): Promise<string> {
    const { stdout } = await run(
      this.cliPath,
      ["stack", "export", "--stack", this.stackName, "--non-interactive"],
      { cwd: this.dirs.project, env: { ...process.env, ...this.env, PULUMI_HOME: this.dirs.home } },
    );
    return stdout;
  }

  /** The URN of a resource of this stack, e.g. `urn("alicloud-slb:BackendServerAttachment", "web")`. */
  urn(type: string, name: string): string {
    return `urn:pulumi:${this.stackName}::${this.options.project}::pulumi-nodejs:dynamic/${type}::${name}`;
  }

  private get stackName(): string {
    return this.options.stackName ?? "test";
  }

  /** Removes the stack's temporary directory (state, config, PULUMI_HOME). */
  async dispose(): Promise<void> {
    await rm(this.dirs.root, { recursive: true, force: true });
  }

  private async capture(
    command: (out: { onOutput: (text: string) => void; onError: (text: string) => void }) => Promise<object>,
  ): Promise<CliRun> {
    let stdout = "";
    let stderr = "";
    const out = { onOutput: (text: string) => (stdout += text), onError: (text: string) => (stderr += text) };
    try {
      await command(out).finally(() => (this.transcript += stdout + stderr));
      return { ok: true, stdout, stderr };
    } catch {
      // The CommandError repeats what onOutput and onError already collected.
      return { ok: false, stdout, stderr };
    }
  }
}

/** One PulumiCommand per CLI and process: `PulumiCommand.get` starts the CLI (`pulumi version`) each time. */
const commands = new Map<string, Promise<PulumiCommand>>();

/**
 * The Automation API runs `<root>/bin/pulumi`: a CLI that sits in a `bin` directory is its own root;
 * another (`BACKEND_SERVERS_PULUMI_CLI=/opt/pulumi`) is reached through the stack's link (workDir.ts).
 */
function commandOf(cli: string, dirs: StackDirs): Promise<PulumiCommand> {
  const root =
    basename(dirname(cli)) === "bin" && basename(cli) === "pulumi" ? dirname(dirname(cli)) : undefined;
  if (root === undefined) return PulumiCommand.get({ root: dirs.cliRoot });
  let command = commands.get(root);
  if (command === undefined) {
    command = PulumiCommand.get({ root });
    commands.set(root, command);
  }
  return command;
}
