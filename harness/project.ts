import { createHash } from "node:crypto";
import { mkdir, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The checkout this file lives in (harness/ is one level below it). */
export const REPO_ROOT = resolve(__dirname, "..");

const cache = new Map<string, Promise<string>>();

/**
 * Returns a directory laid out like a user's Pulumi project that depends on this package.
 *
 * The real plugin loads the provider text with require-from-string, which resolves `require("x")`
 * from the plugin's working directory. Running the plugin here (rather than in the repo) means a
 * provider text that does `require("pulumi-backend-servers/runtime")` resolves through
 * `node_modules/pulumi-backend-servers` exactly as it would in a user's project; the symlink makes
 * that the working tree, so tests exercise the current sources (the built `dist`, per `exports`).
 *
 * Prepared once per process (per repo root) at a fixed path derived from the repo root, so parallel
 * test workers share one directory and nothing piles up in the temp dir: vitest ends its workers
 * with SIGTERM, so a directory meant to be removed on exit would never be.
 */
export function makeProjectDir(repoRoot: string = REPO_ROOT): Promise<string> {
  let dir = cache.get(repoRoot);
  if (dir === undefined) {
    dir = create(repoRoot);
    cache.set(repoRoot, dir);
  }
  return dir;
}

async function create(repoRoot: string): Promise<string> {
  const hash = createHash("sha256").update(repoRoot).digest("hex").slice(0, 12);
  const dir = join(tmpdir(), `pbs-project-${hash}`);
  await mkdir(join(dir, "node_modules"), { recursive: true });
  const packageJson = {
    name: "pbs-harness-project",
    private: true,
    main: "index.js",
    dependencies: { "pulumi-backend-servers": `file:${repoRoot}` },
  };
  await writeAtomically(join(dir, "package.json"), `${JSON.stringify(packageJson, null, 2)}\n`);
  await writeAtomically(
    join(dir, "Pulumi.yaml"),
    "name: pbs-harness-project\nruntime: nodejs\ndescription: engine-level test project\n",
  );
  await linkPackage(repoRoot, join(dir, "node_modules", "pulumi-backend-servers"));
  return dir;
}

/** Another worker may be reading the file at the same moment: it sees the old or the new one. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/** A directory symlink to the repo, which is what `npm install file:<repo>` produces as well. */
async function linkPackage(repoRoot: string, link: string): Promise<void> {
  const current = await readlink(link).catch(() => undefined);
  if (current === repoRoot) return;
  const temporary = `${link}.${process.pid}.tmp`;
  await rm(temporary, { force: true });
  await symlink(repoRoot, temporary, "dir");
  // rename replaces an existing link in one step, so a concurrent reader never finds it missing.
  await rename(temporary, link);
}
