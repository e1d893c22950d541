import type { Mode } from "./scenarios";

export interface BenchOptions {
  quick: boolean;
  /** Injected on every API call by the emulator. */
  latencyMs: number;
  modes: Mode[];
  /** A baseline run whose bound exceeds this is skipped (ENS per-member at large N would take minutes). */
  baselineBudgetMs: number;
  /** Scenarios whose bound is at most this run `repeats` times, and report the median wall time. */
  repeatBelowMs: number;
  repeats: number;
  /** Planner sizes: desired and actual members alike. */
  plannerSizes: number[];
  /** Plugin cold starts per provider text; the median is reported. */
  coldStartSamples: number;
  /** The Huawei lifecycle whose peak memory is reported. */
  memoryMembers: number;
  /** Only kinds whose name contains one of these (--only=ens,elb); all when empty. */
  only: string[];
}

/**
 * `npm run bench` runs everything in a few minutes; `npm run bench -- --quick` is the CI check (under a
 * minute): one mode, the sizes around one batch, shorter baseline budget, one cold-start sample.
 */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes("--quick");
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const given = Number(value("budget"));
  const budgetS = Number.isFinite(given) && given > 0 ? given : quick ? 3 : 5;
  return {
    quick,
    latencyMs: 20,
    modes: quick ? ["shared"] : ["shared", "exclusive"],
    baselineBudgetMs: budgetS * 1000,
    repeatBelowMs: 500,
    repeats: quick ? 5 : 3,
    plannerSizes: [1_000, 10_000, 100_000],
    coldStartSamples: quick ? 1 : 3,
    memoryMembers: 5_000,
    only: (value("only") ?? "").split(",").filter(Boolean),
  };
}
