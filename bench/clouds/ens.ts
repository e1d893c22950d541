import type { EnsBackendServer } from "../../test/emulator";
import { type CloudFixture, pad } from "./fixture";

const LB = "lb-5qzdmxefgrpxd7oz2mbench";

/**
 * ENS allows 10 calls per second per account. The emulator enforces it as a token bucket that holds
 * BUCKET calls and refills at RATE per second, starting full (each bench run uses a fresh AccessKey, so
 * every run starts with a full bucket). Call k (k = 1..C) cannot start before (k − BUCKET) / RATE
 * seconds, nor before the k − 1 calls ahead of it have each taken the latency, so the last of C calls
 * ends no earlier than latency + max((C − 1) × latency, (C − BUCKET) / RATE): no client can do better.
 * The provider's limiter keeps half the bucket in reserve (a burst of 5, see ensAccountLimit), which
 * costs up to half a second per deployment against this bound.
 */
const BUCKET = 10;
const RATE_PER_SECOND = 10;

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
      : latencyMs + Math.max((calls - 1) * latencyMs, (1000 * (calls - BUCKET)) / RATE_PER_SECOND),
  boundFormula: `latency + max((minCalls − 1) × latency, (minCalls − ${BUCKET}) / ${RATE_PER_SECOND} s): a bucket of ${BUCKET} calls refilled at ${RATE_PER_SECOND}/s per AccessKey`,
};
