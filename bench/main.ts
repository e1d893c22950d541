/**
 * The bench (README "Performance", "Rate quotas", "Rolling out"), against the emulator through the real
 * SDKs over HTTP. `npm run bench`: every kind's lifecycles at 20 ms per call beside two usual approaches,
 * the planner's CPU time, the stored provider text, the plugin's cold start and peak memory; about 4.5
 * minutes, into bench/results/latest.*. `--quick`, the check CI runs: one mode, the sizes around one
 * batch, one cold-start sample, no memory run, into bench/results/quick.*. Both fail when a scenario makes
 * any number of calls but the minimum, or a baseline ends anywhere but where ours did. Wall-time ratios
 * are reported, never enforced: on a shared machine they measure the machine as much as the code.
 * `--quotas` (bench/quotas.ts) and `--rollout` (bench/rollout.ts) are `npm run bench:quotas` / `bench:rollout`.
 */
import { cpus, loadavg } from "node:os";
import { benchPlanner, measureProviderText } from "./extras";
import { BENCH_KINDS } from "./kinds";
import { BASELINE_BUDGET_MS, runLifecycle, type ScenarioFigure } from "./lifecycle";
import { measurePeakMemory } from "./memory";
import { benchQuotas } from "./quotas";
import { renderMarkdown, writeResults } from "./report";
import { benchRollout } from "./rollout";
import { boundFormula } from "./scenarios";
import { startWorld } from "./world";

const LATENCY_MS = 20;
const progress = (line: string) => process.stderr.write(`${line}\n`);
export type Results = Awaited<ReturnType<typeof measure>>;

async function measure(quick: boolean) {
  const [started, load] = [Date.now(), loadavg()[0]];
  const scenarios: ScenarioFigure[] = [];
  for (const bench of BENCH_KINDS) {
    const sizes = quick ? bench.sizes.quick : bench.sizes.full;
    const world = await startWorld(bench, Math.max(...sizes) * 2, LATENCY_MS);
    await runLifecycle(world, 1, "shared"); // discarded: module loading and compilation are not measured
    for (const members of sizes)
      for (const mode of quick ? (["shared"] as const) : (["shared", "exclusive"] as const)) {
        const rows = await runLifecycle(world, members, mode);
        scenarios.push(...rows);
        progress(`${bench.name} ${mode} N=${members}: calls ${rows.map((r) => `${r.calls}/${r.minCalls}`)}`);
      }
    await world.close();
  }
  progress("planner, memory, provider text, cold start...");
  const planner = BENCH_KINDS.slice(0, quick ? 1 : 3).flatMap((k) =>
    [1e3, 1e4, 1e5].map((n) => benchPlanner(k, n)),
  );
  const memory = quick
    ? { skipped: "not in --quick" }
    : await measurePeakMemory(BENCH_KINDS[2], 5000, LATENCY_MS);
  const providerText = await measureProviderText(BENCH_KINDS[0], quick ? 1 : 3, LATENCY_MS);
  const machine = `${cpus().length} x ${cpus()[0]?.model}, Node ${process.version}, load ${load.toFixed(1)}`;
  return {
    title: `bench${quick ? " --quick" : ""} ${new Date(started).toISOString().slice(0, 16)}Z, ${LATENCY_MS} ms per call, ${machine}`,
    durationS: (Date.now() - started) / 1000,
    loadAverage: { before: load, after: loadavg()[0] }, // one minute's: the machine is shared
    baselineBudgetMs: BASELINE_BUDGET_MS,
    boundFormulas: Object.fromEntries(BENCH_KINDS.map((k) => [k.name, boundFormula(k)])),
    ...{ scenarios, planner, providerText, memory },
  };
}

async function lifecycles(quick: boolean): Promise<number> {
  const results = await measure(quick);
  const markdown = renderMarkdown(results);
  const written = writeResults(quick ? "quick" : "latest", results, markdown);
  console.log(`${markdown}\n`);
  const { scenarios, durationS } = results;
  const failing = scenarios.filter((f) => f.calls !== f.minCalls || f.problems.length > 0);
  for (const f of failing)
    console.log(
      `FAIL ${f.cloud} ${f.mode} ${f.scenario} N=${f.members}: ${f.calls}/${f.minCalls} calls; ${f.problems}`,
    );
  const near = scenarios.filter((f) => Number((f.wallMs / f.boundMs).toFixed(2)) <= 1.2).length;
  console.log(
    `${scenarios.length - failing.length}/${scenarios.length} scenarios at exactly the minimum calls with no problem; ` +
      `${near} within 1.2x of the wall-time bound; ${durationS.toFixed(0)} s; written ${written.join(", ")}`,
  );
  return failing.length > 0 ? 1 : 0;
}

const argv = process.argv.slice(2);
const mode = argv.includes("--quotas")
  ? benchQuotas()
  : argv.includes("--rollout")
    ? benchRollout(LATENCY_MS)
    : lifecycles(argv.includes("--quick"));
mode.then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
