/**
 * `npm run bench:quotas`: the rate quotas at their documented values and deployment scale, which the test
 * suite proves with smaller windows (test/engine/quotas.engine.test.ts). Every resource's provider runs in
 * this one process, as the plugin runs them, through the real SDKs over HTTP against the emulator counting
 * calls per sliding window. For each deployment: throttled calls (target 0) and the span from the first
 * to the last counted request, against the quota's bound, (ceil(C / quota) − 1) windows (target 1.1x).
 * Writes bench/results/quotas.json; about 80 seconds, most of it CLB's one-minute window.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../emulator";
import { BENCH_KINDS } from "./kinds";
import { RESULTS_DIR } from "./report";
import { benchEnv, benchProvider } from "./world";

const KEY = { accessKeyId: "QUOTASCALEKEY001", accessKeySecret: "quota-scale-secret" };
/** What it deploys: name, kind, load balancers or pools, members in each, the action the quota counts. */
const DEPLOYMENTS: [string, string, number, number, string?][] = [
  // CLB counts each API on its own: the hundred AddBackendServers are the calls its quota counts.
  ["CLB: 100 load balancers x 20 servers, 90 per 60 s", "alicloud.slb", 100, 20, "AddBackendServers"],
  ["ENS: 10 load balancers x 100 servers, 10 per second", "alicloud.ens", 10, 100],
  ["Huawei ELB: 10 pools x 2,000 members, 10 per second (undocumented)", "huaweicloud.elb", 10, 2000],
];

async function measure([name, kindName, count, members, action]: (typeof DEPLOYMENTS)[number]) {
  const bench = BENCH_KINDS.find((k) => k.name === kindName)!;
  const targets = Array.from({ length: count }, (_, i) => bench.target(i));
  const emulator = await startEmulator({ seed: { credentials: [KEY], ...bench.seed(targets, members) } });
  const env = { ...benchEnv(bench, emulator.endpoints, KEY), BACKEND_SERVERS_RETRY_DEADLINE_MS: "300000" };
  const list = (t: number) => Array.from({ length: members }, (_, k) => bench.member(t * members + k, 100));
  await Promise.all(
    targets.map((target, t) =>
      benchProvider(bench, env).create({
        ...bench.inputs(target),
        [bench.kind.schema.listField]: list(t),
        __provider: "q",
      }),
    ),
  );
  const all = emulator.calls({ cloud: bench.cloud });
  await emulator.close();
  const starts = all.filter((r) => !action || r.action === action).map((r) => r.startedAt);
  const spanMs = Math.max(...starts) - Math.min(...starts);
  const boundMs = (Math.ceil(starts.length / bench.quota.calls) - 1) * bench.quota.windowMs;
  const throttled = all.filter((c) => c.code?.startsWith("Throttling") || c.code?.endsWith(".0308")).length;
  return {
    name,
    calls: all.length,
    counted: starts.length,
    throttled,
    spanMs,
    boundMs,
    ratio: Number((spanMs / boundMs).toFixed(3)),
  };
}

async function main(): Promise<void> {
  const results = [];
  for (const deployment of DEPLOYMENTS) {
    const r = await measure(deployment);
    results.push(r);
    console.log(
      `${r.name}: ${r.counted} calls counted (${r.calls} in all), throttled ${r.throttled}, span ${r.spanMs} ms, bound ${r.boundMs} ms, ratio ${r.ratio}`,
    );
  }
  writeFileSync(join(RESULTS_DIR, "quotas.json"), `${JSON.stringify(results, null, 2)}\n`);
  if (results.some((r) => r.throttled > 0)) process.exitCode = 1;
}

void main();
