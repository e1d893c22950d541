/**
 * The Go programs of the CLI tests: built with the Go that builds the CLI, against the generated Go SDK
 * (sdk/go, by a replace directive), into the cache outside the checkout, once per version of their sources.
 * They serve their program inline through the Go Automation API, so no Go language host is needed.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT } from "../project";
import { type BuildLog, runLogged, withLock } from "./buildPulumiCli";
import { cacheDir } from "./pulumiCli";

/** A hash of every file under the directories: a build is redone when any of them changes. */
function hashOf(dirs: string[]): string {
  const hash = createHash("sha256");
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(path.slice(REPO_ROOT.length)).update(readFileSync(path));
    }
  };
  for (const dir of dirs) walk(dir);
  return hash.digest("hex").slice(0, 16);
}

/** Builds the Go module in `moduleDir` (relative to the checkout), which uses the generated SDK. */
export async function buildGoProgram(go: string, moduleDir: string, log: BuildLog): Promise<string> {
  const source = join(REPO_ROOT, moduleDir);
  const dir = join(cacheDir(), "go-programs", hashOf([source, join(REPO_ROOT, "sdk", "go")]));
  const binary = join(dir, "program");
  if (existsSync(binary)) return binary;
  await mkdir(dir, { recursive: true });
  return withLock(join(dir, "build.lock"), log, async () => {
    if (existsSync(binary)) return binary;
    const built = `${binary}.${process.pid}.tmp`;
    await rm(built, { force: true });
    log(`building the Go program ${moduleDir} with ${go}`);
    await runLogged(go, ["build", "-o", built, "."], source, log);
    await rename(built, binary);
    return binary;
  });
}
