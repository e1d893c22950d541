import type { Changes, Mode, Phase } from "./scenarios";
import type { SourceState } from "./sourceState";

export type BaselineName = "perMember" | "removeThenAdd";
export const BASELINES: readonly BaselineName[] = ["perMember", "removeThenAdd"];

/** One baseline's run of a scenario, or why it was not run. */
export interface BaselineFigure {
  /** Calls it makes by its own rule, from the scenario alone. */
  expectedCalls: number;
  /** Its wall-time bound for those calls: what the time budget is checked against before it runs. */
  estimateMs: number;
  calls?: number;
  wallMs?: number;
  skipped?: string;
}

/** One scenario: what `bench/results/latest.json` holds, one object per row of the table. */
export interface ScenarioFigure {
  /** The runtime's kind name, e.g. `alicloud.slb`. */
  cloud: string;
  scenario: Phase;
  mode: Mode;
  /** N: the members the lifecycle was created with. */
  members: number;
  changes: Changes;
  batchSize: number;
  latencyMs: number;
  calls: number;
  minCalls: number;
  /** calls / minCalls: must be exactly 1. */
  callsRatio: number;
  /** The median over `wallRuns` runs from the same start. */
  wallMs: number;
  wallRuns: number;
  boundMs: number;
  boundFormula: string;
  /** wallMs / boundMs: target at most 1.2. */
  wallRatio: number;
  baselines: Record<BaselineName, BaselineFigure>;
  /** Our wall time / the baseline's (below 1: we are faster); null when the baseline was skipped. */
  baselineRatio: Record<BaselineName, number | null>;
  /** Anything that went wrong: refused calls, end states that differ, errors. */
  problems: string[];
}

export interface PlannerFigure {
  cloud: string;
  members: number;
  cpuMsPerPlan: number;
  nsPerMember: number;
  /** Calls of the model's key and needsUpdate per member in one plan: the work, free of caches and GC. */
  modelCallsPerMember: number;
}

export interface OverheadFigure {
  cloud: string;
  /** Bytes of `__provider` one resource stores, as `pulumi up` would store it. */
  providerTextBytes: number;
  /** The same, for a provider object constructed in the program and serialized whole. */
  naiveProviderTextBytes?: number;
  naiveSerializeMs?: number;
  naiveError?: string;
}

export interface ColdStartFigure {
  label: string;
  providerTextBytes: number;
  /** Plugin spawn to the first Check answer (a refusal counts: `error` says which), per sample. */
  samplesMs: number[];
  medianMs: number;
  /** The first sample's create of the resource through the plugin, against the emulator. */
  firstCreate?: string;
  error?: string;
}

export interface MemoryFigure {
  cloud: string;
  members: number;
  baseline: { rssMb: number; heapUsedMb: number };
  peak: { rssMb: number; heapUsedMb: number };
  wallMs: number;
}

/** Everything besides the scenarios: `bench/results/latest-extras.json`. */
export interface Extras {
  quick: boolean;
  startedAt: string;
  durationS: number;
  node: string;
  cpus: string;
  /** One-minute load average when the run started and ended: the machine is shared. */
  loadAverage: { before: number; after: number };
  /** The commit and any uncommitted provider files, when the run started and when it ended. */
  source: { before?: SourceState; after?: SourceState };
  latencyMs: number;
  baselineBudgetMs: number;
  boundFormulas: Record<string, string>;
  skippedKinds: { kind: string; reason: string }[];
  planner: PlannerFigure[];
  overhead: OverheadFigure[];
  coldStart: ColdStartFigure[];
  memory?: MemoryFigure | { skipped: string };
}
