/**
 * Whether to update, and what the preview shows, through the real Pulumi CLI, in every case where the
 * provider and the engine's own comparison of the inputs could disagree: drift with unchanged inputs,
 * hidden inputs that change without meaning a change, a rename with an alias, a reordered list, unknown
 * inputs, a replacement; output-only fields; an exclusive attachment in a targeted run; a missing region.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, it } from "vitest";
import { memberDiff, resourceSection } from "../../harness/cli";
import { labelOf } from "../../provider/core/model";
import { elbCloud, inputs, type Members, ours, seedOfClouds, slbCloud, type TestCloud } from "../clouds";
import { cliWorld } from "./cliWorld";
import { typeToken } from "./previewSize";

const world = cliWorld();
beforeAll(() => {
  if (world.cli) world.emulator.seed(seedOfClouds([slbCloud, elbCloud]));
});

/** How the preview names a member. */
const labelIn = (cloud: TestCloud, identity: string): string =>
  labelOf(cloud.kind.schema.model, cloud.kind.schema.normalizeMember(cloud.declare(identity, 100)).member);

/** A program of attachments: name -> inputs (and resource options). */
type Layout = Record<string, { args: Record<string, unknown>; options?: pulumi.CustomResourceOptions }>;
const programOf = (cloud: TestCloud, layout: () => Layout) => async () => {
  for (const [name, { args, options }] of Object.entries(layout()))
    cloud.declareResource(name, args, options);
};

/** Unknown in a preview (as an output of a resource not created yet is), `value` when the program runs. */
const unknownInPreview = <T>(value: T): pulumi.Output<T> =>
  (pulumi.runtime.isDryRun()
    ? pulumi.output(pulumi.unknown)
    : pulumi.output(value)) as unknown as pulumi.Output<T>;

/** Nothing to update: the summary counts only unchanged resources. */
const NO_CHANGE = /^Resources:\n\s+\d+ unchanged\s*$/m;

/** The write calls one load balancer or pool received since `since` (reads left out). */
const writesSince = (cloud: TestCloud, target: string, since: number) =>
  world.emulator
    .calls({ cloud: cloud.api })
    .filter((c) => c.seq > since && c.params[cloud.targetParam] === target)
    .filter((c) => [cloud.actions.add, cloud.actions.set, cloud.actions.remove].includes(c.action));
const lastSeq = () => world.emulator.calls().at(-1)?.seq ?? 0;

