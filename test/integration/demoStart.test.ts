import { spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../harness/project";
import { CLI_OVERRIDE } from "../../harness/cli/pulumiCli";

const hasPulumi = (dir: string) => {
  try {
    accessSync(join(dir, "pulumi"), constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** What a newcomer sees first on a fresh machine: no Pulumi CLI anywhere, Go possibly installed. */
describe("npm run demo without a Pulumi CLI", () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  it("starts at once on the harness, says how to see it on the CLI and builds nothing", async () => {
    const cache = mkdtempSync(join(tmpdir(), "demo-cache-")); // an empty XDG_CACHE_HOME: no cached CLI
    cleanups.push(() => rmSync(cache, { recursive: true, force: true }));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_CACHE_HOME: cache,
      PATH: (process.env.PATH ?? "")
        .split(delimiter)
        .filter((dir) => !hasPulumi(dir))
        .join(delimiter),
    };
    delete env[CLI_OVERRIDE];
    const started = performance.now();
    // Its own process group, so that the plugin it may have started goes with it.
    const demo = spawn(process.execPath, ["--import", "tsx", "examples/demo/main.ts"], {
      cwd: REPO_ROOT,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    cleanups.push(() => {
      if (demo.exitCode === null) process.kill(-demo.pid!, "SIGKILL");
    });
    let [stdout, stderr] = ["", ""];
    demo.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const firstLines = await new Promise<string[]>((resolve, reject) => {
      demo.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const lines = stdout.split("\n");
        // A build announces itself on its first line, then takes minutes: decided there.
        if (lines.length > 3 || /Building/i.test(stdout)) resolve(lines.slice(0, 3));
      });
      demo.once("exit", (code) =>
        reject(new Error(`the demo exited (${code}) first:\n${stdout}\n${stderr}`)),
      );
    });
    const seconds = (performance.now() - started) / 1000;

    expect(firstLines[0]).toMatch(/^Cloud emulator on http:\/\/127\.0\.0\.1:\d+; every call below is signed/);
    expect(firstLines[1]).toBe(
      "Engine: the built-in harness: the real plugin, driven like the engine (no Pulumi CLI found).",
    );
    expect(firstLines[2]).toMatch(/^To see it on the real Pulumi CLI: .*`npm run demo` again\.$/);
    expect(stdout + stderr).not.toMatch(/Building/i);
    expect(readdirSync(cache)).toEqual([]); // nothing built, nothing downloaded
    // The process starts and compiles its TypeScript; `npm run demo` adds the package's build before it.
    expect(seconds).toBeLessThan(30);
  });
});
