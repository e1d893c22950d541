/**
 * The Python the Python programs run on: a virtual environment with the `pulumi` package from PyPI at the
 * CLI's version (its Automation API serves an inline program from the test's own process, so no Python
 * language host is needed), cached outside the checkout beside the CLI, and the generated SDK
 * (sdk/python) installed from the package with pip into a directory of the checkout's own.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { REPO_ROOT } from "../project";
import { type BuildLog, runLogged, withLock } from "./buildPulumiCli";
import { cacheDir, pulumiVersion } from "./pulumiCli";

/**
 * What pip installs beside `pulumi`: the build backend the generated SDK's pyproject.toml names
 * (`setuptools.build_meta`), so that installing the SDK needs no download of its own, and the SDK's own
 * dependencies besides `pulumi` (its pyproject.toml: parver, semver).
 */
const ALSO = ["setuptools==80.9.0", "wheel==0.45.1", "parver==0.5", "semver==3.0.4"];

/** Everything the venv holds: its stamp, so that a venv of another list is made again. */
const requirements = (version: string) => [`pulumi==${version.replace(/^v/, "")}`, ...ALSO];

/** The virtual environment for the CLI `version`; ready once its stamp is there. */
export function venvOf(version: string = pulumiVersion()): string {
  return join(cacheDir(version), "python-venv");
}

const stampOf = (venv: string) => join(venv, "backend-servers.ready");

/** The venv's python, when the venv is ready with the requirements of this checkout. */
export function findPython(version: string = pulumiVersion()): string | undefined {
  const venv = venvOf(version);
  const python = join(venv, "bin", "python");
  try {
    const stamp = readFileSync(stampOf(venv), "utf8");
    return stamp === `${requirements(version).join("\n")}\n` && existsSync(python) ? python : undefined;
  } catch {
    return undefined;
  }
}

/** A `python3` (3.9 or newer, as `pulumi` requires) on PATH, to make the venv with. */
function systemPython(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(dir, "python3");
    try {
      const version = execFileSync(candidate, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
      const [major, minor] = version.split(".").map(Number);
      if (major === 3 && minor >= 9) return candidate;
    } catch {
      // not there, or not runnable: try the next
    }
  }
  return undefined;
}

/** Makes the venv (pip installs `pulumi==<version>` from PyPI) unless it is ready; returns its python. */
export async function buildPythonVenv(log: BuildLog, version: string = pulumiVersion()): Promise<string> {
  const ready = findPython(version);
  if (ready) return ready;
  const python = systemPython();
  if (python === undefined)
    throw new Error(
      "The Python programs need Python 3.9 or newer: install python3 (with its venv module) on PATH",
    );
  const venv = venvOf(version);
  await mkdir(cacheDir(version), { recursive: true });
  return withLock(`${venv}.lock`, log, async () => {
    const done = findPython(version);
    if (done) return done;
    await rm(venv, { recursive: true, force: true });
    log(`making a Python virtual environment with pulumi ${version} in ${venv}`);
    await runLogged(python, ["-m", "venv", venv], cacheDir(version), log);
    const pip = [
      join(venv, "bin", "python"),
      "-m",
      "pip",
      "install",
      "--quiet",
      "--disable-pip-version-check",
    ];
    await runLogged(pip[0], [...pip.slice(1), ...requirements(version)], venv, log);
    await writeFile(stampOf(venv), `${requirements(version).join("\n")}\n`);
    return join(venv, "bin", "python");
  });
}

/** Every file of the generated Python SDK, hashed: the install below is redone when the SDK changes. */
function sdkHash(dir: string): string {
  const hash = createHash("sha256");
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(path.slice(dir.length)).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest("hex").slice(0, 16);
}

/**
 * The generated SDK installed with pip from the package's `sdk/python` (as a user installs it), into a
 * directory for PYTHONPATH, so that checkouts and versions of the SDK never share an install.
 */
export async function installPythonSdk(python: string, log: BuildLog): Promise<string> {
  const sdk = join(REPO_ROOT, "sdk", "python");
  const target = join(cacheDir(), "python-sdk", sdkHash(sdk));
  const stamp = join(target, "backend-servers.ready");
  if (existsSync(stamp)) return target;
  await mkdir(join(cacheDir(), "python-sdk"), { recursive: true });
  return withLock(`${target}.lock`, log, async () => {
    if (existsSync(stamp)) return target;
    await rm(target, { recursive: true, force: true });
    // pip builds a local directory in place (build/, *.egg-info): a copy keeps the checkout clean.
    const source = `${target}.src`;
    await rm(source, { recursive: true, force: true });
    await cp(sdk, source, { recursive: true });
    // --no-deps: `pulumi` is the venv's; --no-build-isolation: the venv's setuptools builds it, offline.
    const args = [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--disable-pip-version-check",
      "--no-deps",
      "--no-build-isolation",
    ];
    await runLogged(python, [...args, "--target", target, source], REPO_ROOT, log);
    await rm(source, { recursive: true, force: true });
    await writeFile(stamp, "installed\n");
    return target;
  });
}
