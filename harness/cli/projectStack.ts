import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { REPO_ROOT } from "../project";
import type { CliRun } from "./cliStack";
import { versionOf, yamlHostOf } from "./pulumiCli";
import { writePassphraseStack } from "./stackFiles";

/** A passphrase for the stack's secrets; the tests' secrets are fake, the encryption is real. */
const PASSPHRASE = "cli-tests-passphrase";

/** How a program that is not YAML runs: a process serving it inline (Automation API) for one command. */
export interface Runner {
  /**
   * The executable and its first arguments; the command (`preview`, `up`, `refresh`, `destroy`), the
   * project directory and the project's name follow.
   */
  command: string[];
  env?: Record<string, string>;
}

export interface ProjectStackOptions {
  /** The Pulumi CLI binary. */
  cli: string;
  project: string;
  runtime: "yaml" | "python" | "go";
  /** For YAML: the program (config and resources sections) after the project's own lines. */
  program?: string;
  /** For Python and Go: the process that serves the program. */
  runner?: Runner;
  config?: Record<string, string>;
  /** Set with `--secret`: encrypted with the passphrase in the stack file. */
  secrets?: Record<string, string>;
  /** Environment of the CLI (and its plugins), and of the runner. */
  env?: Record<string, string>;
}

/**
 * One stack of a project directory that names this package's provider plugin as a user's does (Pulumi.yaml
 * `plugins: providers: [{ name: backend-servers, path: <package>/bin }]`), on a file backend in a temporary
 * directory, driven through the real CLI: a YAML program run by the YAML language host, or a Python or Go
 * program served inline by its Automation API from a runner process. Commands return what was printed and
 * whether they succeeded; they never throw on a failed deployment.
 */
export class ProjectStack {
  /** Everything every command printed, in order: for credential scans. */
  transcript = "";

