import { mkdir, mkdtemp, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../project";

/** The directories of one CLI stack, all inside one temporary directory. */
export interface StackDirs {
  /** Removed as a whole when the stack is disposed. */
  root: string;
  /** The project directory (the workspace's workDir): where the engine starts the plugins. */
  project: string;
  /** The file backend (`file://` URL). */
  backend: string;
  /** PULUMI_HOME, so that nothing of the user's own Pulumi setup is read or written. */
  home: string;
  /** Holds `bin/pulumi`, a link to the CLI, as the Automation API looks it up (`<root>/bin/pulumi`). */
  cliRoot: string;
}

/**
 * Lays out a stack's directories. The project directory looks like a user's project after `npm install`:
 * `node_modules/pulumi-backend-servers` is this checkout (the stored provider text requires the package by
 * name from there) and `node_modules/@pulumi/pulumi` is the pinned SDK (the nodejs plugin launcher resolves
 * `@pulumi/pulumi/cmd/dynamic-provider` from there).
 */
export async function makeStackDirs(cli: string): Promise<StackDirs> {
  const root = await mkdtemp(join(tmpdir(), "pbs-cli-"));
  const dirs: StackDirs = {
    root,
    project: join(root, "project"),
    backend: join(root, "backend"),
    home: join(root, "pulumi-home"),
    cliRoot: join(root, "cli"),
  };
  await mkdir(join(dirs.project, "node_modules", "@pulumi"), { recursive: true });
  await mkdir(dirs.backend);
  await mkdir(dirs.home);
  await mkdir(join(dirs.cliRoot, "bin"), { recursive: true });
  await symlink(REPO_ROOT, join(dirs.project, "node_modules", "pulumi-backend-servers"), "dir");
  await symlink(
    join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"),
    join(dirs.project, "node_modules", "@pulumi", "pulumi"),
    "dir",
  );
  // The CLI finds its nodejs plugin beside its own executable, which Go reads through the link.
  await symlink(cli, join(dirs.cliRoot, "bin", "pulumi"));
  return dirs;
}
