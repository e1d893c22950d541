/**
 * Pull-request previews through the real Pulumi CLI, for every resource type: a change of one member
 * prints that member alone, in the same lines at 20, 200 and 1,000 members (5,000 for Huawei), in
 * `pulumi preview --diff` and in the preview `pulumi up` shows before it asks for confirmation, and
 * `pulumi preview --json` names it in the step's detailedDiff. The README shows what the CLI printed here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { memberDiff, type PreviewStep, previewOfUp } from "../../harness/cli";
import { REPO_ROOT } from "../../harness/project";
import { labelOf } from "../../provider/core/model";
import { TEST_CLOUDS, type TestCloud } from "../clouds";
import { cliWorld } from "./cliWorld";
import { type Change, lineCount, PreviewWalk, roundsOf, type Sections, touched } from "./previewSize";

const world = cliWorld();

/** What a reviewer may be shown for one resource: its header, id, urn and the changed member. */
const MAX_LINES = 20;

/** How the preview names a member: the key `check` registers it under. */
function labelIn(cloud: TestCloud, identity: string): string {
  const { model, normalizeMember } = cloud.kind.schema;
  return labelOf(model, normalizeMember(cloud.declare(identity, 100)).member);
}

/** The README's block after `marker` (a fenced block's body). */
function readmeBlock(marker: string): string {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no "${marker}"`);
  const open = readme.indexOf("```", at);
  const body = readme.indexOf("\n", open) + 1;
  return readme.slice(body, readme.indexOf("\n```", body));
}

/** A section without the random part of the resource's id, as the README prints it. */
const withoutIdSuffix = (section: string) => section.replace(/(\[id=[^\]/]+)\/[0-9a-f]{8}\]/, "$1/…]");

describe
  .runIf(world.cli)
  .concurrent("previews of a one-member change, at any size", { timeout: 600_000 }, () => {
    it.for(TEST_CLOUDS)(
      "$name prints the changed member alone, whatever the size",
      async (cloud, { expect }) => {
        const walk = await PreviewWalk.start(cloud, world.emulator, (o) => world.newStack(o), "prod");
        const { membersField } = cloud;
        const label = (change: Change) => labelIn(cloud, touched(cloud, change));

        /** Every change shows exactly itself. */
        const expectExact = (sections: Sections) => {
          expect(memberDiff(sections.web, membersField)).toMatchObject({
            added: [],
            removed: [],
            changed: { [label("web")]: ["weight: 100 => 50"] },
            unchanged: [],
          });
          expect(memberDiff(sections.grow, membersField)).toMatchObject({
            added: [label("grow")],
            removed: [],
            changed: {},
            unchanged: [],
          });
          expect(memberDiff(sections.shrink, membersField)).toMatchObject({
            added: [],
            removed: [label("shrink")],
            changed: {},
            unchanged: [],
          });
          expect(memberDiff(sections.owner, membersField)).toBeUndefined();
          expect(sections.owner).toMatch(/^\s+~ exclusive: false => true$/m);
          expect(memberDiff(sections.rollout, membersField)).toBeUndefined();
          expect(sections.rollout).toMatch(/^\s+~ rollout: \{\n\s+~ drainSeconds: 30 => 60\n\s+\}$/m);
          for (const [change, section] of Object.entries(sections)) {
            expect(section, change).toMatch(/: \(update\)$/m);
            expect(lineCount(section), `${change}:\n${section}`).toBeLessThanOrEqual(MAX_LINES);
          }
        };

        const [small, middle, large] = roundsOf(cloud);
        const first = await walk.round(small);
        expect(first.preview.ok, first.preview.stderr).toBe(true);
        expectExact(first.sections);

        // What `pulumi up` shows before it asks for confirmation is the same text.
        const up = await walk.stack.upWithPreview();
        expect(up.ok, up.stderr).toBe(true);
        expect(walk.sections(previewOfUp(up.stdout))).toEqual(first.sections);

        const atMiddle = await walk.round(middle);
        expect(atMiddle.preview.ok).toBe(true);
        expectExact(atMiddle.sections);
        expect(atMiddle.sections).toEqual(first.sections);

        // The JSON a pull-request bot reads: each changed member by its path in the step's detailedDiff.
        const json = await walk.stack.previewJson();
        expect(json.ok, json.stderr).toBe(true);
        const step = (change: Change) => json.json?.steps?.find((s) => s.urn === walk.urn(change));
        const path = (change: Change) => `${membersField}[${JSON.stringify(label(change))}]`;
        const detailed = (change: Change) => step(change)?.detailedDiff;
        expect(detailed("web")).toEqual({ [`${path("web")}.weight`]: { kind: "update", inputDiff: true } });
        expect(detailed("grow")).toEqual({ [path("grow")]: { kind: "add", inputDiff: true } });
        expect(detailed("shrink")).toEqual({ [path("shrink")]: { kind: "delete", inputDiff: true } });
        expect(detailed("owner")).toEqual({ exclusive: { kind: "update", inputDiff: true } });
        expect(detailed("rollout")).toEqual({ "rollout.drainSeconds": { kind: "update", inputDiff: true } });

        const atLarge = await walk.round(large);
        expect(atLarge.preview.ok).toBe(true);
        expect(atLarge.sections).toEqual(first.sections);

        if (cloud.name === "alicloud.slb") {
          // README "Reviewing changes in pull requests" shows this very output and JSON.
          expect(readmeBlock("<!-- preview: 200 members, one weight -->")).toBe(
            withoutIdSuffix(atMiddle.sections.web).trimEnd(),
          );
          const shown = JSON.parse(
            readmeBlock("<!-- preview --json: 200 members, one weight -->"),
          ) as PreviewStep;
          const actual = step("web")!;
          expect(shown).toEqual({
            op: actual.op,
            urn: actual.urn,
            diffReasons: actual.diffReasons,
            detailedDiff: actual.detailedDiff,
          });
        }
      },
    );
  });
