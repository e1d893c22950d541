/**
 * `npm run bench`: our providers against the emulator at 20 ms per call, side by side with two usual
 * approaches, plus the planner's CPU time, the stored provider text, the plugin's cold start and peak
 * memory; about 4.5 minutes, writing bench/results/latest.{md,json}. `npm run bench -- --quick` is the
 * check CI runs: one mode, the sizes around one batch, one cold-start sample, no memory run, written to
 * bench/results/quick.*. Both fail when a scenario makes any number of calls but the minimum through the
 * real SDKs over HTTP, or a baseline ends anywhere but where ours did. Wall-time ratios are reported,
 * never enforced: on a shared machine they measure the machine as much as the code.
 * Options: --budget=<s> (a baseline whose bound exceeds it is skipped), --only=<kind,...>.
 */
import { cpus, loadavg } from "node:os";
import { benchPlanner, measurePeakMemory, measureProviderText } from "./extras";
import { BENCH_KINDS } from "./kinds";
import { runLifecycle, type ScenarioFigure } from "./lifecycle";
import { renderMarkdown, type Results, writeResults } from "./report";
import { boundFormula, type Mode } from "./scenarios";
import { World } from "./world";

const LATENCY_MS = 20;
const progress = (line: string) => process.stderr.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const quick = argv.includes("--quick");
  const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const only = option("only")?.split(",") ?? [""];
  const kinds = BENCH_KINDS.filter((k) => only.some((o) => k.name.includes(o)));
  const modes: Mode[] = quick ? ["shared"] : ["shared", "exclusive"];
  const budgetS = Number(option("budget")) || (quick ? 3 : 5);
  const options = { baselineBudgetMs: budgetS * 1000, repeatBelowMs: 500, repeats: quick ? 5 : 3 };
  const started = Date.now();
  const load = loadavg()[0];

  const scenarios: ScenarioFigure[] = [];
  for (const bench of kinds) {
    const sizes = quick ? bench.sizes.quick : bench.sizes.full;
    const world = await World.start(bench, Math.max(...sizes) * 2, LATENCY_MS);
    // One small lifecycle first, discarded: module loading and compilation are not what is measured.
    await runLifecycle(world, 1, "shared", options);
    for (const members of sizes)
      for (const mode of modes) {
        const rows = await runLifecycle(world, members, mode, options);
        scenarios.push(...rows);
        progress(
          `${bench.name} ${mode} N=${members}: calls ${rows.map((r) => `${r.calls}/${r.minCalls}`).join(", ")}`,
        );
      }
    await world.close();
  }

  progress("planner, memory, provider text, cold start...");
  const planner = (quick ? kinds.slice(0, 1) : kinds).flatMap((k) =>
    benchPlanner(k, [1_000, 10_000, 100_000]),
  );
  const huawei = kinds.find((k) => k.name === "huaweicloud.elb");
  const memory =
    quick || !huawei
      ? { skipped: quick ? "not in --quick" : "huaweicloud.elb not run" }
      : await measurePeakMemory(huawei, 5_000, LATENCY_MS);
  const providerText = await measureProviderText(kinds[0], quick ? 1 : 3, LATENCY_MS);

  const when = new Date(started).toISOString().slice(0, 16);
  const machine = `${cpus().length} x ${cpus()[0]?.model}, Node ${process.version}`;
  const results: Results = {
    title: `bench${quick ? " --quick" : ""} ${when}Z, ${LATENCY_MS} ms per call, ${machine}, load ${load.toFixed(1)}`,
    durationS: (Date.now() - started) / 1000,
    loadAverage: { before: load, after: loadavg()[0] },
    baselineBudgetMs: options.baselineBudgetMs,
    boundFormulas: Object.fromEntries(kinds.map((k) => [k.name, boundFormula(k)])),
    ...{ scenarios, planner, providerText, memory },
  };
  const written = writeResults(quick ? "quick" : "latest", results);
  console.log(`${renderMarkdown(results)}\n`);

  const failing = scenarios.filter((f) => f.calls !== f.minCalls || f.problems.length > 0);
  for (const f of failing)
    console.log(
      `FAIL ${f.cloud} ${f.mode} ${f.scenario} N=${f.members}: ${f.calls} calls, minimum ${f.minCalls}; ${f.problems}`,
    );
  const near = scenarios.filter((f) => Number((f.wallMs / f.boundMs).toFixed(2)) <= 1.2).length;
  console.log(
    `${scenarios.length - failing.length}/${scenarios.length} scenarios at exactly the minimum calls with no problem; ` +
      `${near} within 1.2x of the wall-time bound; ${results.durationS.toFixed(0)} s; written ${written.join(", ")}`,
  );
  return failing.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
