import { join } from "node:path";
import type { BenchKind } from "../clouds/registry";
import { runChild } from "../childProcess";
import type { MemoryFigure } from "../figures";
import { World } from "../world";
import type { MemoryJob, MemoryReport } from "./child";

const MB = 1024 * 1024;

/**
 * Peak memory of our provider reconciling N members (create, mixed update, delete), measured in a child
 * process that holds nothing but the provider; the emulator, with its call log, stays here.
 */
export async function measurePeakMemory(
  bench: BenchKind,
  members: number,
  latencyMs: number,
): Promise<MemoryFigure> {
  const world = await World.start(bench, members * 2, latencyMs);
  try {
    const job: MemoryJob = {
      kind: bench.fixture.kind,
      members,
      endpoints: world.emulator.endpoints,
      credential: world.freshCredential(),
    };
    const output = await runChild(join(__dirname, "child.ts"), [], { BENCH_MEMORY_JOB: JSON.stringify(job) });
    const report = JSON.parse(output) as MemoryReport;
    return {
      cloud: bench.fixture.kind,
      members,
      baseline: { rssMb: report.baseline.rss / MB, heapUsedMb: report.baseline.heapUsed / MB },
      peak: { rssMb: report.peak.rss / MB, heapUsedMb: report.peak.heapUsed / MB },
      wallMs: report.wallMs,
    };
  } finally {
    await world.close();
  }
}
