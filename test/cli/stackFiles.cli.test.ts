/**
 * The stacks the CLI tests use are written by the harness (harness/cli/stackFiles.ts) rather than made by
 * `pulumi stack init` and `pulumi config set-all`: here the CLI reads such a stack exactly as it reads one
 * it made itself, its config and secrets, the files beside them, and what a program run by `pulumi up` on
 * each receives. This is also the one test that makes its stack the CLI's way.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { CliStack } from "../../harness/cli";
import { secretForms } from "../../harness/secretForms";
import { cliWorld } from "./cliWorld";

const world = cliWorld();
const project = "stack-files";
/** Values YAML would read as other than strings, or must quote. */
const config = {
  "alicloud:region": "cn-hangzhou",
  [`${project}:count`]: "100",
  [`${project}:flag`]: "true",
  [`${project}:list`]: '["10.0.0.1:80","10.0.0.2:80"]',
  [`${project}:quoted`]: `it's "x": y #z`,
  [`${project}:zeros`]: "007",
};
const secrets = {
  "alicloud:accessKeySecret": "sk-5tackF1les/+=:secret",
  [`${project}:token`]: 'tok "quoted" ünïcode',
};
const program = async () => {
  const c = new pulumi.Config(project);
  const cloud = new pulumi.Config("alicloud");
  return {
    count: c.require("count"),
    list: c.require("list"),
    quoted: c.require("quoted"),
    zeros: c.require("zeros"),
    region: cloud.require("region"),
    token: c.requireSecret("token"),
    key: cloud.requireSecret("accessKeySecret"),
  };
};

/** Every file of a directory, by path relative to it. */
async function files(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const found = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Object.fromEntries(
    await Promise.all(found.map(async (f) => [relative(dir, f), await readFile(f, "utf8")] as const)),
  );
}

/** The backend's files with what differs from stack to stack (time, salt, MD5 of those) masked. */
async function backendShape(stack: CliStack): Promise<Record<string, unknown>> {
  const shape: Record<string, unknown> = {};
  for (const [path, text] of Object.entries(await files(stack.dirs.backend))) {
    const value = JSON.parse(text.startsWith("{") ? text : JSON.stringify(text)) as unknown;
    shape[path] = JSON.parse(
      JSON.stringify(value)
        .replace(/"time":"[^"]+"/g, '"time":"T"')
        .replace(/"salt":"v1:[^"]+"/g, '"salt":"S"')
        .replace(/"md5":"[^"]+"/g, '"md5":"M"'),
    );
  }
  return shape;
}

describe.runIf(world.cli)("a stack the harness writes, as the CLI reads it", { timeout: 300_000 }, () => {
  it("has the config, secrets, files and program inputs of one made by `pulumi stack init` and `config set-all`", async () => {
    const [byCli, byHarness] = await Promise.all(
      (["cli", "harness"] as const).map((createdBy) =>
        world.newStack({ project, program, config, secrets, createdBy }),
      ),
    );
    // `pulumi config --show-secrets --json`: every value, secret or not, the same.
    const expected = {
      ...Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value, secret: false }])),
      ...Object.fromEntries(Object.entries(secrets).map(([k, value]) => [k, { value, secret: true }])),
    };
    expect(await byCli.allConfig()).toEqual(expected);
    expect(await byHarness.allConfig()).toEqual(expected);
    // The backend's files, and the workspace's selected stack, alike but for time and salt.
    expect(await backendShape(byHarness)).toEqual(await backendShape(byCli));
    expect(Object.values(await files(byHarness.dirs.home))).toEqual(
      Object.values(await files(byCli.dirs.home)),
    );
    // The stack file: a salt, and each secret as ciphertext.
    const stackFile = await readFile(join(byHarness.dirs.project, "Pulumi.test.yaml"), "utf8");
    expect(stackFile).toMatch(
      /^encryptionsalt: v1:[A-Za-z0-9+/=]{12}:v1:[A-Za-z0-9+/=]{16}:[A-Za-z0-9+/=]+\n/,
    );
    for (const key of Object.keys(secrets))
      expect(stackFile).toMatch(
        new RegExp(`"${key}":\\n {4}secure: v1:[A-Za-z0-9+/=]{16}:[A-Za-z0-9+/=]+\\n`),
      );

    // What `pulumi up` hands the program, and what the state records of it (secrets encrypted).
    for (const stack of [byCli, byHarness]) expect((await stack.up()).ok).toBe(true);
    const outputs = async (stack: CliStack) =>
      (await stack.exportState()).deployment.resources.find(
        (r: { type: string }) => r.type === "pulumi:pulumi:Stack",
      ).outputs;
    const fromHarness = await outputs(byHarness);
    expect(fromHarness).toEqual(await outputs(byCli));
    // (`--show-secrets` shows a secret output as its plaintext JSON under the secret signature.)
    expect(fromHarness).toMatchObject({
      count: "100",
      zeros: "007",
      token: { plaintext: JSON.stringify(secrets[`${project}:token`]) },
    });
    // Neither stack's files nor output hold a secret in any encoding.
    for (const stack of [byCli, byHarness]) {
      const everything = [
        stack.transcript,
        await stack.exportText(),
        ...Object.values(await files(stack.dirs.backend)),
        ...Object.values(await files(stack.dirs.project)),
        ...Object.values(await files(stack.dirs.home)),
      ].join("\n");
      for (const secret of Object.values(secrets))
        for (const form of secretForms(secret)) expect(everything).not.toContain(form);
    }
  });
});
