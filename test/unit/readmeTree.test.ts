/**
 * The tree the README's Development section draws is the tree: every folder it names exists, and every
 * folder holding source is named (itself or a folder above it, below the top level).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect, it } from "vitest";
import { REPO_ROOT } from "../../harness/project";

const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const drawn = readme
  .slice(readme.indexOf("## Development"))
  .split("```")[1]
  .split("\n")
  .map((line) => line.split(/\s+/)[0])
  .filter((path) => path.endsWith("/"));

it("names only folders that exist", () => {
  expect(drawn.length).toBeGreaterThan(10);
  expect(drawn.filter((path) => !existsSync(join(REPO_ROOT, path)))).toEqual([]);
});

it("names every folder that holds source, or a folder above it", () => {
  const tracked = execFileSync("git", ["ls-files", "*.ts"], { cwd: REPO_ROOT, encoding: "utf8" });
  const folders = new Set(
    tracked
      .split("\n")
      .filter((file) => file.includes("/"))
      .map((file) => `${dirname(file)}/`),
  );
  // A drawn folder stands for the folders below it, unless the drawing details some of them.
  const detailed = (path: string) => drawn.some((other) => other !== path && other.startsWith(path));
  const named = (folder: string) =>
    drawn.some((path) => folder === path || (folder.startsWith(path) && !detailed(path)));
  expect([...folders].filter((folder) => !named(folder)).sort()).toEqual([]);
});
