import { execFileSync } from "node:child_process";
import { REPO_ROOT } from "../test/support/project";

export interface SourceState {
  commit: string;
  /** Files under provider/ that differ from the commit (uncommitted edits the run measured). */
  modified: string[];
}

/**
 * Which code a run measured: the commit, and any uncommitted change to the provider. The working tree is
 * shared with engineers who edit it while the bench runs, so it is read before and after. Read-only git
 * commands; undefined outside a git checkout.
 */
export function sourceState(): SourceState | undefined {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" }).trim();
    const modified = git("status", "--porcelain", "--", "provider")
      .split("\n")
      .filter(Boolean)
      .map((line) => line.slice(3));
    return { commit: git("rev-parse", "--short", "HEAD"), modified };
  } catch {
    return undefined;
  }
}