  private constructor(
    readonly root: string,
    readonly dir: string,
    private readonly options: ProjectStackOptions,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async create(options: ProjectStackOptions): Promise<ProjectStack> {
    const root = await mkdtemp(join(tmpdir(), `pbs-${options.runtime}-`));
    const dir = join(root, "project");
    const home = join(root, "pulumi-home");
    await mkdir(join(root, "backend"), { recursive: true });
    await mkdir(dir);
    await mkdir(home);
    // The CLI finds its language hosts beside itself (a link named `pulumi` would hide them), else on
    // PATH: the YAML host's directory is there for a CLI of the user's own.
    const path = [dirname(options.cli), dirname(yamlHostOf()), dirname(process.execPath), process.env.PATH];
    const env: NodeJS.ProcessEnv = {
      PATH: path.filter((dir) => dir !== undefined && dir !== "").join(delimiter),
      HOME: process.env.HOME ?? root,
      PULUMI_HOME: home,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      ...options.env,
    };
    const stack = new ProjectStack(root, dir, options, env);
    await stack.writeProject(options.program ?? "");
    // What `pulumi stack init` and `pulumi config set-all` would write (stackFiles.ts), without two CLI
    // starts per stack.
    await writePassphraseStack({
      project: options.project,
      stackName: "test",
      projectDir: dir,
      backendDir: join(root, "backend"),
      home,
      cliVersion: cliVersionOf(options.cli),
      passphrase: PASSPHRASE,
      config: options.config,
      secrets: options.secrets,
    });
    return stack;
  }

  /** A new version of the YAML program. */
  setProgram(program: string): Promise<void> {
    return this.writeProject(program);
  }

  /** `pulumi config set [--secret] <key> <value>`. */
  async setConfig(key: string, value: string, secret = false): Promise<void> {
    const run = await this.pulumi(["config", "set", ...(secret ? ["--secret"] : []), key, value]);
    if (!run.ok) throw new Error(`pulumi config set ${key} failed:\n${run.stderr}`);
  }

  /** `pulumi preview --diff`. */
  preview(): Promise<CliRun> {
    return this.command("preview");
  }

  /** `pulumi up --yes --skip-preview`. */
  up(): Promise<CliRun> {
    return this.command("up");
  }

  /** `pulumi refresh --yes`. */
  refresh(): Promise<CliRun> {
    return this.command("refresh");
  }

  /** `pulumi destroy --yes`. */
  destroy(): Promise<CliRun> {
    return this.command("destroy");
  }

  /** `pulumi import <type> <name> <id> --yes --out <file>`: the run, and the code it wrote. */
  async import(type: string, name: string, id: string): Promise<CliRun & { code: string }> {
    const out = join(this.root, `import-${name}.txt`);
    const run = await this.pulumi(["import", type, name, id, "--yes", "--color", "never", "--out", out]);
    const code = await readFile(out, "utf8").catch(() => "");
    return { ...run, code };
  }

  /** `pulumi stack export` as a user runs it (secrets stay encrypted): the text to scan for credentials. */
  async exportText(): Promise<string> {
    const run = await this.pulumi(["stack", "export"]);
    if (!run.ok) throw new Error(`pulumi stack export failed:\n${run.stderr}`);
    return run.stdout;
  }

  /** The deployment with secrets decrypted, to inspect state. */
  async exportState(): Promise<{ resources: { urn: string; type: string; inputs?: any; outputs?: any }[] }> {
    const run = await this.pulumi(["stack", "export", "--show-secrets"]);
    if (!run.ok) throw new Error(`pulumi stack export failed:\n${run.stderr}`);
    return JSON.parse(run.stdout).deployment;
  }

  /** The URN of a resource of this stack. */
  urn(type: string, name: string): string {
    return `urn:pulumi:test::${this.options.project}::${type}::${name}`;
  }

  async dispose(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }

  private async writeProject(program: string): Promise<void> {
    const project = [
      `name: ${this.options.project}`,
      `runtime: ${this.options.runtime}`,
      `backend:`,
      `  url: file://${join(this.root, "backend")}`,
      // What the README tells a user to write: the plugin from the installed npm package.
      `plugins:`,
      `  providers:`,
      `    - name: backend-servers`,
      `      path: ${join(this.root, "node_modules", "pulumi-backend-servers", "bin")}`,
      program,
    ].join("\n");
    await mkdir(join(this.root, "node_modules"), { recursive: true });
    await symlink(REPO_ROOT, join(this.root, "node_modules", "pulumi-backend-servers"), "dir").catch(
      (error) => {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      },
    );
    await writeFile(join(this.dir, "Pulumi.yaml"), `${project}\n`);
  }

  /** One program command: the CLI for YAML, the runner for an inline program. */
  private command(name: "preview" | "up" | "refresh" | "destroy"): Promise<CliRun> {
    const { runner } = this.options;
    if (runner === undefined) {
      const flags: Record<typeof name, string[]> = {
        preview: ["preview", "--diff"],
        up: ["up", "--yes", "--skip-preview"],
        refresh: ["refresh", "--yes", "--skip-preview"],
        destroy: ["destroy", "--yes", "--skip-preview"],
      };
      return this.pulumi([...flags[name], "--color", "never"]);
    }
    const [command, ...args] = runner.command;
    return this.exec(command, [...args, name, this.dir, this.options.project], {
      ...this.env,
      ...runner.env,
    });
  }

  /** The CLI in the project directory, on the stack `test`. */
  private pulumi(args: string[]): Promise<CliRun> {
    const argv = [...args, "--stack", "test", "--non-interactive"];
    return this.exec(this.options.cli, argv, this.env);
  }

  private exec(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
    return new Promise((resolve) => {
      execFile(
        command,
        args,
        { cwd: this.dir, env, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          this.transcript += stdout + stderr;
          resolve({ ok: error === null, stdout, stderr });
        },
      );
    });
  }
}

/** `pulumi version` of each CLI, asked once per process. */
const versions = new Map<string, string>();

function cliVersionOf(cli: string): string {
  let version = versions.get(cli);
  if (version === undefined) {
    version = versionOf(cli);
    if (version === undefined) throw new Error(`${cli} does not answer \`pulumi version\``);
    versions.set(cli, version);
  }
  return version;
}
