/**
 * `npm run bench:rollout`: the wall time of a health-gated blue/green swap of 200 members, CLB and Huawei,
 * against its bound: the health check's interval x healthy threshold (the least time a new member takes
 * to be declared healthy) plus the calls no swap can do without (the list, the writes, one health read
 * that sees the members healthy, the health output), each at the injected latency. The emulator runs on the real
 * clock here; its health model (emulator/health.ts) turns a member healthy interval x threshold
 * after it was attached.
 */
import { slbKind } from "../provider/clouds/alicloud/slb/kind";
import { elbKind } from "../provider/clouds/huaweicloud/elb/kind";
import type { AttachmentKind } from "../provider/clouds/attachmentKind";
import { AttachmentProvider } from "../provider/runtime/attachmentProvider";
import { fixedSettings } from "../provider/reconcile/settings";
import { startEmulator } from "../emulator";

const N = 200;
const LATENCY_MS = 20;
const INTERVAL_S = 2;
const THRESHOLD = 3;
const POLL_MS = 250;
const KEY = { accessKeyId: "ROLLOUTBENCH001", accessKeySecret: "rollout-bench-secret" };
const LB = "lb-2ze7o5h52g02kkzze7lru";
const POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35";
const PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d";

interface Case {
  name: string;
  cloud: "slb" | "elb";
  kind: AttachmentKind<unknown>;
  inputs: Record<string, unknown>;
  member(colour: string, i: number): Record<string, unknown>;
  /** Calls one health read takes: CLB its listeners, each listener's attribute and DescribeHealthStatus; Huawei the list and the pool. */
  readsPerHealth: number;
}

const CASES: Case[] = [
  {
    name: "CLB",
    cloud: "slb",
    kind: slbKind as AttachmentKind<unknown>,
    inputs: { loadBalancerId: LB, regionId: "cn-beijing" },
    member: (colour, i) => ({ serverId: `i-${colour}${String(i).padStart(8, "0")}` }),
    readsPerHealth: 3,
  },
  {
    name: "Huawei",
    cloud: "elb",
    kind: elbKind as AttachmentKind<unknown>,
    inputs: { poolId: POOL, projectId: PROJECT, region: "cn-north-4" },
    member: (colour, i) => ({
      address: `10.${colour === "blue" ? 1 : 2}.${i >> 8}.${i & 255}`,
      protocolPort: 80,
    }),
    readsPerHealth: 2,
  },
];

async function swap(c: Case) {
  const emulator = await startEmulator({
    seed: {
      credentials: [KEY],
      slb: {
        loadBalancers: [
          {
            loadBalancerId: LB,
            regionId: "cn-beijing",
            listeners: [
              { port: 80, protocol: "tcp", healthCheckInterval: INTERVAL_S, healthyThreshold: THRESHOLD },
            ],
          },
        ],
      },
      elb: {
        pools: [
          {
            poolId: POOL,
            projectId: PROJECT,
            healthMonitor: { delay: INTERVAL_S, maxRetries: THRESHOLD },
            listenerIds: ["0b11747a-b139-492f-9692-2df0b1c87193"],
          },
        ],
      },
    },
  });
  try {
    emulator.inject({ kind: "latency", latencyMs: LATENCY_MS });
    const env = {
      ALIBABA_CLOUD_SLB_ENDPOINT: emulator.endpoints.slb,
      ALIBABA_CLOUD_ACCESS_KEY_ID: KEY.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY.accessKeySecret,
      HUAWEICLOUD_ELB_ENDPOINT: emulator.endpoints.elb,
      HUAWEICLOUD_SDK_AK: KEY.accessKeyId,
      HUAWEICLOUD_SDK_SK: KEY.accessKeySecret,
      BACKEND_SERVERS_HEALTH_POLL_MS: String(POLL_MS),
    };
    const provider = new AttachmentProvider(c.kind, { settings: fixedSettings({}, env), log: () => {} });
    const list = c.cloud === "slb" ? "backendServers" : "members";
    const colour = (name: string) => Array.from({ length: N }, (_, i) => c.member(name, i));
    const rollout = { healthGate: { timeoutSeconds: 120 } };
    const created = await provider.create({ ...c.inputs, [list]: colour("blue"), rollout, __provider: "p" });
    emulator.clearCalls();
    const start = performance.now();
    await provider.update(created.id, created.outs, {
      ...c.inputs,
      [list]: colour("green"),
      rollout,
      __provider: "p",
    });
    const wallMs = performance.now() - start;
    const calls = emulator.calls({ cloud: c.cloud });
    const writes = calls.filter((x) => /Add|Remove|batch-/.test(x.action)).length;
    // The least a swap can take: the member list, the additions, interval x threshold for the last one
    // added to be declared healthy, the health read that sees it, the removals, and the health output.
    const boundMs = INTERVAL_S * THRESHOLD * 1000 + (1 + writes + 2 * c.readsPerHealth) * LATENCY_MS;
    return { name: c.name, wallMs, boundMs, calls: calls.length, writes };
  } finally {
    await emulator.close();
  }
}

async function main() {
  console.log(
    `gated blue/green swap of ${N} members: health check every ${INTERVAL_S} s, healthy after ${THRESHOLD} passes, ` +
      `${LATENCY_MS} ms per call, health read every ${POLL_MS} ms`,
  );
  console.log("| cloud | calls | of which writes | wall | bound | wall / bound |");
  console.log("| ----- | ----: | --------------: | ---: | ----: | -----------: |");
  for (const c of CASES) {
    const r = await swap(c);
    console.log(
      `| ${r.name} | ${r.calls} | ${r.writes} | ${(r.wallMs / 1000).toFixed(2)} s | ${(r.boundMs / 1000).toFixed(2)} s | ${(r.wallMs / r.boundMs).toFixed(2)} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
