/**
 * The scenarios every example goes through on the real Pulumi CLI, against the emulator. Each test has its
 * own stack, load balancer (or pool) and credential, so the tests of a file run side by side; a test walks
 * one stack through several scenarios where one ends in the state the next starts from (each command
 * starts the CLI, the engine and a plugin).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { describe, it } from "vitest";
import type { CallRecord } from "../../emulator";
import type { ExampleCase, Target } from "./exampleCases";
import { type CliStack, memberDiff, progressLines, resourceSection } from "../../harness/cli";
import { cliWorld } from "./cliWorld";
import { secretForms } from "../../harness/secretForms";

/** Marked lines grouped by member, in the order the CLI prints members: sorted by key. */
function inKeyOrder(byKey: Record<string, string[]>): string[] {
  return Object.keys(byKey)
    .sort()
    .flatMap((key) => byKey[key]);
}

/** Every file under `dir`, as text. */
async function filesUnder(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return (await Promise.all(files.map((f) => readFile(f, "utf8")))).join("\n");
}

export function describeExample(example: ExampleCase): void {
  const world = cliWorld();
  const { cli } = world;
  let targets = 0;

  /** A stack on a fresh load balancer or pool, running the example (or `program`). */
  async function newStack(
    config: Record<string, string> = {},
    program: (target: Target) => PulumiFn = () => async () => example.program() as Record<string, unknown>,
  ): Promise<{ stack: CliStack; target: Target }> {
    const target = example.newTarget(world.emulator, ++targets);
    const stack = await world.newStack({
      project: example.project,
      program: program(target),
      config: { ...target.config, ...config },
      secrets: target.secrets,
    });
    return { stack, target };
  }
  const urn = (stack: CliStack, name = example.name) => stack.urn(example.type, name);
  const diffOf = (text: string, stack: CliStack, name?: string) =>
    memberDiff(resourceSection(text, urn(stack, name)), example.property);
  const members = (target: Target) => example.members(world.emulator, target.id);
  /** The calls on one load balancer, pool or server group, as "action" strings, reads left out. */
  const writes = (target: Target, since = 0): CallRecord[] =>
    world.emulator
      .calls()
      .filter(
        (c) =>
          c.seq > since &&
          [
            c.params.LoadBalancerId,
            c.params.VServerGroupId,
            c.params.poolId,
            c.params.ServerGroupId,
          ].includes(target.id),
      )
      .filter((c) => !/^(Describe|list|List|Get|show-|quota-)/.test(c.action));
  const lastSeq = () => world.emulator.calls().at(-1)?.seq ?? 0;
  const web = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => example.webKey(from + i));
  const weights = (keys: string[], weight: number) => Object.fromEntries(keys.map((k) => [k, weight]));
  const { web: W, canary: C } = example.defaultWeights;

  // Every CLI command starts the CLI, the engine and a plugin process: minutes on a loaded machine.
  // One stack walks several steps where a step leaves what the next one starts from.
  describe.runIf(cli).concurrent(`${example.title} through the Pulumi CLI`, { timeout: 300_000 }, () => {
    it("previews a change as the added, removed and re-weighted members alone; replaces the attachment when the load balancer changes: the new one attaches before the old detaches", async ({
      expect,
    }) => {
      const { stack, target } = await newStack();
      expect((await stack.up()).ok).toBe(true);

      await stack.setConfig({ ...example.webServers(5), ...example.canaryWeight(50) });
      const grow = await stack.preview();
      expect(diffOf(grow.stdout, stack)).toEqual({
        added: web(3, 5),
        removed: [],
        changed: { [example.canaryKey]: [`weight: ${C} => 50`] },
        unchanged: [],
        markedLines: inKeyOrder({
          [example.webKey(3)]: [`+ ${example.webKey(3)}: {`],
          [example.webKey(4)]: [`+ ${example.webKey(4)}: {`],
          [example.canaryKey]: [`~ ${example.canaryKey}: {`, `~ weight: ${C} => 50`],
        }),
      });
      const grown = await stack.up();
      expect(grown.ok).toBe(true);
      expect(progressLines(grown.stdout)).toEqual([
        example.progress("add", target.id, "1/1", 2),
        example.progress("set", target.id, "1/1", 1),
      ]);

      await stack.setConfig(example.webServers(2));
      const shrink = await stack.preview();
      expect(diffOf(shrink.stdout, stack)).toMatchObject({
        added: [],
        removed: web(2, 5),
        changed: {},
        unchanged: [],
      });
      const shrunk = await stack.up();
      expect(progressLines(shrunk.stdout)).toEqual([example.progress("remove", target.id, "1/1", 3)]);
      const declared = { ...weights(web(0, 2), W), [example.canaryKey]: 50 };
      expect(members(target)).toEqual(declared);

      // The load balancer changes: a replacement.
      const moved = example.newTarget(world.emulator, ++targets);
      await stack.setConfig(example.retarget(moved.id));
      const preview = await stack.preview();
      expect(preview.stdout).toContain(`+-pulumi-nodejs:dynamic/${example.type}: (replace)`);
      const before = lastSeq();
      const up = await stack.up();
      expect(up.ok).toBe(true);
      // Create before delete: the new load balancer gets its members, then the old one loses them.
      const attach = writes(moved, before);
      const detach = writes(target, before);
      expect(attach).toHaveLength(1);
      expect(detach).toHaveLength(1);
      expect(attach[0].seq).toBeLessThan(detach[0].seq);
      expect(members(target)).toEqual({});
      expect(members(moved)).toEqual(declared);
    });

    it("previews a reordered list as no change and applies nothing; renames an attachment without an alias and detaches nothing", async ({
      expect,
    }) => {
      let layout: Record<string, number[]> = { web: [0, 1, 2] };
      const { stack, target } = await newStack({}, (t) => async () => example.attachments(t, layout));
      expect((await stack.up()).ok).toBe(true);
      let before = lastSeq();
      layout = { web: [2, 0, 1] };
      const preview = await stack.preview();
      expect(preview.ok).toBe(true);
      expect(preview.stdout).toMatch(/^Resources:\n\s+2 unchanged$/m);
      expect(diffOf(preview.stdout, stack)).toBeUndefined();
      expect((await stack.up()).ok).toBe(true);
      expect(writes(target, before)).toEqual([]);

      before = lastSeq();
      layout = { "web-renamed": [2, 0, 1] };
      const up = await stack.up();
      expect(up.ok).toBe(true);
      expect(writes(target, before)).toEqual([]);
      expect(Object.keys(members(target)).sort()).toEqual(web(0, 3).sort());
    });

    it("fails the up on a partial failure, records what was reached, and converges on the next up", async ({
      expect,
    }) => {
      const size = example.batchSize + 5;
      const { stack, target } = await newStack(example.webServers(size));
      example.breakMember(world.emulator, target, size - 1);
      const failed = await stack.up();
      expect(failed.ok).toBe(false);
      expect(failed.stdout).toContain(`failed: ${example.failureCode}: `);
      // Each batch announces itself before its call: the second one is printed, then fails.
      expect(progressLines(failed.stdout)).toEqual([
        example.progress("add", target.id, "1/2", example.batchSize),
        example.progress("add", target.id, "2/2", size + 1 - example.batchSize),
      ]);
      const state = await stack.exportState();
      const resource = state.deployment.resources.find((r: { urn: string }) => r.urn === urn(stack));
      const reached = Object.keys(members(target)).sort();
      expect(reached).toHaveLength(example.batchSize);
      expect(Object.keys(resource.outputs[example.property]).sort()).toEqual(reached);
      expect(resource.inputs.__provider).toContain('require("pulumi-backend-servers/runtime")');
      // The engine keeps the failure's reasons (initErrors): the next up updates the resource whatever Diff says.
      expect(resource.initErrors).toEqual([
        expect.stringMatching(
          new RegExp(`${example.failureCode}: .*RequestId.*run \`pulumi up\` again to continue`),
        ),
      ]);

      example.repairMember(world.emulator, target, size - 1);
      const converged = await stack.up();
      expect(converged.ok).toBe(true);
      expect(progressLines(converged.stdout)).toEqual([
        example.progress("add", target.id, "1/1", size + 1 - example.batchSize),
      ]);
      expect(Object.keys(members(target))).toHaveLength(size + 1);
    });

    it("up --target and destroy --target touch only the targeted attachment", async ({ expect }) => {
      let layout: Record<string, number[]> = { a: [0, 1], b: [2, 3] };
      const { stack, target } = await newStack({}, (t) => async () => example.attachments(t, layout));
      expect((await stack.up()).ok).toBe(true);
      layout = { a: [0, 1, 4], b: [2, 3, 5] };
      const targeted = await stack.up({ target: [urn(stack, "a")] });
      expect(targeted.ok).toBe(true);
      expect(Object.keys(members(target)).sort()).toEqual(web(0, 5).sort());
      const pending = await stack.preview();
      expect(diffOf(pending.stdout, stack, "a")).toBeUndefined();
      expect(diffOf(pending.stdout, stack, "b")).toMatchObject({ added: [example.webKey(5)], removed: [] });

      const destroyed = await stack.destroy({ target: [urn(stack, "b")] });
      expect(destroyed.ok).toBe(true);
      expect(Object.keys(members(target)).sort()).toEqual([0, 1, 4].map(example.webKey).sort());
      const names = (await stack.exportState()).deployment.resources.map((r: { urn: string }) => r.urn);
      expect(names).toContain(urn(stack, "a"));
      expect(names).not.toContain(urn(stack, "b"));
    });

    it("moves members between two attachments of one load balancer and keeps them attached", async ({
      expect,
    }) => {
      let layout: Record<string, number[]> = { a: [0, 1, 2], b: [3] };
      const { stack, target } = await newStack({}, (t) => async () => example.attachments(t, layout));
      expect((await stack.up()).ok).toBe(true);
      const before = lastSeq();
      layout = { a: [0], b: [1, 2, 3] };
      const up = await stack.up();
      expect(up.ok).toBe(true);
      expect(Object.keys(members(target)).sort()).toEqual(web(0, 4).sort());
      // Handed over, not detached and attached again: the load balancer sees no write at all.
      expect(writes(target, before).map((c) => c.action)).toEqual([]);
    });

    it("shows drift in preview --diff after refresh, and the next up sets it right; keeps every credential out of stack export, the state files and everything the CLI printed", async ({
      expect,
    }) => {
      const { stack, target } = await newStack();
      expect((await stack.up()).ok).toBe(true);
      example.setWeight(world.emulator, target.id, example.webKey(0), 0);
      expect((await stack.refresh()).ok).toBe(true);
      const drift = await stack.preview();
      expect(diffOf(drift.stdout, stack)).toMatchObject({
        added: [],
        removed: [],
        changed: { [example.webKey(0)]: [`weight: 0 => ${W}`] },
      });
      const fixed = await stack.up();
      expect(progressLines(fixed.stdout)).toEqual([example.progress("set", target.id, "1/1", 1)]);
      expect(members(target)[example.webKey(0)]).toBe(W);

      await stack.setConfig(example.webServers(4));
      expect((await stack.preview()).ok).toBe(true);
      expect((await stack.up()).ok).toBe(true);
      const exported = await stack.exportText();
      expect((await stack.destroy()).ok).toBe(true);
      const everything = [
        exported,
        stack.transcript,
        await filesUnder(stack.dirs.backend),
        await filesUnder(stack.dirs.project),
      ].join("\n");
      for (const secret of target.secretValues)
        for (const encoded of secretForms(secret)) expect(everything).not.toContain(encoded);
      // The engine stores the stack config as the nodejs provider's inputs: a secret stays encrypted there.
      const provider = JSON.parse(exported).deployment.resources.find(
        (r: { type: string }) => r.type === "pulumi:providers:pulumi-nodejs",
      );
      for (const key of Object.keys(target.secrets))
        expect(provider.inputs[key]).toHaveProperty("ciphertext");
    });
  });
}
