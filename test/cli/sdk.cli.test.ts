/**
 * The generated SDKs are what the generator makes of schema.json, untouched by hand: tools/sdkgen (the
 * codegen packages of pulumi/pkg/v3) run again into a temporary directory writes exactly sdk/; and every
 * package of the Go SDK builds. (The Python SDK installs with pip in python.cli.test.ts; schema.json
 * follows the kinds in test/unit/pluginSchema.test.ts.)
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { describe, it } from "vitest";
import { goForTests } from "../../harness/cli";
import { REPO_ROOT } from "../../harness/project";

const run = promisify(execFile);
const go = goForTests();

/** Every file under `dir`, by path relative to it, with its text. */
async function files(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const out: Record<string, string> = {};
  for (const entry of entries.filter((e) => e.isFile())) {
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = await readFile(path, "utf8");
  }
  return out;
}

describe.runIf(go).concurrent("the generated SDKs", { timeout: 600_000 }, () => {
  it("are exactly what tools/sdkgen writes from schema.json", async ({ expect }) => {
    const out = await mkdtemp(join(tmpdir(), "pbs-sdkgen-"));
    try {
      await run(go!, ["run", ".", join(REPO_ROOT, "schema.json"), out], {
        cwd: join(REPO_ROOT, "tools", "sdkgen"),
        maxBuffer: 16 * 1024 * 1024,
      });
      const [generated, committed] = await Promise.all([files(out), files(join(REPO_ROOT, "sdk"))]);
      expect(Object.keys(committed).sort()).toEqual(Object.keys(generated).sort());
      for (const [path, text] of Object.entries(generated)) expect(committed[path], path).toBe(text);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("build in Go, every package", async ({ expect }) => {
    const built = await run(go!, ["build", "./..."], { cwd: join(REPO_ROOT, "sdk", "go") });
    expect(built.stderr).toBe("");
  });
});
