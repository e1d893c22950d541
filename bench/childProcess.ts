import { spawn } from "node:child_process";
import { REPO_ROOT } from "../test/support/project";

/**
 * Runs a bench TypeScript file in a Node process of its own (through tsx, as `npm run bench` runs
 * main.ts) and resolves with its stdout; rejects with its stderr when it fails. Used for work that must
 * not share the bench's process: Pulumi's mock mode, and a clean memory high-water mark.
 */
export function runChild(
  script: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${script} exited ${code}: ${stderr.slice(-2000)}`)),
    );
  });
}
