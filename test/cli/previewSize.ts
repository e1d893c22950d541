/**
 * The preview of a one-member change at any size, through the real Pulumi CLI: one stack per resource
 * type holds five attachments of `n` members each, and one preview changes each of them in one way (a
 * weight, an added member, a removed member, `exclusive`, a `rollout` field). Walking the sizes up, the
 * text each change prints must stay the same. Used by previewSize.cli.test.ts and by
 * `npm run preview-lines` (previewLines.ts), which prints the line counts.
 */
import type { Emulator } from "../../emulator";
import { type CliRun, type CliStack, type CliStackOptions, resourceSection } from "../../harness/cli";
import { inputs, type Members, ours, type TestCloud } from "../clouds";

/** The attachments of the walk, one per kind of change, each with its own members. */
export const CHANGES = {
  web: "one member's weight 100 -> 50",
  grow: "one member added",
  shrink: "one member removed",
  owner: "exclusive turned on",
  rollout: "rollout.drainSeconds 30 -> 60",
} as const;
export type Change = keyof typeof CHANGES;
const NAMES = Object.keys(CHANGES) as Change[];

/** Far enough apart that no size overlaps another attachment's members. */
const OFFSET: Record<Change, number> = {
  web: 0,
  grow: 100_000,
  shrink: 200_000,
  rollout: 300_000,
  owner: 400_000,
};

/** The member each change touches: the sixth of the attachment, or one outside it. */
export const touched = (cloud: TestCloud, change: Change): string =>
  cloud.ours(OFFSET[change] + (change === "grow" ? 90_000 : 5));

/** `owner` is alone on the second target (exclusive ownership beside another attachment fails check). */
const targetOf = (cloud: TestCloud, change: Change) => (change === "owner" ? cloud.target2 : cloud.target);

/** The inputs of one attachment at `n` members, before (`changed` false) or after its change. */
function declaration(cloud: TestCloud, change: Change, n: number, changed: boolean): Record<string, unknown> {
  const members: Members = ours(cloud, n, 100, OFFSET[change]);
  const extra: Record<string, unknown> = {};
  if (changed && change === "web") members.set(touched(cloud, change), 50);
  if (changed && change === "grow") members.set(touched(cloud, change), 100);
  if (changed && change === "shrink") members.delete(touched(cloud, change));
  if (change === "owner") extra.exclusive = changed;
  if (change === "rollout") extra.rollout = { drainSeconds: changed ? 60 : 30 };
  return inputs(cloud, members, extra, targetOf(cloud, change));
}

/** The resource type as it appears in URNs: `alicloud-slb:BackendServerAttachment` (of its type name). */
export function typeToken(cloud: TestCloud): string {
  const parts = cloud.kind.schema.typeName.split(".");
  return `${parts.slice(0, -1).join("-")}:${parts.at(-1)}`;
}

/** Each attachment's part of a `preview --diff`, by change. */
export type Sections = Record<Change, string>;

/** The members of each attachment in one round. */
export type Sizes = Record<Change, number>;

export interface Round {
  sizes: Sizes;
  preview: CliRun;
  sections: Sections;
}

/**
 * One stack of the walk. `round(n)` gives every attachment `n` members (attached on the cloud, so that the
 * `pulumi up` only adopts them), then previews all five changes at once.
 */
export class PreviewWalk {
  private constructor(
    private readonly cloud: TestCloud,
    private readonly emulator: Emulator,
    readonly stack: CliStack,
  ) {}

  static async start(
    cloud: TestCloud,
    emulator: Emulator,
    newStack: (options: Omit<CliStackOptions, "cli" | "env">) => Promise<CliStack>,
    stackName?: string,
  ): Promise<PreviewWalk> {
    // Quotas far above the sizes walked: members are seeded, and one is added by `upWithPreview`.
    emulator.seed(cloud.seed({ api: { backendServerQuota: 100_000, memberQuota: 100_000 } }));
    const stack = await newStack({
      project: "web-tier",
      stackName,
      program: async () => undefined,
      config: cloud.config(),
    });
    return new PreviewWalk(cloud, emulator, stack);
  }

  urn(change: Change): string {
    return this.stack.urn(typeToken(this.cloud), change);
  }

  /** The program with each attachment at its size, changed or not. */
  private program(sizes: Sizes, changed: boolean) {
    return async () => {
      for (const change of NAMES)
        this.cloud.declareResource(change, declaration(this.cloud, change, sizes[change], changed));
    };
  }

  /** Attaches each attachment's members on the cloud and runs `pulumi up` on them (an adoption). */
  async settle(sizes: Sizes): Promise<CliRun> {
    const { cloud, emulator } = this;
    const onTarget: Members = new Map();
    for (const change of NAMES.filter((c) => c !== "owner"))
      for (const [key, weight] of ours(cloud, sizes[change], 100, OFFSET[change])) onTarget.set(key, weight);
    cloud.write(emulator, onTarget);
    cloud.write(emulator, ours(cloud, sizes.owner, 100, OFFSET.owner), cloud.target2);
    this.stack.setProgram(this.program(sizes, false));
    return this.stack.up();
  }

  /** The changed program: what `preview` and `upWithPreview` show. */
  change(sizes: Sizes): void {
    this.stack.setProgram(this.program(sizes, true));
  }

  sections(text: string): Sections {
    return Object.fromEntries(
      NAMES.map((change) => [change, resourceSection(text, this.urn(change))]),
    ) as Sections;
  }

  /** `settle`, then `pulumi preview --diff` of the five changes. */
  async round(sizes: Sizes): Promise<Round> {
    const settled = await this.settle(sizes);
    if (!settled.ok) throw new Error(`pulumi up failed:\n${settled.stdout}\n${settled.stderr}`);
    this.change(sizes);
    const preview = await this.stack.preview();
    return { sizes, preview, sections: this.sections(preview.stdout) };
  }
}

/** Every attachment at `n` members. */
export const allAt = (n: number): Sizes => Object.fromEntries(NAMES.map((change) => [change, n])) as Sizes;

/**
 * The rounds walked for a resource type: 20, 200 and 1,000 members; for Huawei (whose pool quota can be
 * raised that far) the weight change at 5,000, beside the others at 1,000, which keeps the CLI's time
 * within the suite's budget.
 */
export const roundsOf = (cloud: TestCloud): Sizes[] => [
  allAt(20),
  allAt(200),
  cloud.name === "huaweicloud.elb" ? { ...allAt(1000), web: 5000 } : allAt(1000),
];

export const lineCount = (section: string): number => (section === "" ? 0 : section.split("\n").length);
