import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MemoryFigure } from "./child";
import type { benchPlanner, measureProviderText } from "./extras";
import type { BaselineFigure, ScenarioFigure } from "./lifecycle";

/** Everything one run measured, and its conditions: `bench/results/<name>.json`. */
export interface Results {
  title: string;
  durationS: number;
  /** One-minute load average when the run started and ended: the machine is shared. */
  loadAverage: { before: number; after: number };
  latencyMs: number;
  baselineBudgetMs: number;
  boundFormulas: Record<string, string>;
  scenarios: ScenarioFigure[];
  planner: ReturnType<typeof benchPlanner>;
  providerText: Awaited<ReturnType<typeof measureProviderText>>;
  memory: MemoryFigure | { skipped: string };
}

export const RESULTS_DIR = join(__dirname, "results");

/** Milliseconds as people read them: 7.3 ms, 412 ms, 4.60 s, 1.7 min. */
const ms = (v: number) =>
  v < 10
    ? `${v.toFixed(1)} ms`
    : v < 1000
      ? `${Math.round(v)} ms`
      : v < 60_000
        ? `${(v / 1000).toFixed(2)} s`
        : `${(v / 60_000).toFixed(1)} min`;
const x = (v: number, digits = 2) => `${v.toFixed(digits)}x`;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  const rule = headers.map((_, i) => (rows.some((r) => /^[-+]?\d/.test(String(r[i]))) ? "---:" : "---"));
  return [line(headers), line(rule), ...rows.map(line)].join("\n");
}

/** A skipped baseline shows its expected calls and bound instead of a time. */
const baseline = (b: BaselineFigure, oursMs: number) =>
  b.wallMs === undefined
    ? [b.expectedCalls, `skip (≥ ${ms(b.boundMs)})`, "—"]
    : [b.calls!, ms(b.wallMs), x(oursMs / b.wallMs, 3)];

/** Every table in Markdown: printed by the run, written to `<name>.md`, quoted in the README. */
export function renderMarkdown(r: Results): string {
  const m = r.memory;
  const mb = (v: number) => `${v.toFixed(1)} MB`;
  return [
    `<!-- ${r.title} -->`,
    table(
      ["cloud", "mode", "scenario", "N", "calls", "min", "wall", "bound", "wall/bound"].concat([
        "per-member calls",
        "per-member wall",
        "ours/per-member",
        "remove+add calls",
        "remove+add wall",
        "ours/remove+add",
      ]),
      r.scenarios.map((f) => [
        ...[
          f.cloud,
          f.mode,
          f.scenario,
          f.members,
          f.calls,
          f.minCalls,
          ms(f.wallMs),
          ms(f.boundMs),
          x(f.wallMs / f.boundMs),
        ],
        ...baseline(f.baselines.perMember, f.wallMs),
        ...baseline(f.baselines.removeThenAdd, f.wallMs),
      ]),
    ),
    `Bounds: ${Object.entries(r.boundFormulas)
      .map(([k, f]) => `${k}: ${f}`)
      .join("; ")}.`,
    table(
      ["cloud", "members", "CPU per plan", "per member", "model calls/member"],
      r.planner.map((p) => [
        p.cloud,
        p.members,
        ms(p.cpuMsPerPlan),
        `${Math.round((p.cpuMsPerPlan * 1e6) / p.members)} ns`,
        p.modelCallsPerMember.toFixed(2),
      ]),
    ),
    table(
      ["cloud", "__provider (shipped)", "__provider (naive)", "note"],
      r.providerText.sizes.map((s) => [
        s.cloud,
        kb(s.shippedBytes),
        s.naiveBytes ? kb(s.naiveBytes) : "—",
        s.naiveError ?? "",
      ]),
    ),
    table(
      ["provider text", "size", "median to first Check answer", "samples (ms)", "answer"],
      r.providerText.coldStart.map((c) => [
        c.label,
        kb(c.bytes),
        ms(c.medianMs),
        c.samplesMs.map(Math.round).join(", "),
        c.answer,
      ]),
    ),
    "skipped" in m
      ? `Peak memory: skipped (${m.skipped}).`
      : `Peak memory, ${m.cloud} ${m.members} members (create, update, delete in ${ms(m.wallMs)}): RSS ${mb(m.peak.rssMb)} ` +
        `high-water (+${mb(m.peak.rssMb - m.before.rssMb)}), heapUsed ${mb(m.peak.heapUsedMb)} (+${mb(m.peak.heapUsedMb - m.before.heapUsedMb)}).`,
  ].join("\n\n");
}

/** The full run writes `latest`, the --quick check `quick` (ignored by git): a check never replaces the figures. */
export function writeResults(name: "latest" | "quick", results: Results): string[] {
  const json = join(RESULTS_DIR, `${name}.json`);
  const md = join(RESULTS_DIR, `${name}.md`);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(md, `${renderMarkdown(results)}\n`);
  return [json, md];
}
