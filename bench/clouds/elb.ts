import type { ElbMemberSeed } from "../../test/emulator";
import type { CloudFixture } from "./fixture";

const PROJECT = "04dd36f964000fe22f9ac00bc8bench0";
const POOL = "04a9bc65-b75b-478d-b4d6-e693bbbe0c10";
const REGION = "cn-north-4";
/** The largest page ELB's member list serves: a read of more members takes more calls, whoever reads. */
const LIST_PAGE = 2000;

/** A private IPv4 address per member number: IP-as-backend members need no subnet. */
const address = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
/** Foreign members come from another private range, so they can never collide with declared ones. */
const foreignAddress = (i: number) => `192.168.${(i >> 8) & 255}.${i & 255}`;

/**
 * Huawei ELB v3: batches of 200, list pages of 2,000. Huawei documents no rate quota for member calls;
 * the provider paces a cautious 10 per second per AccessKey (provider/clouds/huaweicloud/elb/quotas.ts)
 * and the emulator enforces the same, so the bound is ENS's: the last of C calls starts no earlier than
 * (ceil(C / 10) − 1) seconds after the first, nor before the C − 1 ahead of it have taken the latency.
 */
const CALLS = 10;
const WINDOW_MS = 1000;
export const elbFixture: CloudFixture = {
  kind: "huaweicloud.elb",
  cloud: "elb",
  kindModule: "provider/clouds/huaweicloud/elb/kind",
  sizes: { full: [1, 20, 21, 200, 201, 1000, 5000], quick: [1, 200, 201] },
  // The default quota of 500 members per pool would refuse the larger scenarios (foreign members too).
  seed: (maxMembers) => ({
    elb: {
      pools: [{ poolId: POOL, projectId: PROJECT, ipTargetEnable: true }],
      memberQuota: Math.max(500, maxMembers * 2),
    },
  }),
  inputs: { poolId: POOL },
  environment: (endpoints, credential) => ({
    HUAWEICLOUD_SDK_AK: credential.accessKeyId,
    HUAWEICLOUD_SDK_SK: credential.accessKeySecret,
    HUAWEICLOUD_SDK_PROJECT_ID: PROJECT,
    HUAWEICLOUD_REGION: REGION,
    HUAWEICLOUD_ELB_ENDPOINT: endpoints.elb,
  }),
  // schema: an IPv4/IPv6 address (private IPv4 when no subnetCidrId), protocolPort 0..65535, weight 0..100.
  member: (i, weight) => ({ address: address(i), protocolPort: 80, weight }),
  attachForeign(emulator, count) {
    const foreign: ElbMemberSeed[] = Array.from({ length: count }, (_, i) => ({
      address: foreignAddress(i),
      protocol_port: 80,
      weight: 1,
    }));
    emulator.setElbMembers(POOL, [...emulator.elbMembers(POOL), ...foreign]);
  },
  snapshot: (emulator) => emulator.elbMembers(POOL),
  // Members keep their ids, so what a resource recorded still names them.
  restore: (emulator, members) => emulator.setElbMembers(POOL, members as ElbMemberSeed[]),
  signature: (emulator) =>
    emulator
      .elbMembers(POOL)
      .map((m) => `${m.address}:${m.protocol_port}=${m.weight}`)
      .sort(),
  readCalls: (attached) => Math.max(1, Math.ceil(attached / LIST_PAGE)),
  boundMs: (calls, latencyMs) =>
    calls === 0
      ? 0
      : latencyMs + Math.max((calls - 1) * latencyMs, (Math.ceil(calls / CALLS) - 1) * WINDOW_MS),
  boundFormula: `latency + max((minCalls − 1) × latency, (ceil(minCalls / ${CALLS}) − 1) × ${WINDOW_MS / 1000} s) (reads: one per list page of 2,000)`,
};
