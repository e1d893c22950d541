import type { EnsBackendServer } from "../../test/emulator";
import { type CloudFixture, pad } from "./fixture";

const LB = "lb-5qzdmxefgrpxd7oz2mbench";

/**
 * ENS allows 10 calls per second per account. The emulator counts them per sliding second (each bench run
 * uses a fresh AccessKey, so every run starts with empty windows). Call k + CALLS cannot arrive less than a
 * window after call k, so the last of C calls starts no earlier than (ceil(C / CALLS) − 1) windows after
 * the first, nor before the C − 1 calls ahead of it have each taken the latency; it ends a latency later:
 * latency + max((C − 1) × latency, (ceil(C / CALLS) − 1) × window). No client can do better. The
 * provider's pacer starts each window after the answer of the call it is spaced from
 * (provider/reconcile/windowPacer.ts), which costs one latency per window against this bound.
 */
const CALLS = 10;
const WINDOW_MS = 1000;

export const ensFixture: CloudFixture = {
  kind: "alicloud.ens",
  cloud: "ens",
  kindModule: "provider/clouds/alicloud/ens/kind",
  sizes: { full: [1, 20, 21, 200, 201, 1000], quick: [1, 20, 21] },
  // The default quota of 200 members per load balancer would refuse the 1,000-member scenario.
  seed: (maxMembers) => ({
    ens: { loadBalancers: [{ loadBalancerId: LB }], backendServerQuota: Math.max(200, maxMembers) },
  }),
  inputs: { loadBalancerId: LB },
  environment: (endpoints, credential) => ({
    ALIBABA_CLOUD_ACCESS_KEY_ID: credential.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: credential.accessKeySecret,
    ALIBABA_CLOUD_ENS_ENDPOINT: endpoints.ens,
  }),
  // schema: type defaults to ens, whose serverId is `i-` + 6..40 of [a-z0-9]; weight 0..100.
  member: (i, weight) => ({ serverId: `i-bench${pad(i)}`, weight }),
  attachForeign(emulator, count) {
    const foreign: EnsBackendServer[] = Array.from({ length: count }, (_, i) => ({
      ServerId: `i-foreign${pad(i)}`,
      Type: "ens",
      Weight: 100,
    }));
    emulator.setEnsMembers(LB, [...emulator.ensMembers(LB), ...foreign]);
  },
  snapshot: (emulator) => emulator.ensMembers(LB),
  restore: (emulator, members) => emulator.setEnsMembers(LB, members as EnsBackendServer[]),
  signature: (emulator) =>
    emulator
      .ensMembers(LB)
      .map((m) => `${m.Type}:${m.ServerId}@${m.Ip ?? ""}=${m.Weight}`)
      .sort(),
  readCalls: () => 1,
  boundMs: (calls, latencyMs) =>
    calls === 0
      ? 0
      : latencyMs + Math.max((calls - 1) * latencyMs, (Math.ceil(calls / CALLS) - 1) * WINDOW_MS),
  boundFormula: `latency + max((minCalls − 1) × latency, (ceil(minCalls / ${CALLS}) − 1) × ${WINDOW_MS / 1000} s): ${CALLS} calls per sliding second per AccessKey`,
};
