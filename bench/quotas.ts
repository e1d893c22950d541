import { BENCH_KINDS } from "./kinds";
import { table, writeResults } from "./report";
import { declared, resourceInputs } from "./scenarios";
import { startWorld } from "./world";

/** What it deploys: name, kind, load balancers or pools, members in each, the action the quota counts. */
const DEPLOYMENTS: [string, string, number, number, string?][] = [
  // CLB counts each API on its own: the hundred AddBackendServers are the calls its quota counts.
  [
    "CLB: 100 `AddBackendServers` (100 load balancers x 20), 90/60 s",
    "alicloud.slb",
    100,
    20,
    "AddBackendServers",
  ],
  ["ENS: 10 load balancers x 100 servers, 10/s", "alicloud.ens", 10, 100],
  ["Huawei ELB: 10 pools x 2,000 members, 10/s", "huaweicloud.elb", 10, 2000],
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
  for (const [deployment, kindName, count, members, action] of DEPLOYMENTS) {
    const bench = BENCH_KINDS.find((k) => k.name === kindName)!;
    const world = await startWorld(bench, members, 0, count);
    const env = world.env({ BACKEND_SERVERS_RETRY_DEADLINE_MS: "300000" });
    const create = (t: number) =>
      world.provider(env).create(resourceInputs(bench, bench.target(t), declared(t * members, members)));
    const { calls } = await world.measure(() =>
      Promise.all(Array.from({ length: count }, (_, t) => create(t))),
    );
    await world.close();
    const starts = calls.filter((c) => !action || c.action === action).map((c) => c.startedAt);
    const throttled = calls.filter((c) => /^Throttling|\.0308$/.test(c.code ?? "")).length;
    const spanS = (Math.max(...starts) - Math.min(...starts)) / 1000;
    const boundS = ((Math.ceil(starts.length / bench.quota.calls) - 1) * bench.quota.windowMs) / 1000;
    rows.push({
      deployment,
      calls: starts.length,
      throttled,
      spanS,
      boundS,
      ratio: (spanS / boundS).toFixed(3),
    });
  }
  console.log(table("Deployment, Calls, Throttled, Span (s), Bound (s), Span / bound", rows));
  console.log(`written ${writeResults("quotas", rows).join(", ")}`);
  return rows.some((r) => r.throttled > 0) ? 1 : 0;
}
