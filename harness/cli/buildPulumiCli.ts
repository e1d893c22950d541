import { spawn } from "node:child_process";
import { chmod, mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import {
  cacheDir,
  findGo,
  pulumiVersion,
  versionOf,
  YAML_HOST_VERSION,
  yamlHostBuilt,
  yamlHostOf,
} from "./pulumiCli";

/**
 * Builds the Pulumi CLI from source the ordinary Go way, in a throwaway module of our own in the cache
 * directory: `pkg/v3/cmd/pulumi` is the CLI's `main` package (github.com/pulumi/pulumi, pkg/cmd/pulumi).
 *
 * - `sdk/v3` is required at the same version: pkg's own go.mod replaces it with a local path
 *   (`../sdk`), which a module that depends on pkg does not inherit.
 * - pkg's one other replace directive (pkg/go.mod: `github.com/atotto/clipboard =>
 *   github.com/tgummerer/clipboard`) is not inherited either, so it is repeated here.
 * - pkg/go.mod at v3.248.0 declares `go 1.25.11`.
 * - The version is stamped the way Pulumi's own Makefile does (`-X .../sdk/v3/go/common/version.Version`),
 *   else the CLI reports v0.0.0 and the Automation API refuses it.
 *
 * The generated go.mod and go.sum stay in the cache (`go mod tidy` writes go.sum, checked against
 * sum.golang.org by go itself); nothing of it is committed.
 */
function goMod(version: string): string {
  return [
    "module pulumi-backend-servers/pulumi-cli",
    "",
    "go 1.25.11",
    "",
    "require (",
    `\tgithub.com/pulumi/pulumi/pkg/v3 ${version}`,
    `\tgithub.com/pulumi/pulumi/sdk/v3 ${version}`,
    ")",
    "",
    "replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e",
    "",
  ].join("\n");
}

/** Keeps `cmd/pulumi` in the module graph, so `go mod tidy` resolves every package the CLI imports. */
const TOOLS_GO = `//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
`;

/**
 * The CLI starts the bundled `pulumi-resource-pulumi-nodejs` plugin (dynamic providers) from beside its own
 * binary. Pulumi's release ships it as a script that runs `@pulumi/pulumi/cmd/dynamic-provider` with node
 * from the project; this one resolves that module from the directory the engine starts it in (the
 * program's directory), walking up like Node's require does.
 */
const NODEJS_PLUGIN = `#!/bin/sh
# The dynamic-provider plugin of the Pulumi program in the current directory (pulumi-backend-servers).
script=$(node -p 'require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [process.cwd()] })') || exit 1
exec node "$script" "$@"
`;

export interface BuildLog {
  (line: string): void;
}

/** Runs a command in `cwd`, its output going to `log` line by line; rejects on a non-zero exit. */
export function runLogged(
  command: string,
  args: string[],
  cwd: string,
  log: BuildLog,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let tail = "";
    const forward = (chunk: Buffer) => {
      const text = tail + chunk.toString();
      const lines = text.split("\n");
      tail = lines.pop() ?? "";
      for (const line of lines) log(line);
    };
    child.stdout.on("data", forward);
    child.stderr.on("data", forward);
    child.on("error", reject);
    child.on("close", (code) => {
      if (tail) log(tail);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code}`));
    });
  });
}

/** Whether process `pid` still runs (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Holds `lockPath` while `work` runs, so that two test workers (or a test run and `npm run pulumi-cli`)
 * never build into the same directory at once. The lock file holds its owner's pid: a lock left by a
 * process that died is taken over. Waiting is a poll, once a second, for as long as a build takes.
 */
export async function withLock<T>(lockPath: string, log: BuildLog, work: () => Promise<T>): Promise<T> {
  let announced = false;
  for (;;) {
    try {
      const handle = await open(lockPath, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(await readFile(lockPath, "utf8").catch(() => ""));
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (!announced) log(`waiting for another build (lock ${lockPath})`);
      announced = true;
      await delay(1000);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}

/**
 * Returns the cached CLI for `version`, building it first if it is missing or reports another version.
 * Fails with a clear message when Go is not installed.
 */
export async function buildPulumiCli(log: BuildLog, version: string = pulumiVersion()): Promise<string> {
  const root = cacheDir(version);
  const binary = join(root, "bin", "pulumi");
  if (versionOf(binary) === version) return binary;
  const go = findGo();
  if (go === undefined)
    throw new Error(
      "Building the Pulumi CLI needs Go (1.25.11 or newer) on PATH or in /usr/local/go/bin; " +
        "or install the Pulumi CLI and put it on PATH, or set BACKEND_SERVERS_PULUMI_CLI to its path",
    );
  await mkdir(join(root, "module"), { recursive: true });
  await mkdir(join(root, "bin"), { recursive: true });
  return withLock(join(root, "build.lock"), log, async () => {
    // Another process may have finished the build while this one waited for the lock.
    if (versionOf(binary) === version) return binary;
    const module = join(root, "module");
    await writeFile(join(module, "go.mod"), goMod(version));
    await writeFile(join(module, "tools.go"), TOOLS_GO);
    log(`building the Pulumi CLI ${version} from source with ${go} in ${module}`);
    await runLogged(go, ["mod", "tidy"], module, log);
    const built = join(root, "bin", `pulumi.${process.pid}.tmp`);
    const ldflags = `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${version}`;
    await runLogged(
      go,
      ["build", "-o", built, "-ldflags", ldflags, "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"],
      module,
      log,
    );
    const plugin = join(root, "bin", "pulumi-resource-pulumi-nodejs");
    await writeFile(plugin, NODEJS_PLUGIN);
    await chmod(plugin, 0o755);
    // The binary appears last and in one step: its presence means the whole build is there.
    await rename(built, binary);
    const reported = versionOf(binary);
    if (reported !== version)
      throw new Error(`the built Pulumi CLI reports ${reported ?? "nothing"}, not ${version}`);
    return binary;
  });
}

/**
 * The YAML language host beside the CLI (`pulumi-language-yaml`, github.com/pulumi/pulumi-yaml
 * cmd/pulumi-language-yaml), which runs YAML programs and writes the YAML code `pulumi import` generates.
 * Built the ordinary Go way, `go install <module>/cmd/pulumi-language-yaml@<version>`, which uses the
 * module's own go.mod and go.sum (it has no replace directives). The CLI finds it beside itself.
 */
export async function buildYamlHost(log: BuildLog, version: string = pulumiVersion()): Promise<string> {
  const host = yamlHostOf(version);
  if (yamlHostBuilt(version)) return host;
  const go = findGo();
  if (go === undefined)
    throw new Error(
      "Building the Pulumi YAML language host needs Go (1.24.7 or newer) on PATH or in /usr/local/go/bin",
    );
  const root = cacheDir(version);
  await mkdir(join(root, "bin"), { recursive: true });
  return withLock(join(root, "yaml.lock"), log, async () => {
    if (yamlHostBuilt(version)) return host;
    const staging = join(root, `yaml.${process.pid}.tmp`);
    await rm(staging, { recursive: true, force: true });
    log(`building the Pulumi YAML language host ${YAML_HOST_VERSION} with ${go}`);
    await runLogged(
      go,
      ["install", `github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@${YAML_HOST_VERSION}`],
      root,
      log,
      { ...process.env, GOBIN: staging },
    );
    // The host has no version command (it serves gRPC whatever its arguments): a stamp beside it says
    // which version it is, written once the binary is in place.
    await rename(join(staging, "pulumi-language-yaml"), host);
    await rm(staging, { recursive: true, force: true });
    await writeFile(`${host}.version`, `${YAML_HOST_VERSION}\n`);
    return host;
  });
}
