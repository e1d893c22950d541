import { BENCH_KINDS } from "./kinds";
import { table, writeResults } from "./report";
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
 * with smaller windows (test/engine/quotas.engine.test.ts). Every resource's provider runs in this one
 * process, as the plugin runs them, with one AccessKey, against the emulator counting calls per sliding
 * window. For each deployment: throttled calls (target 0) and the span from the first to the last counted
 * request, against the quota's bound, (ceil(C / quota) − 1) windows (target 1.1x).
 */
export async function benchQuotas(): Promise<number> {
  const rows = [];
  for (const [kindName, count, members, action] of DEPLOYMENTS) {
    const bench = BENCH_KINDS.find((k) => k.name === kindName)!;
    const { calls: quota, windowMs } = bench.quota;
    const deployment = `${kindName}: ${count} x ${members} members, ${action ?? "all calls"} at ${quota}/${windowMs / 1000} s`;
    const world = await startWorld(bench, members, 0, count);
    // One provider for every resource, as the plugin serves a deployment: its pacer is theirs.
    const provider = world.provider(world.env({ BACKEND_SERVERS_RETRY_DEADLINE_MS: "300000" }));
    const create = (t: number) =>
      provider.create(resourceInputs(bench, bench.target(t), range(t * members, members)));
    const all = () => Promise.all(Array.from({ length: count }, (_, t) => create(t)));
    const { calls } = await world.measure(all);
    await world.close();
    const starts = calls.filter((c) => !action || c.action === action).map((c) => c.startedAt);
    const throttled = calls.filter((c) => /^Throttling|\.0308$/.test(c.code ?? "")).length;
    const spanS = (Math.max(...starts) - Math.min(...starts)) / 1000;
    const boundS = ((Math.ceil(starts.length / quota) - 1) * windowMs) / 1000;
    rows.push({
      deployment,
      calls: starts.length,
      throttled,
      spanS,
      boundS,
      ratio: (spanS / boundS).toFixed(3),
    });
  }
  console.log(table("deployment, calls, throttled, span (s), bound (s), span / bound", rows));
  console.log(`written ${writeResults("quotas", rows)}`);
  return rows.some((r) => r.throttled > 0) ? 1 : 0;
}
