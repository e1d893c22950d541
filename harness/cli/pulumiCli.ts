import { execFileSync } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { REPO_ROOT } from "../project";

// Synchronous on purpose: a test file decides at collection time whether its CLI tests run
// (`describe.runIf`), and CommonJS test files have no top-level await.

/**
 * The CLI version the tests need: the one that matches the pinned `@pulumi/pulumi`, whose Automation API
 * and dynamic-provider plugin the tests drive (read from the installed package, so one pin rules both).
 */
export function pulumiVersion(): string {
  const manifest = join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json");
  return `v${(JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version}`;
}

/** Where the CLI built for `version` lives: outside the repo, keyed by version, shared by every checkout. */
export function cacheDir(version: string = pulumiVersion()): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "pulumi-backend-servers", "pulumi-cli", version);
}

/** The YAML language host the YAML programs run on (github.com/pulumi/pulumi-yaml), built beside the CLI. */
export const YAML_HOST_VERSION = "v1.25.0";

/** Where the YAML host for the CLI `version` lives: beside the cached CLI, where the CLI looks first. */
export function yamlHostOf(version: string = pulumiVersion()): string {
  return join(cacheDir(version), "bin", "pulumi-language-yaml");
}

/** Whether that host is there, at YAML_HOST_VERSION (its stamp, written last by the build). */
export function yamlHostBuilt(version: string = pulumiVersion()): boolean {
  try {
    return (
      executable(yamlHostOf(version)) &&
      readFileSync(`${yamlHostOf(version)}.version`, "utf8").trim() === YAML_HOST_VERSION
    );
  } catch {
    return false;
  }
}

/** The variable that names a CLI of the user's own (the binary; its directory must hold the nodejs plugin too). */
export const CLI_OVERRIDE = "BACKEND_SERVERS_PULUMI_CLI";

/** `pulumi version` of a binary, e.g. "v3.248.0", or undefined when it does not run. */
export function versionOf(binary: string): string | undefined {
  try {
    const stdout = execFileSync(binary, ["version"], {
      timeout: 30_000,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

/**
 * A CLI at least as new as the SDK, still v3: the Automation API needs the CLI's flags of its own
 * release, and the preview text the tests read is the same through v3.
 */
export function compatible(found: string, wanted: string): boolean {
  const parse = (v: string) => /^v?(\d+)\.(\d+)\.(\d+)/.exec(v)?.slice(1, 4).map(Number);
  const [a, b] = [parse(found), parse(wanted)];
  if (a === undefined || b === undefined || a[0] !== b[0]) return false;
  return a[1] > b[1] || (a[1] === b[1] && a[2] >= b[2]);
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `pulumi` on PATH, if any. */
function onPath(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(dir, "pulumi");
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * A working CLI without building one: `$BACKEND_SERVERS_PULUMI_CLI`, else the cached build, else a
 * `pulumi` on PATH of a compatible version. Undefined when there is none.
 */
export function findPulumiCli(version: string = pulumiVersion()): string | undefined {
  const override = process.env[CLI_OVERRIDE];
  if (override) {
    const found = versionOf(override);
    if (found === undefined || !compatible(found, version))
      throw new Error(
        `${CLI_OVERRIDE}=${override} is not a Pulumi CLI ${version} or newer (it reports ${found ?? "nothing"})`,
      );
    return override;
  }
  const cached = join(cacheDir(version), "bin", "pulumi");
  if (executable(cached) && versionOf(cached) === version) return cached;
  const path = onPath();
  if (path !== undefined) {
    const found = versionOf(path);
    if (found !== undefined && compatible(found, version)) return path;
  }
  return undefined;
}

/** Whether `go` can be found: on PATH or in its usual install location. */
export function findGo(): string | undefined {
  for (const dir of [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), "/usr/local/go/bin"]) {
    const candidate = join(dir, "go");
    if (executable(candidate)) return candidate;
  }
  return undefined;
}
