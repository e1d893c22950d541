/**
 * Peak memory of our provider through the lifecycle of N members, in a process of its own (this file, run
 * through tsx) that holds nothing but the provider: the emulator has a process of its own.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { BENCH_KINDS, type BenchKind } from "./kinds";
import { type Declared, lifecycle, resourceInputs } from "./scenarios";
import { benchProvider, startWorld } from "./world";

type Job = { kind: string; members: number; env: Record<string, string> };
export type MemoryFigure = Awaited<ReturnType<typeof memory>>;

export async function measurePeakMemory(bench: BenchKind, members: number, latencyMs: number) {
  const world = await startWorld(bench, members * 2, latencyMs);
  const job = JSON.stringify({ kind: bench.name, members, env: await world.env() } satisfies Job);
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", __filename, job]);
  await world.close();
  return JSON.parse(stdout) as MemoryFigure;
}

async function memory({ kind, members, env }: Job) {
  const bench = BENCH_KINDS.find((k) => k.name === kind)!;
  const plan = lifecycle(members, "shared");
  const inputs = (list: Declared) => resourceInputs(bench, bench.target(0), list);
  const provider = benchProvider(bench, env);
  const before = process.memoryUsage();
  // heapUsed has no high-water mark of its own, unlike RSS: it is sampled while the provider works.
  let heapUsed = before.heapUsed;
  const sampler = setInterval(() => (heapUsed = Math.max(heapUsed, process.memoryUsage().heapUsed)), 2);
  const start = performance.now();
  const { id, outs } = await provider.create(inputs(plan.initial));
  await provider.delete(id, (await provider.update(id, outs, inputs(plan.next))).outs);
  const wallMs = performance.now() - start;
  clearInterval(sampler);
  heapUsed = Math.max(heapUsed, process.memoryUsage().heapUsed);
  const peak = { rss: process.resourceUsage().maxRSS * 1024, heapUsed }; // maxRSS: the kernel's, in KiB
  return { cloud: kind, members, wallMs, before: { rss: before.rss, heapUsed: before.heapUsed }, peak };
}

if (require.main === module)
  void memory(JSON.parse(process.argv[2]) as Job).then((figure) =>
    process.stdout.write(JSON.stringify(figure), () => process.exit(0)),
  );
