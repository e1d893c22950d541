/**
 * Run by bench/extras.ts in a process of its own: our provider alone (the emulator stays in the parent) through the lifecycle of
 * N members, so that the memory high-water marks are the provider's. Prints them as JSON.
 */
import { BENCH_KINDS } from "./kinds";
import { lifecycle } from "./scenarios";
import { benchProvider } from "./world";

export type MemoryJob = { kind: string; members: number; env: Record<string, string> };
export type MemoryFigure = Awaited<ReturnType<typeof memory>>;

async function memory(job: MemoryJob) {
  const bench = BENCH_KINDS.find((k) => k.name === job.kind)!;
  const plan = lifecycle(job.members, "shared");
  const inputs = (list: typeof plan.initial) => ({
    ...bench.inputs(bench.target(0)),
    [bench.kind.schema.listField]: list.map((m) => bench.member(m.index, m.weight)),
    __provider: "bench",
  });
  const provider = benchProvider(bench, job.env);
  const MB = 1024 * 1024;
  const before = process.memoryUsage();
  // heapUsed has no high-water mark of its own: it is sampled while the reconcile runs.
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 2);
  const start = performance.now();
  const { id, outs } = await provider.create(inputs(plan.initial));
  await provider.delete(id, (await provider.update(id, outs, inputs(plan.next))).outs);
  const wallMs = performance.now() - start;
  clearInterval(sampler);
  return {
    ...{ cloud: job.kind, members: job.members, wallMs },
    rssMb: { before: before.rss / MB, peak: (process.resourceUsage().maxRSS * 1024) / MB }, // the kernel's maximum
    heapUsedMb: {
      before: before.heapUsed / MB,
      peak: Math.max(peakHeap, process.memoryUsage().heapUsed) / MB,
    },
  };
}

memory(JSON.parse(process.argv[2]) as MemoryJob).then(
  (result) => process.stdout.write(JSON.stringify(result), () => process.exit(0)),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