describe.runIf(world.cli).concurrent("what a preview decides and shows", { timeout: 600_000 }, () => {
  it("agrees with the engine on drift, hidden inputs, renames, reorders, unknowns and replacements", async ({
    expect,
  }) => {
    const cloud = elbCloud;
    const declared: Members = ours(cloud, 20, 100);
    let name = "web";
    let layout: () => Layout = () => ({
      web: { args: inputs(cloud, declared, { rollout: { drainSeconds: 0 } }) },
    });
    const stack = await world.newStack({
      project: "cases",
      program: programOf(cloud, () => layout()),
      config: cloud.config(),
    });
    const section = (text: string) => resourceSection(text, stack.urn(typeToken(cloud), name));
    const shown = (run: { stdout: string; stderr: string }) => run.stdout + run.stderr;
    expect((await stack.up()).ok).toBe(true);

    // Drift with unchanged inputs: an update, the drift lines, and the member list whole (a dynamic
    // provider cannot give a detailed diff, and the engine sees no input change), without output-only fields.
    const byHand = new Map(declared);
    byHand.delete(cloud.ours(3));
    byHand.set(cloud.ours(4), 40);
    cloud.write(world.emulator, byHand);
    const drifted = await stack.preview();
    expect(drifted.ok, drifted.stderr).toBe(true);
    const where = `drift in huaweicloud.elb.BackendServerAttachment "web" (pool ${cloud.target})`;
    expect(drifted.stderr).toContain(
      `${where}: ${labelIn(cloud, cloud.ours(3))} is not attached; pulumi up attaches it again`,
    );
    expect(drifted.stderr).toContain(
      `${where}: ${labelIn(cloud, cloud.ours(4))} weight is 40 on the cloud, 100 recorded; pulumi up sets it back`,
    );
    expect(section(drifted.stdout)).toMatch(/: \(update\)$/m);
    /** The marked lines below a section's header, id and urn, without their indentation. */
    const marked = (text: string) =>
      text
        .split("\n")
        .slice(3)
        .filter((line) => /^\s+[-+~] /.test(line))
        .map((line) => line.trim());
    expect(marked(section(drifted.stdout))).toEqual([]);
    expect(section(drifted.stdout)).not.toMatch(/\b(id|operatingStatus|health)\s*:/);
    // For a bot: the step has no detailedDiff, the drift lines are the diagnostics.
    const driftJson = await stack.previewJson();
    const driftStep = driftJson.json?.steps?.find((s) => s.urn === stack.urn(typeToken(cloud), name));
    expect(driftStep?.op).toBe("update");
    expect(driftStep?.detailedDiff ?? undefined).toBeUndefined();
    expect(driftJson.json?.diagnostics?.map((d) => d.message).join("")).toContain(
      `${labelIn(cloud, cloud.ours(3))} is not attached; pulumi up attaches it again`,
    );
    expect((await stack.up()).ok).toBe(true);
    expect(cloud.read(world.emulator)).toEqual(declared);
    const healed = await stack.preview();
    expect(healed.stdout).toMatch(NO_CHANGE);
    expect(shown(healed)).not.toContain("drift in");

    // After a refresh (which records the inputs anew from the cloud) a change still prints alone.
    expect((await stack.refresh()).ok).toBe(true);
    layout = () => ({
      web: {
        args: inputs(cloud, new Map(declared).set(cloud.ours(5), 70), { rollout: { drainSeconds: 0 } }),
      },
    });
    const refreshed = await stack.preview();
    expect(memberDiff(section(refreshed.stdout), "members")).toMatchObject({
      added: [],
      removed: [],
      changed: { [labelIn(cloud, cloud.ours(5))]: ["weight: 100 => 70"] },
      unchanged: [],
    });
    layout = () => ({ web: { args: inputs(cloud, declared, { rollout: { drainSeconds: 0 } }) } });

    // A hidden input that changes without meaning a change: the stored provider text of an older release.
    const olderRelease = async () => {
      const state = await stack.exportState();
      for (const resource of state.deployment.resources) {
        if (resource.inputs?.__provider === undefined) continue;
        resource.inputs.__provider += "\n// an older release";
        resource.outputs.__provider = resource.inputs.__provider;
      }
      await stack.importState(state);
    };
    await olderRelease();
    const upgraded = await stack.preview();
    expect(upgraded.ok, upgraded.stderr).toBe(true);
    expect(upgraded.stdout).toMatch(NO_CHANGE);
    expect(shown(upgraded)).not.toContain("__provider");
    // ... and beside a visible change: an update, still no `__provider` text (the list then shows whole).
    const reweighted = new Map(declared).set(cloud.ours(5), 50);
    layout = () => ({ web: { args: inputs(cloud, reweighted, { rollout: { drainSeconds: 0 } }) } });
    const both = await stack.preview();
    expect(both.ok).toBe(true);
    expect(section(both.stdout)).toMatch(/: \(update\)$/m);
    expect(memberDiff(section(both.stdout), "members")?.changed).toEqual({
      [labelIn(cloud, cloud.ours(5))]: ["weight: 100 => 50"],
    });
    expect(shown(both)).not.toContain("__provider");
    expect((await stack.up()).ok).toBe(true);

    // A rename with an alias: the hidden name changes, nothing else does.
    name = "web-v2";
    layout = () => ({
      "web-v2": {
        args: inputs(cloud, reweighted, { rollout: { drainSeconds: 0 } }),
        options: { aliases: [{ name: "web" }] },
      },
    });
    let since = lastSeq();
    const renamed = await stack.preview();
    expect(renamed.ok, renamed.stderr).toBe(true);
    expect(renamed.stdout).toMatch(NO_CHANGE);
    expect(shown(renamed)).not.toMatch(/__attachmentName|__provider/);
    expect((await stack.up()).ok).toBe(true);
    expect(writesSince(cloud, cloud.target, since)).toEqual([]);

    // A reordered list.
    const reversed = new Map([...reweighted].reverse());
    layout = () => ({
      "web-v2": {
        args: inputs(cloud, reversed, { rollout: { drainSeconds: 0 } }),
        options: { aliases: [{ name: "web" }] },
      },
    });
    const reordered = await stack.preview();
    expect(reordered.stdout).toMatch(NO_CHANGE);

    // Unknown inputs in a preview are never read as no change, even when they turn out the same.
    layout = () => ({
      "web-v2": {
        args: {
          ...inputs(cloud, reversed, { rollout: { drainSeconds: 0 } }),
          members: [...reversed].map(([identity, weight]) => ({
            ...cloud.declare(identity, weight),
            ...(identity === cloud.ours(5) ? { weight: unknownInPreview(50) } : {}),
          })),
        },
        options: { aliases: [{ name: "web" }] },
      },
    });
    const unknown = await stack.preview();
    expect(unknown.ok, unknown.stderr).toBe(true);
    expect(section(unknown.stdout)).toMatch(/: \(update\)$/m);
    expect(memberDiff(section(unknown.stdout), "members")).toMatchObject({
      added: [],
      removed: [],
      changed: { [labelIn(cloud, cloud.ours(5))]: ["weight: 50 => [unknown]"] },
      unchanged: [],
    });
    since = lastSeq();
    const resolved = await stack.up();
    expect(resolved.ok).toBe(true);
    expect(writesSince(cloud, cloud.target, since)).toEqual([]);

    // Another pool replaces the resource, marked as a replacement.
    layout = () => ({
      "web-v2": {
        args: inputs(cloud, reversed, { rollout: { drainSeconds: 0 } }, cloud.target2),
        options: { aliases: [{ name: "web" }] },
      },
    });
    const moved = await stack.preview();
    expect(moved.ok).toBe(true);
    expect(section(moved.stdout)).toMatch(/^\s+\+-.*: \(replace\)$/m);
    // Only the field that causes it prints: the members stay as declared (the new resource attaches them
    // before the old one detaches its own), and no output-only field (health, member ids) shows.
    expect(marked(section(moved.stdout))).toEqual([`~ poolId: "${cloud.target}" => "${cloud.target2}"`]);
    expect((await stack.up()).ok).toBe(true);
    expect(cloud.read(world.emulator, cloud.target2)).toEqual(reweighted);
    expect(cloud.read(world.emulator, cloud.target)).toEqual(new Map());
  });

  it("warns in the preview of a targeted run that turning exclusive on detaches another attachment's members", async ({
    expect,
  }) => {
    const cloud = slbCloud;
    let exclusive = false;
    const layout = (): Layout => ({
      a: { args: inputs(cloud, ours(cloud, 2, 100), { exclusive }) },
      b: { args: inputs(cloud, ours(cloud, 2, 100, 2)) },
    });
    const stack = await world.newStack({
      project: "exclusive",
      program: programOf(cloud, layout),
      config: cloud.config(),
    });
    expect((await stack.up()).ok).toBe(true);
    const a = stack.urn(typeToken(cloud), "a");

    // Exclusive beside another attachment fails check, naming both, in an untargeted run.
    exclusive = true;
    const whole = await stack.preview();
    expect(whole.ok).toBe(false);
    expect(whole.stdout + whole.stderr).toMatch(/exclusive/);

    // Under --target, b is not checked: a cannot know its members, and the preview says what a detaches.
    const targeted = await stack.preview({ target: [a] });
    expect(targeted.ok, targeted.stderr).toBe(true);
    const b0 = labelIn(cloud, cloud.ours(2));
    const b1 = labelIn(cloud, cloud.ours(3));
    expect(targeted.stderr).toContain(
      `exclusive ownership of alicloud.slb.BackendServerAttachment "a" (load balancer ${cloud.target}): ` +
        `pulumi up detaches 2 attached members it does not declare: ${b0}, ${b1}; another attachment that ` +
        "declares any of them cannot keep them in a run that does not include it (pulumi up --target)",
    );
    expect((await stack.up({ target: [a] })).ok).toBe(true);
    expect(cloud.read(world.emulator)).toEqual(ours(cloud, 2, 100));
  });

  it("fails a preview without a region the way pulumi up fails, and still previews an unknown one", async ({
    expect,
  }) => {
    const cloud = slbCloud;
    const { "alicloud:region": region, ...noRegion } = cloud.config();
    let regionId: unknown = undefined;
    const layout = (): Layout => ({
      web: { args: inputs(cloud, ours(cloud, 2, 100, 10), { regionId }, cloud.target2) },
    });
    const stack = await world.newStack({
      project: "region",
      program: programOf(cloud, layout),
      config: noRegion,
    });
    const notSet =
      "The Alibaba Cloud region is not set: give the resource a regionId, run `pulumi config set alicloud:region <region>`, or set ALIBABA_CLOUD_REGION_ID.";

    // Neither the resource nor stack config gives a region: the preview of the create fails as up would.
    const create = await stack.preview();
    expect(create.ok).toBe(false);
    expect(create.stdout + create.stderr).toContain(notSet);
    regionId = region;
    expect((await stack.up()).ok).toBe(true);

    // The resource's own regionId is gone, and stack config has none: up fails, so the preview fails.
    regionId = undefined;
    const since = lastSeq();
    const preview = await stack.preview();
    expect(preview.ok).toBe(false);
    expect(preview.stdout + preview.stderr).toContain(notSet);
    const up = await stack.up();
    expect(up.ok).toBe(false);
    expect(up.stdout + up.stderr).toContain(notSet);
    expect(writesSince(cloud, cloud.target2, since)).toEqual([]);

    // A region that is only unknown in the preview is a region: the preview goes on.
    regionId = unknownInPreview(region);
    const unknown = await stack.preview();
    expect(unknown.ok, unknown.stderr).toBe(true);
  });
});
