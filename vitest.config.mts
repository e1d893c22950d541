import { relative } from "node:path";
import { configDefaults, defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that run longest, longest first (measured: about 140, 126, 77 and 56 s, then 30 to 53 s
 * each). Without durations from an earlier run (CI's clean clone), vitest starts the largest files first,
 * and these are the smallest: five-line files that run a shared suite. Started last, one of them would run
 * alone on one core for a minute or two at the end of its group.
 */
const LONGEST = [
  "test/engine/attachment.dynamic.test.ts",
  "test/cli/previewSize.cli.test.ts",
  "test/soak/soak.test.ts",
  "test/engine/attachment.plugin.test.ts",
  ...["slb", "elb", "nlb", "alb", "ens", "slbVServer"].map((kind) => `test/cli/${kind}.cli.test.ts`),
];

/** Vitest's order (groups, projects, then the durations it knows), with LONGEST first where it knows none. */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const { root } = this.ctx.config;
    const rank = (spec: TestSpecification) => {
      const path = relative(root, spec.moduleId);
      const known = this.ctx.cache.getFileTestResults(`${spec.project.name}:${path}`) !== undefined;
      const at = LONGEST.indexOf(path);
      return known || at < 0 ? LONGEST.length : at;
    };
    // Vitest's order keeps each group and project together: within each, the unknown long files go first.
    const group = (spec: TestSpecification) =>
      `${spec.project.config.sequence.groupOrder}:${spec.project.name}`;
    const groupAt = new Map<string, number>();
    sorted.forEach((spec, index) => groupAt.set(group(spec), groupAt.get(group(spec)) ?? index));
    return sorted
      .map((spec, index) => ({ spec, index, group: groupAt.get(group(spec))!, rank: rank(spec) }))
      .sort((a, b) => a.group - b.group || a.rank - b.rank || a.index - b.index)
      .map(({ spec }) => spec);
  }
}

export default defineConfig({
  test: {
    // Engine-level tests start the real plugin and an emulator per file; two cores is all CI has.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: "core",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/cli/**"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The Pulumi CLI tests start a CLI, an engine and a plugin per command, several stacks at once:
        // they run after the rest, so that the time-budgeted soak never shares the cores with them.
        extends: true,
        test: { name: "cli", include: ["test/cli/**/*.test.ts"], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
