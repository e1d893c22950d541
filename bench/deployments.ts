// Whole deployments on the real clock, one provider serving all their resources as the plugin does.
import { BENCH_KINDS, HEALTH } from "./kinds";
import { ms, table, writeResults } from "./report";
import { range, resourceInputs } from "./scenarios";
import { startWorld } from "./world";

/** What it deploys: the kind, its load balancers or pools, members in each, the action the quota counts. */
const DEPLOYMENTS: [string, number, number, string?][] = [
  ["alicloud.slb", 100, 20, "AddBackendServers"], // CLB counts each API on its own
  ["alicloud.ens", 10, 100],
  ["huaweicloud.elb", 10, 2000],
];

/**
 * `--quotas`: the rate quotas at their documented values and deployment scale, which the test suite proves
 * with smaller windows (test/engine/quotas.engine.test.ts), with one AccessKey, against the emulator
 * counting calls per sliding window. For each: throttled calls (target 0) and the span from the first to
 * the last counted request, against the quota's bound, (ceil(C / quota) − 1) windows (target 1.1x).
 */
export async function benchQuotas(): Promise<number> {
  const rows = [];
  for (const [kindName, count, members, action] of DEPLOYMENTS) {
    const bench = BENCH_KINDS.find((k) => k.name === kindName)!;
    const { calls: quota, windowMs } = bench.quota;
    const deployment = `${kindName}: ${count} x ${members} members, ${action ?? "all calls"} at ${quota}/${windowMs / 1000} s`;
    const world = await startWorld(bench, members, 0, count);
    const provider = await world.provider(await world.env({ BACKEND_SERVERS_RETRY_DEADLINE_MS: "300000" }));
    const create = (t: number) =>
      provider.create(resourceInputs(bench, bench.target(t), range(t * members, members)));
    const all = () => Promise.all(Array.from({ length: count }, (_, t) => create(t)));
    const { calls } = await world.measure(all);
    await world.close();
    const starts = calls.filter((c) => !action || c.action === action).map((c) => c.startedAt);
    const throttled = calls.filter((c) => /^Throttling|\.0308$/.test(c.code ?? "")).length;
    const spanS = (Math.max(...starts) - Math.min(...starts)) / 1000;
    const boundS = ((Math.ceil(starts.length / quota) - 1) * windowMs) / 1000;
    const ratio = (spanS / boundS).toFixed(3);
    rows.push({ deployment, calls: starts.length, throttled, spanS, boundS, ratio });
  }
  console.log(table("deployment, calls, throttled, span (s), bound (s), span / bound", rows));
  console.log(`written ${writeResults("quotas", rows)}`);
  return rows.some((r) => r.throttled > 0) ? 1 : 0;
}

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
    const provider = await world.provider(
      await world.env({ BACKEND_SERVERS_HEALTH_POLL_MS: String(POLL_MS) }),
    );
    const rollout = { healthGate: { timeoutSeconds: 120 } };
    const colour = (first: number) => resourceInputs(bench, world.target, range(first, N), { rollout });
    const blue = await provider.create(colour(0));
    const swap = await world.measure(() => provider.update(blue.id, blue.outs, colour(N)));
    await world.close();
    const writes = swap.calls.filter((c) => /Add|Remove|batch-/.test(c.action)).length;
    const jobs = writes * (bench.completion?.jobMs ?? 0); // an asynchronous write waits for its job
    const boundMs = interval * threshold * 1000 + (1 + writes + 2 * bench.healthReads!) * latencyMs + jobs;
    const [wall, bound, ratio] = [ms(swap.wallMs), ms(boundMs), (swap.wallMs / boundMs).toFixed(2)];
    rows.push({ cloud: bench.name, calls: swap.calls.length, writes, wall, bound, ratio });
  }
  console.log(table("cloud, calls, writes, wall, bound, wall / bound", rows));
  return 0;
}
