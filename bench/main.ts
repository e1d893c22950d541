/**
 * `npm run bench` (after `npm run build`): our providers against the emulator at a fixed latency per call,
 * side by side with two usual approaches, plus the planner's CPU time, Pulumi's overhead and peak memory.
 * `npm run bench -- --quick` is the CI check: it exits non-zero when a scenario makes any number of calls
 * but the minimum. Wall-time ratios are reported, not enforced: on a shared machine they measure the
 * machine as much as the code. Options: --budget=<s> (baseline time budget), --only=<kind,...>.
 */
import { cpus, loadavg } from "node:os";
import { discoverKinds } from "./clouds/registry";
import type { Extras, ScenarioFigure } from "./figures";
import { runLifecycle } from "./lifecycle";
import { measurePeakMemory } from "./memory/peak";
import { parseOptions } from "./options";
import { benchPlanner } from "./planner";
import { sourceState } from "./sourceState";
import { measureOverhead } from "./pulumi/overhead";
import { coldStartTable, memoryLine, overheadTable, plannerTable, scenarioTable } from "./report/tables";
import { writeResults } from "./report/write";
import { describeScenario, misses, WALL_TARGET } from "./targets";
import { World } from "./world";

const progress = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const loadBefore = loadavg()[0];
  const sourceBefore = sourceState();
  const discovery = await discoverKinds();
  const kinds = discovery.kinds.filter(
    (k) => options.only.length === 0 || options.only.some((o) => k.fixture.kind.includes(o)),
  );
  for (const s of discovery.skipped) progress(`skipping ${s.kind}: ${s.reason}`);

  const figures: ScenarioFigure[] = [];
  for (const bench of kinds) {
    const sizes = options.quick ? bench.fixture.sizes.quick : bench.fixture.sizes.full;
    const world = await World.start(bench, Math.max(...sizes) * 2, options.latencyMs);
    try {
      // One small lifecycle first, discarded: module loading and compilation are not what is measured.
      await runLifecycle(world, 1, "shared", options);
      for (const members of sizes) {
        for (const mode of options.modes) {
          const started = performance.now();
          const rows = await runLifecycle(world, members, mode, options);
          figures.push(...rows);
          const worst = Math.max(...rows.map((r) => r.wallRatio));
          progress(
            `${bench.fixture.kind} ${mode} N=${members}: calls ${rows.map((r) => `${r.calls}/${r.minCalls}`).join(", ")}; ` +
              `worst wall/bound ${worst.toFixed(2)}; ${((performance.now() - started) / 1000).toFixed(1)} s`,
          );
        }
      }
    } finally {
      await world.close();
    }
  }

  progress("planner...");
  const plannerKinds = options.quick ? kinds.slice(0, 1) : kinds;
  const planner = plannerKinds.flatMap((k) => benchPlanner(k, options.plannerSizes));
  progress("Pulumi overhead and cold start...");
  const { overhead, coldStart } = await measureOverhead(kinds, options.coldStartSamples, options.latencyMs);
  const huawei = kinds.find((k) => k.fixture.kind === "huaweicloud.elb");
  let memory: Extras["memory"];
  if (options.quick) memory = { skipped: "not in --quick" };
  else if (!huawei) memory = { skipped: "huaweicloud.elb is not registered" };
  else {
    progress(`peak memory of ${options.memoryMembers} Huawei members...`);
    memory = await measurePeakMemory(huawei, options.memoryMembers, options.latencyMs);
  }

  const durationS = (Date.now() - startedAt.getTime()) / 1000;
  const extras: Extras = {
    quick: options.quick,
    startedAt: startedAt.toISOString(),
    durationS,
    node: process.version,
    cpus: `${cpus().length} x ${cpus()[0]?.model ?? "unknown"}`,
    loadAverage: { before: loadBefore, after: loadavg()[0] },
    source: { before: sourceBefore, after: sourceState() },
    latencyMs: options.latencyMs,
    baselineBudgetMs: options.baselineBudgetMs,
    skippedKinds: discovery.skipped,
    boundFormulas: Object.fromEntries(kinds.map((k) => [k.fixture.kind, k.fixture.boundFormula])),
    planner,
    overhead,
    coldStart,
    memory,
  };
  const title =
    `pulumi-backend-servers bench${options.quick ? " --quick" : ""} at ${sourceBefore?.commit ?? "?"}, ${startedAt.toISOString().slice(0, 16)}Z, ` +
    `${options.latencyMs} ms per call, ${extras.cpus}, load ${loadBefore.toFixed(1)}`;
  const written = writeResults(options.quick ? "quick" : "latest", figures, extras, title);

  console.log(`\n${title}\n`);
  console.log(scenarioTable(figures, "text"));
  console.log(
    `\nbounds: ${Object.entries(extras.boundFormulas)
      .map(([k, f]) => `${k}: ${f}`)
      .join("; ")}`,
  );
  console.log(`\nplanner (CPU time of planReconcile alone):\n${plannerTable(extras, "text")}`);
  console.log(`\n__provider text per resource:\n${overheadTable(extras, "text")}`);
  console.log(`\nplugin cold start to the first Check answer:\n${coldStartTable(extras, "text")}`);
  console.log(`\n${memoryLine(extras)}`);
  for (const s of discovery.skipped) console.log(`skipped ${s.kind}: ${s.reason}`);
  const edited = [...new Set([...(sourceBefore?.modified ?? []), ...(extras.source.after?.modified ?? [])])];
  if (edited.length > 0) console.log(`\nmeasured with uncommitted changes to: ${edited.join(", ")}`);

  const failing = figures
    .map((f) => [describeScenario(f), misses(f)] as const)
    .filter(([, m]) => m.length > 0);
  const calls = figures.filter((f) => f.calls === f.minCalls).length;
  const near = figures.filter((f) => Number(f.wallRatio.toFixed(2)) <= WALL_TARGET).length;
  console.log(
    `\n${calls}/${figures.length} scenarios at exactly the minimum calls; ` +
      `${near}/${figures.length} within ${WALL_TARGET}x of the wall-time bound; ${durationS.toFixed(0)} s in all`,
  );
  for (const [name, found] of failing) console.log(`  ${name}: ${found.join("; ")}`);
  console.log(`\nwritten: ${written.join(", ")}`);

  // The quick run checks the calls, which are exact; the full run is a report, which fails only when the
  // bench itself went wrong. Wall-time misses are printed above in both.
  const broken = figures.some((f) => f.problems.length > 0);
  const extraCalls = figures.some((f) => f.calls !== f.minCalls);
  return broken || (options.quick && extraCalls) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
