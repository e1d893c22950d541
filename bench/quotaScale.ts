/**
 * `npm run bench:quotas`: the rate quotas at their documented values and deployment scale, which the test
 * suite proves with smaller windows (test/engine/quotas.engine.test.ts). Every resource's provider runs
 * in this one process, as the plugin runs them, through the real SDKs over HTTP against an emulator that
 * counts calls per sliding window at the documented quotas (test/emulator/contract/quotas.ts):
 *
 * - CLB: one hundred AddBackendServers in one deployment (100 load balancers of 20 servers), 90 per 60 s;
 * - ENS: ten load balancers of 100 servers, 10 calls per second;
 * - Huawei ELB: ten pools of 2,000 members, the cautious 10 calls per second.
 *
 * For each: throttled calls (target 0) and the span from the first to the last request as the emulator
 * received them, against the quota's bound, (ceil(C / calls) − 1) windows (target within 1.1x).
 * Results go to bench/results/quotas.json. About 80 seconds, most of it CLB's one-minute window.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensKind } from "../provider/clouds/alicloud/ens/kind";
import { slbKind } from "../provider/clouds/alicloud/slb/kind";
import { elbKind } from "../provider/clouds/huaweicloud/elb/kind";
import type { AttachmentKind } from "../provider/runtime/attachmentKind";
import { AttachmentProvider } from "../provider/runtime/attachmentProvider";
import { fixedSettings } from "../provider/runtime/settings";
import { type CallRecord, type Cloud, type EmulatorSeed, startEmulator } from "../test/emulator";
import { RESULTS_DIR } from "./report/write";

const KEY = { accessKeyId: "QUOTASCALEKEY001", accessKeySecret: "quota-scale-secret-not-for-real-clouds" };
const PROJECT = "04dd36f964000fe22f9ac00bc8a00000";
const pad = (i: number, width: number) => String(i).padStart(width, "0");

interface Case {
  name: string;
  cloud: Cloud;
  /** Which calls the quota counts together. */
  action?: string;
  quota: { calls: number; windowMs: number };
  seed: EmulatorSeed;
  kind: AttachmentKind<unknown>;
  env: (endpoints: Record<Cloud, string>) => Record<string, string>;
  /** One resource's inputs. */
  resources: Record<string, unknown>[];
}

const alibabaConfig = {
  "alicloud:accessKey": KEY.accessKeyId,
  "alicloud:secretKey": KEY.accessKeySecret,
  "alicloud:region": "cn-beijing",
};
const huaweiConfig = {
  "huaweicloud:accessKey": KEY.accessKeyId,
  "huaweicloud:secretKey": KEY.accessKeySecret,
  "huaweicloud:region": "cn-north-4",
  "huaweicloud:projectId": PROJECT,
};

const slbLbs = Array.from({ length: 100 }, (_, i) => `lb-2ze7o5h52g02kkzzscale${pad(i, 3)}`);
const ensLbs = Array.from({ length: 10 }, (_, i) => `lb-5qzdmxefgrpxd7ozscale${pad(i, 2)}`);
const pools = Array.from({ length: 10 }, (_, i) => `04a9bc65-b75b-478d-b4d6-e693bb61dd${pad(i, 2)}`);

const cases: Case[] = [
  {
    name: "CLB: 100 AddBackendServers (100 load balancers x 20 servers) at 90 per 60 s",
    cloud: "slb",
    action: "AddBackendServers",
    quota: { calls: 90, windowMs: 60_000 },
    seed: {
      slb: { loadBalancers: slbLbs.map((loadBalancerId) => ({ loadBalancerId, regionId: "cn-beijing" })) },
    },
    kind: slbKind as AttachmentKind<unknown>,
    env: (e) => ({ ALIBABA_CLOUD_SLB_ENDPOINT: e.slb }),
    resources: slbLbs.map((loadBalancerId, i) => ({
      loadBalancerId,
      backendServers: Array.from({ length: 20 }, (_, k) => ({
        serverId: `i-scale${pad(i, 3)}x${pad(k, 3)}`,
      })),
    })),
  },
  {
    name: "ENS: 10 load balancers x 100 servers at 10 per second",
    cloud: "ens",
    quota: { calls: 10, windowMs: 1000 },
    seed: { ens: { loadBalancers: ensLbs.map((loadBalancerId) => ({ loadBalancerId })) } },
    kind: ensKind as AttachmentKind<unknown>,
    env: (e) => ({ ALIBABA_CLOUD_ENS_ENDPOINT: e.ens }),
    resources: ensLbs.map((loadBalancerId, i) => ({
      loadBalancerId,
      backendServers: Array.from({ length: 100 }, (_, k) => ({
        serverId: `i-scale${pad(i, 2)}x${pad(k, 4)}`,
      })),
    })),
  },
  {
    name: "Huawei ELB: 10 pools x 2,000 members at 10 per second (undocumented: the cautious default)",
    cloud: "elb",
    quota: { calls: 10, windowMs: 1000 },
    seed: {
      elb: {
        projects: [PROJECT],
        pools: pools.map((poolId) => ({ poolId, projectId: PROJECT })),
        memberQuota: 2000,
      },
    },
    kind: elbKind as AttachmentKind<unknown>,
    env: (e) => ({ HUAWEICLOUD_ELB_ENDPOINT: e.elb }),
    resources: pools.map((poolId, i) => ({
      poolId,
      members: Array.from({ length: 2000 }, (_, k) => ({
        address: `10.${i}.${k >> 8}.${k & 255}`,
        protocolPort: 80,
      })),
    })),
  },
];

const throttledCodes = (calls: CallRecord[]) =>
  calls.filter((c) => c.code?.startsWith("Throttling") || c.code?.endsWith(".0308")).length;

async function measure(c: Case) {
  const emulator = await startEmulator({ seed: { credentials: [KEY], ...c.seed } });
  try {
    const settings = fixedSettings(c.cloud === "elb" ? huaweiConfig : alibabaConfig, {
      ...c.env(emulator.endpoints),
      BACKEND_SERVERS_RETRY_DEADLINE_MS: "300000",
    });
    const started = performance.now();
    await Promise.all(
      c.resources.map((inputs) =>
        new AttachmentProvider(c.kind, { settings, log: () => {} }).create({
          ...inputs,
          __provider: "bench",
        }),
      ),
    );
    const wallMs = performance.now() - started;
    const all = emulator.calls({ cloud: c.cloud });
    const counted = c.action ? all.filter((r) => r.action === c.action) : all;
    const starts = counted.map((r) => r.startedAt);
    const spanMs = Math.max(...starts) - Math.min(...starts);
    const boundMs = (Math.ceil(counted.length / c.quota.calls) - 1) * c.quota.windowMs;
    return {
      name: c.name,
      calls: all.length,
      counted: counted.length,
      throttled: throttledCodes(all),
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
  for (const c of cases) {
    const r = await measure(c);
    results.push(r);
    console.log(
      `${r.name}: ${r.counted} calls counted (${r.calls} in all), throttled ${r.throttled}, span ${(r.spanMs / 1000).toFixed(2)} s, bound ${(r.boundMs / 1000).toFixed(2)} s, ratio ${r.ratio}, wall ${(r.wallMs / 1000).toFixed(2)} s`,
    );
  }
  writeFileSync(join(RESULTS_DIR, "quotas.json"), `${JSON.stringify(results, null, 2)}\n`);
  if (results.some((r) => r.throttled > 0)) process.exitCode = 1;
}

void main();
