/**
 * Run as a child process by `peak.ts`: our provider alone (the emulator stays in the parent), so that
 * the memory figures are the provider's. Reads its job from BENCH_MEMORY_JOB, runs create, the mixed
 * update and delete of N members, and prints what it measured as JSON.
 */
import type { Emulator, EmulatorCredential } from "../../test/emulator";
import { AttachmentProvider } from "../../provider/runtime/attachmentProvider";
import { benchSettings } from "../clouds/fixture";
import { FIXTURES, loadKind } from "../clouds/loadKind";
import { lifecycle } from "../scenarios";

export interface MemoryJob {
  kind: string;
  members: number;
  endpoints: Emulator["endpoints"];
  credential: EmulatorCredential;
}

export interface MemoryReport {
  baseline: { rss: number; heapUsed: number };
  peak: { rss: number; heapUsed: number };
  wallMs: number;
}

async function main(job: MemoryJob): Promise<MemoryReport> {
  const fixture = FIXTURES.find((f) => f.kind === job.kind)!;
  const kind = loadKind(fixture);
  if (typeof kind === "string") throw new Error(kind);
  const plan = lifecycle(job.members, "shared");
  const inputs = (list: typeof plan.initial) => ({
    ...fixture.inputs,
    [kind.schema.listField]: list.map((m) => fixture.member(m.index, m.weight)),
    __provider: "bench",
  });
  const provider = new AttachmentProvider(kind, {
    settings: benchSettings(fixture, job.endpoints, job.credential),
    log: () => {},
  });

  const baseline = process.memoryUsage();
  // heapUsed has no high-water mark of its own: sample it while the reconcile runs (RSS has one, below).
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 2);
  const start = performance.now();
  const { id, outs } = await provider.create(inputs(plan.initial));
  const { outs: after } = await provider.update(id, outs, inputs(plan.next));
  await provider.delete(id, after);
  const wallMs = performance.now() - start;
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  return {
    baseline: { rss: baseline.rss, heapUsed: baseline.heapUsed },
    // The kernel's maximum resident set size of this process (KiB), which no sampling can miss.
    peak: { rss: process.resourceUsage().maxRSS * 1024, heapUsed: peakHeap },
    wallMs,
  };
}

main(JSON.parse(process.env.BENCH_MEMORY_JOB ?? "{}") as MemoryJob).then(
  (report) => {
    process.stdout.write(JSON.stringify(report));
    process.exit(0);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
