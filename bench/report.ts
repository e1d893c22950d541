import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MemoryFigure } from "./memoryChild";
import type { benchPlanner, measureProviderText } from "./extras";
import type { BaselineFigure, ScenarioFigure } from "./lifecycle";

/** Everything one run measured, and its conditions: `bench/results/<name>.json`. */
export interface Results {
  title: string;
  durationS: number;
  /** One-minute load average when the run started and ended: the machine is shared. */
  loadAverage: { before: number; after: number };
  baselineBudgetMs: number;
  boundFormulas: Record<string, string>;
  scenarios: ScenarioFigure[];
  planner: ReturnType<typeof benchPlanner>;
  providerText: Awaited<ReturnType<typeof measureProviderText>>;
  memory: MemoryFigure | { skipped: string };
}

export const RESULTS_DIR = join(__dirname, "results");

const ms = (v: number) =>
  v < 10 ? `${v.toFixed(1)} ms` : v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(2)} s`;
const mb = (v: number) => `${v.toFixed(1)} MB`;

function table(headers: string, rows: (string | number)[][]): string {
  const cells = headers.split(", ");
  const rule = cells.map((_, i) => (rows.some((r) => /^\d/.test(String(r[i]))) ? "---:" : "---"));
  return [cells, rule, ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

/** A skipped baseline shows the calls its rule makes and its bound instead of a time. */
const baseline = (b: BaselineFigure, oursMs: number) =>
  b.wallMs === undefined
    ? [b.expectedCalls, `skip (≥ ${ms(b.boundMs)})`, "—"]
    : [b.calls!, ms(b.wallMs), `${(oursMs / b.wallMs).toFixed(3)}x`];

/** Every table in Markdown: printed by the run, written to `<name>.md`, quoted in the README. */
export function renderMarkdown(r: Results): string {
  const m = r.memory;
  return [
    `<!-- ${r.title} -->`,
    table(
      "cloud, mode, scenario, N, calls, min, wall, bound, wall/bound, per-member calls, per-member wall, " +
        "ours/per-member, remove+add calls, remove+add wall, ours/remove+add",
      r.scenarios.map((f) => [
        ...[f.cloud, f.mode, f.scenario, f.members, f.calls, f.minCalls, ms(f.wallMs), ms(f.boundMs)],
        `${(f.wallMs / f.boundMs).toFixed(2)}x`,
        ...baseline(f.baselines.perMember, f.wallMs),
        ...baseline(f.baselines.removeThenAdd, f.wallMs),
      ]),
    ),
    `Bounds: ${Object.entries(r.boundFormulas)
      .map(([k, f]) => `${k}: ${f}`)
      .join("; ")}.`,
    table(
      "cloud, members, CPU per plan, per member, model calls/member",
      r.planner.map((p) => [
        ...[p.cloud, p.members, ms(p.cpuMsPerPlan), `${Math.round((p.cpuMsPerPlan * 1e6) / p.members)} ns`],
        p.modelCallsPerMember.toFixed(2),
      ]),
    ),
    table(
      "cloud, __provider bytes per resource",
      r.providerText.sizes.map((s) => [s.cloud, s.bytes]),
    ),
    table(
      "provider text, bytes, median to first Check answer, samples (ms), answer",
      r.providerText.coldStart.map((c) => [
        c.label,
        c.bytes,
        ms(c.medianMs),
        c.samplesMs.map(Math.round).join(", "),
        c.answer,
      ]),
    ),
    "skipped" in m
      ? `Peak memory: skipped (${m.skipped}).`
      : `Peak memory, ${m.cloud} ${m.members} members (create, update, delete in ${ms(m.wallMs)}): ` +
        `RSS ${mb(m.rssMb.peak)} high-water (+${mb(m.rssMb.peak - m.rssMb.before)}), ` +
        `heapUsed ${mb(m.heapUsedMb.peak)} (+${mb(m.heapUsedMb.peak - m.heapUsedMb.before)}).`,
  ].join("\n\n");
}

/** The full run writes `latest`, the --quick check `quick` (ignored by git), so a check never replaces it. */
export function writeResults(name: "latest" | "quick", results: Results): string[] {
  const [json, md] = ["json", "md"].map((ext) => join(RESULTS_DIR, `${name}.${ext}`));
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(md, `${renderMarkdown(results)}\n`);
  return [json, md];
}
