import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BaselineFigure } from "./lifecycle";
import type { Results } from "./main";

export const ms = (v: number) =>
  v < 10 ? `${v.toFixed(1)} ms` : v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** The one table renderer: a row per array or object (its values), columns of numbers aligned right. */
export function table(headers: string, objects: object[]): string {
  const [cells, rows] = [headers.split(", "), objects.map((o) => Object.values(o) as unknown[])];
  const rule = cells.map((_, i) => (rows.some((r) => /^\d/.test(String(r[i]))) ? "---:" : "---"));
  return [cells, rule, ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

/** A skipped baseline shows the calls its rule makes and its bound instead of a time. */
const baseline = (b: BaselineFigure, oursMs: number) =>
  b.wallMs === undefined
    ? [b.expectedCalls, `skip (≥ ${ms(b.boundMs)})`, "—"]
    : [b.calls!, ms(b.wallMs), `${(oursMs / b.wallMs).toFixed(3)}x`];

/** Every table of a lifecycle run: printed by the run, written to `<name>.md`, quoted in the README. */
export function renderMarkdown(r: Results): string {
  const m = r.memory;
  return [
    `<!-- ${r.title} -->`,
    table(
      "cloud, mode, scenario, N, calls, min, wall, bound, wall/bound, floor/bound, runs, elapsed, " +
        "emulator beyond latency, waiting for a core, emulator CPU, provider CPU, of which event loop, " +
        "provider CPU/member",
      r.scenarios.map((f) => [
        ...[f.cloud, f.mode, f.scenario, f.members, f.calls, f.minCalls, ms(f.wallMs), ms(f.boundMs)],
        `${(f.wallMs / f.boundMs).toFixed(2)}x`,
        f.floorMs === undefined ? "—" : `${(f.floorMs / f.boundMs).toFixed(2)}x`,
        ...[f.wallRuns, ms(f.elapsedMs), ms(f.emulatorMs.beyondLatency), ms(f.waitedForCoreMs)],
        ...[ms(f.emulatorMs.cpu), ms(f.cpuMs), ms(f.eventLoopMs)],
        `${Math.round((f.cpuMs * 1000) / f.members)} µs`,
      ]),
    ),
    table(
      "cloud, mode, scenario, N, per-member calls, per-member wall, ours/per-member, remove+add calls, " +
        "remove+add wall, ours/remove+add",
      r.scenarios.map((f) => [
        ...[f.cloud, f.mode, f.scenario, f.members],
        ...baseline(f.baselines.perMember, f.wallMs),
        ...baseline(f.baselines.removeThenAdd, f.wallMs),
      ]),
    ),
    table("cloud, members, CPU ms per plan, ns per member, model calls/member", r.planner),
    table(
      "lifecycle (create, update, delete), N, calls, wall, bound, beyond the bound, emulator beyond latency, " +
        "provider main-thread CPU, by category (ms)",
      r.profiles,
    ),
    table("scrubbing an answer, strings, kB, CPU ms, ns per string", r.scrubbing),
    table("cloud, __provider bytes per resource", r.providerText.sizes),
    table("provider text, bytes, median ms to first Check, samples (ms), answer", r.providerText.coldStart),
    typeof m === "string"
      ? `Peak memory: ${m}.`
      : `Peak memory, ${m.cloud} ${m.members} members (create, update, delete in ${ms(m.wallMs)}): ` +
        `RSS ${mb(m.peak.rss)} high-water (+${mb(m.peak.rss - m.before.rss)}), ` +
        `heapUsed ${mb(m.peak.heapUsed)} (+${mb(m.peak.heapUsed - m.before.heapUsed)}).`,
  ].join("\n\n");
}

/** Writes `bench/results/<name>.json` and, when given, `<name>.md`; returns the paths. */
export function writeResults(name: string, results: object, markdown?: string): string[] {
  const paths = ["json", "md"].map((ext) => join(__dirname, "results", `${name}.${ext}`));
  writeFileSync(paths[0], `${JSON.stringify(results, null, 2)}\n`);
  if (markdown === undefined) return paths.slice(0, 1);
  writeFileSync(paths[1], `${markdown}\n`);
  return paths;
}
