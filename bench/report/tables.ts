import type { Extras, ScenarioFigure } from "../figures";
import { bytes, ms, ratio, renderTable } from "./format";

type Style = "text" | "markdown";

/** A skipped baseline shows its expected calls and bound instead of a time. */
function baselineCells(figure: ScenarioFigure, name: "perMember" | "removeThenAdd"): string[] {
  const b = figure.baselines[name];
  if (b.wallMs === undefined) return [`${b.expectedCalls}`, `skip (≥ ${ms(b.estimateMs)})`, "—"];
  return [`${b.calls}`, ms(b.wallMs), ratio(figure.baselineRatio[name], 3)];
}

export function scenarioTable(figures: readonly ScenarioFigure[], style: Style): string {
  const headers = [
    "cloud",
    "mode",
    "scenario",
    "N",
    "calls",
    "min",
    "calls/min",
    "wall",
    "bound",
    "wall/bound",
    "per-member calls",
    "per-member wall",
    "ours/per-member",
    "remove+add calls",
    "remove+add wall",
    "ours/remove+add",
  ];
  const rows = figures.map((f) => [
    f.cloud,
    f.mode,
    f.scenario,
    `${f.members}`,
    `${f.calls}`,
    `${f.minCalls}`,
    ratio(f.callsRatio),
    ms(f.wallMs),
    ms(f.boundMs),
    ratio(f.wallRatio),
    ...baselineCells(f, "perMember"),
    ...baselineCells(f, "removeThenAdd"),
  ]);
  return renderTable(headers, rows, style);
}

export function plannerTable(extras: Extras, style: Style): string {
  const rows = extras.planner.map((p) => {
    const first = extras.planner.find((q) => q.cloud === p.cloud)!;
    return [
      p.cloud,
      `${p.members}`,
      ms(p.cpuMsPerPlan),
      `${Math.round(p.nsPerMember)} ns`,
      ratio(p.cpuMsPerPlan / first.cpuMsPerPlan, 0),
      ratio(p.members / first.members, 0),
      `${p.modelCallsPerMember.toFixed(2)}`,
    ];
  });
  return renderTable(
    [
      "cloud",
      "members",
      "CPU per plan",
      "per member",
      "time vs smallest",
      "size vs smallest",
      "model calls/member",
    ],
    rows,
    style,
  );
}

export function overheadTable(extras: Extras, style: Style): string {
  const rows = extras.overhead.map((o) => [
    o.cloud,
    bytes(o.providerTextBytes),
    o.naiveProviderTextBytes === undefined ? "—" : bytes(o.naiveProviderTextBytes),
    o.naiveProviderTextBytes === undefined ? "—" : ratio(o.naiveProviderTextBytes / o.providerTextBytes, 0),
    o.naiveError ?? "",
  ]);
  return renderTable(
    ["cloud", "__provider (shipped)", "__provider (naive)", "naive/shipped", "note"],
    rows,
    style,
  );
}

export function coldStartTable(extras: Extras, style: Style): string {
  const rows = extras.coldStart.map((c) => [
    c.label,
    bytes(c.providerTextBytes),
    ms(c.medianMs),
    c.samplesMs.map((s) => Math.round(s)).join(", ") || "—",
    c.firstCreate ?? "—",
    c.error ?? "",
  ]);
  return renderTable(
    [
      "provider text",
      "size",
      "median to first Check answer",
      "samples (ms)",
      "then create",
      "answer / error",
    ],
    rows,
    style,
  );
}

export function memoryLine(extras: Extras): string {
  const m = extras.memory;
  if (!m) return "peak memory: not measured";
  if ("skipped" in m) return `peak memory: skipped (${m.skipped})`;
  const mb = (v: number) => `${v.toFixed(1)} MB`;
  return (
    `peak memory, ${m.cloud} ${m.members} members (create, update, delete in ${ms(m.wallMs)}): ` +
    `RSS ${mb(m.peak.rssMb)} high-water (${mb(m.baseline.rssMb)} before, +${mb(m.peak.rssMb - m.baseline.rssMb)}), ` +
    `heapUsed ${mb(m.peak.heapUsedMb)} high-water (${mb(m.baseline.heapUsedMb)} before, +${mb(m.peak.heapUsedMb - m.baseline.heapUsedMb)})`
  );
}
