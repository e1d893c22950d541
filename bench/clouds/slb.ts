import type { SlbBackendServer } from "../../test/emulator";
import { type CloudFixture, pad, sequentialBoundMs } from "./fixture";

const LB = "lb-2ze7o5h52g02kkzze7bench";
const REGION = "cn-beijing";

/**
 * Alibaba CLB: batches of 20, one unpaged Describe per read. The emulator enforces CLB's rate quotas
 * (90 writes per 60 s per region, API and account): each run has its own AccessKey, and no run of ours
 * makes more than 90 calls, so the quota shapes only the baselines' larger runs. Their bound counts
 * every call in one 90-per-minute window (writes are at least 90% of a baseline's calls), and a bound
 * over the budget skips the run, as it would take minutes against the real API too.
 */
const WRITES = 90;
const WINDOW_MS = 60_000;
export const slbFixture: CloudFixture = {
  kind: "alicloud.slb",
  cloud: "slb",
  kindModule: "provider/clouds/alicloud/slb/kind",
  sizes: { full: [1, 20, 21, 200, 201, 1000], quick: [1, 20, 21] },
  // CLB has no per-load-balancer member quota in the emulator.
  seed: () => ({ slb: { loadBalancers: [{ loadBalancerId: LB, regionId: REGION }] } }),
  inputs: { loadBalancerId: LB },
  environment: (endpoints, credential) => ({
    ALIBABA_CLOUD_ACCESS_KEY_ID: credential.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: credential.accessKeySecret,
    ALIBABA_CLOUD_REGION_ID: REGION,
    ALIBABA_CLOUD_SLB_ENDPOINT: endpoints.slb,
  }),
  // schema: serverId `i-` + 6..40 of [a-z0-9]; type defaults to ecs; weight 0..100.
  member: (i, weight) => ({ serverId: `i-bench${pad(i)}`, weight }),
  attachForeign(emulator, count) {
    const foreign: SlbBackendServer[] = Array.from({ length: count }, (_, i) => ({
      ServerId: `i-foreign${pad(i)}`,
      Type: "ecs",
      Weight: 100,
    }));
    emulator.setSlbMembers(LB, [...emulator.slbMembers(LB), ...foreign]);
  },
  snapshot: (emulator) => emulator.slbMembers(LB),
  restore: (emulator, members) => emulator.setSlbMembers(LB, members as SlbBackendServer[]),
  signature: (emulator) =>
    emulator
      .slbMembers(LB)
      .map((m) => `${m.Type}:${m.ServerId}@${m.ServerIp ?? ""}=${m.Weight}`)
      .sort(),
  readCalls: () => 1,
  boundMs: (calls, latencyMs) =>
    Math.max(sequentialBoundMs(calls, latencyMs), (Math.ceil(calls / WRITES) - 1) * WINDOW_MS),
  boundFormula: `max(minCalls × latency, (ceil(minCalls / ${WRITES}) − 1) × 60 s)`,
};
