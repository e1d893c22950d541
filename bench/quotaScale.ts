/**
 * `npm run bench:quotas`: the rate quotas at their documented values and deployment scale, which the test
 * suite proves with smaller windows (test/engine/quotas.engine.test.ts). Every resource's provider runs
 * in this one process, as the plugin runs them, through the real SDKs over HTTP against an emulator that
 * counts calls per sliding window at the documented quotas. For each deployment: throttled calls (target
 * 0) and the span from the first to the last counted request as the emulator received them, against the
 * quota's bound, (ceil(C / quota) − 1) windows (target within 1.1x). Writes bench/results/quotas.json;
 * about 80 seconds, most of it CLB's one-minute window.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../test/emulator";
import { BENCH_KINDS } from "./kinds";
import { RESULTS_DIR } from "./report";
import { benchProvider, benchSettings } from "./world";

const KEY = { accessKeyId: "QUOTASCALEKEY001", accessKeySecret: "quota-scale-secret" };

const DEPLOYMENTS = [
  // CLB's quota is per API: the hundred AddBackendServers are the calls it counts.
  {
    name: "CLB: 100 AddBackendServers (100 load balancers x 20 servers) at 90 per 60 s",
    kind: "alicloud.slb",
    targets: 100,
    members: 20,
    action: "AddBackendServers",
  },
  {
    name: "ENS: 10 load balancers x 100 servers at 10 per second",
    kind: "alicloud.ens",
    targets: 10,
    members: 100,
  },
  {
    name: "Huawei ELB: 10 pools x 2,000 members at 10 per second (undocumented: the cautious default)",
    kind: "huaweicloud.elb",
    targets: 10,
    members: 2000,
  },
];

async function measure(d: (typeof DEPLOYMENTS)[number]) {
  const bench = BENCH_KINDS.find((k) => k.name === d.kind)!;
  const targets = Array.from({ length: d.targets }, (_, i) => bench.target(i));
  const emulator = await startEmulator({ seed: { credentials: [KEY], ...bench.seed(targets, d.members) } });
  try {
    const settings = benchSettings(bench, emulator.endpoints, KEY, {
      BACKEND_SERVERS_RETRY_DEADLINE_MS: "300000",
    });
    const started = performance.now();
    await Promise.all(
      targets.map((target, t) =>
        benchProvider(bench, settings).create({
          ...bench.inputs(target),
          [bench.kind.schema.listField]: Array.from({ length: d.members }, (_, k) =>
            bench.member(t * d.members + k, 100),
          ),
          __provider: "bench",
        }),
      ),
    );
    const wallMs = performance.now() - started;
    const all = emulator.calls({ cloud: bench.cloud });
    const counted = d.action ? all.filter((r) => r.action === d.action) : all;
    const starts = counted.map((r) => r.startedAt);
    const spanMs = Math.max(...starts) - Math.min(...starts);
    const boundMs = (Math.ceil(counted.length / bench.quota.calls) - 1) * bench.quota.windowMs;
    const throttled = all.filter((c) => c.code?.startsWith("Throttling") || c.code?.endsWith(".0308")).length;
    return {
      name: d.name,
      calls: all.length,
      counted: counted.length,
      throttled,
      spanMs,
      boundMs,
      ratio: Number((spanMs / boundMs).toFixed(3)),
      wallMs: Math.round(wallMs),
    };
  } finally {
    await emulator.close();
  }
}

async function main(): Promise<void> {
  const results = [];
  for (const d of DEPLOYMENTS) {
    const r = await measure(d);
    results.push(r);
    console.log(
      `${r.name}: ${r.counted} calls counted (${r.calls} in all), throttled ${r.throttled}, span ${(r.spanMs / 1000).toFixed(2)} s, bound ${(r.boundMs / 1000).toFixed(2)} s, ratio ${r.ratio}`,
    );
  }
  writeFileSync(join(RESULTS_DIR, "quotas.json"), `${JSON.stringify(results, null, 2)}\n`);
  if (results.some((r) => r.throttled > 0)) process.exitCode = 1;
}

void main();
