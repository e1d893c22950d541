import { BENCH_KINDS, HEALTH } from "./kinds";
import { ms, table } from "./report";
import { range, resourceInputs } from "./scenarios";
import { startWorld } from "./world";

const [N, POLL_MS] = [200, 250];

/**
 * `--rollout`: the wall time of a health-gated blue/green swap of N members, for each kind with health,
 * against its bound: the health check's interval x healthy threshold (the least time before a new member
 * is declared healthy: the emulator's health model, emulator/health.ts, runs on the real clock) plus the
 * calls no swap can do without (the list, the writes, one health read that sees the members healthy, the
 * health output), each at the latency.
 */
export async function benchRollout(latencyMs: number): Promise<number> {
  const { healthCheckInterval: interval, healthyThreshold: threshold } = HEALTH;
  console.log(
    `gated blue/green swap of ${N} members: health check every ${interval} s, healthy after ${threshold} ` +
      `passes, ${latencyMs} ms per call, health read every ${POLL_MS} ms`,
  );
  const rows = [];
  for (const bench of BENCH_KINDS.filter((k) => k.healthReads)) {
    const world = await startWorld(bench, 2 * N, latencyMs);
    const provider = world.provider(world.env({ BACKEND_SERVERS_HEALTH_POLL_MS: String(POLL_MS) }));
    const rollout = { healthGate: { timeoutSeconds: 120 } };
    const colour = (first: number) => resourceInputs(bench, world.target, range(first, N), { rollout });
    const blue = await provider.create(colour(0));
    const swap = await world.measure(() => provider.update(blue.id, blue.outs, colour(N)));
    await world.close();
    const writes = swap.calls.filter((c) => /Add|Remove|batch-/.test(c.action)).length;
    const boundMs = interval * threshold * 1000 + (1 + writes + 2 * bench.healthReads!) * latencyMs;
    const [wall, bound, ratio] = [ms(swap.wallMs), ms(boundMs), (swap.wallMs / boundMs).toFixed(2)];
    rows.push({ cloud: bench.name, calls: swap.calls.length, writes, wall, bound, ratio });
  }
  console.log(table("cloud, calls, writes, wall, bound, wall / bound", rows));
  return 0;
}
