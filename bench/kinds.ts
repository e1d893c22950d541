import { albKind } from "../provider/clouds/alicloud/alb/kind";
import { ensKind } from "../provider/clouds/alicloud/ens/kind";
import { nlbKind } from "../provider/clouds/alicloud/nlb/kind";
import { slbKind, vServerKind } from "../provider/clouds/alicloud/slb/kind";
import { elbKind } from "../provider/clouds/huaweicloud/elb/kind";
import type { AttachmentKind } from "../provider/clouds/attachmentKind";
import type * as emu from "../emulator";
import { DOCUMENTED_QUOTAS } from "../emulator/rateQuotas";

/** What the bench needs to drive one registered kind against the emulator. */
export interface BenchKind {
  name: string; // the runtime's name, e.g. `alicloud.slb`
  cloud: emu.Cloud; // the emulator's name for the API, to filter its call log
  kind: AttachmentKind<unknown>;
  sizes: number[]; // members in a full run's lifecycles; --quick runs 1, one batch and one more
  quota: { calls: number; windowMs: number }; // the server's, per AccessKey: bounds any client's wall time
  listPage: number; // members one list call returns at most
  healthReads?: number; // calls one health read takes, for the kinds a rollout can gate on health
  target(i: number): string; // load balancer or pool number i
  seed(target: string, maxMembers: number): emu.EmulatorSeed; // member quotas raised to fit
  member(i: number, weight: number): Record<string, unknown>; // declared member i, as a program writes it
  get(emulator: emu.Emulator, target: string): unknown[]; // as stored, ids included
  set(emulator: emu.Emulator, target: string, members: unknown[]): void;
  identity(member: unknown): string; // identity and weight: end states compare equal iff these do
  /**
   * An asynchronous API (ALB, NLB): the read that follows each write's job, counted apart from the calls,
   * and how long the emulator's jobs run (seeded): every write's bound includes it.
   */
  completion?: { read: string; jobMs: number };
  setBatch?: number; // members one update call carries, where fewer than `batch` (ALB: 40)
}

export const PROJECT = "04dd36f964000fe22f9ac00bc8bench0";
/** Every target's health check (CLB's names): every 2 s, healthy after 3 passes. Only a rollout reads it. */
export const HEALTH = { healthCheckInterval: 2, healthyThreshold: 3 };
const LISTENER = { port: 80, protocol: "tcp" as const, ...HEALTH };
const POOL_HEALTH = {
  listenerIds: ["0b11747a-b139-492f-9692-2df0b1c87193"],
  healthMonitor: { delay: HEALTH.healthCheckInterval, maxRetries: HEALTH.healthyThreshold },
};
const pad = (i: number, digits = 6) => String(i).padStart(digits, "0");
/** A private IPv4 address: IP-as-backend members need no subnet. */
const privateIp = (i: number) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`;
const sizes = [1, 20, 21, 200, 201, 1000];

/** CLB and ENS members are alike: a server id and a weight. */
const alibaba = (cloud: "slb" | "ens", lbPrefix: string) => ({
  ...{ cloud, sizes, listPage: Infinity },
  target: (i: number) => `lb-${lbPrefix}bench${pad(i, 3)}`,
  member: (i: number, weight: number) => ({ serverId: `i-bench${pad(i)}`, weight }),
  identity: (m: emu.SlbBackendServer & emu.EnsBackendServer) =>
    `${m.Type}:${m.ServerId}@${m.ServerIp ?? m.Ip}=${m.Weight}`,
});

/**
 * How long an ALB or NLB job runs on the bench's emulator: the documented completion wait of the bench
 * (docs/performance.md). The vendors document none; a real job takes seconds.
 */
export const JOB_MS = 2000;

/**
 * The quick run's job time: a quarter of the full run's, for CI's time. A job still ends between two job
 * reads (the first a quarter second after the write, then every quarter second), so the bound
 * (`jobMs` per write) holds the wait the same way, at a quarter of the minutes.
 */
const QUICK_JOB_MS = 500;

/** ALB and NLB: an instance group with a listener, ECS members on port 80, pages of 100. */
const serverGroups = (api: "alb" | "nlb", jobMs = JOB_MS): BenchKind => ({
  name: `alicloud.${api}`,
  cloud: api,
  kind: (api === "alb" ? albKind : nlbKind) as AttachmentKind<unknown>,
  sizes: [1, 40, 41, 200, 201, 1000],
  // 200 writes per 60 s per API: no run of ours reaches it.
  quota: DOCUMENTED_QUOTAS[`${api}.write`],
  listPage: 100,
  // ListServerGroups, ListListeners (ALB also ListRules), GetListenerHealthStatus of the one listener.
  healthReads: api === "alb" ? 4 : 3,
  completion: { read: api === "alb" ? "ListAsynJobs" : "GetJobStatus", jobMs },
  ...(api === "alb" ? { setBatch: 40 } : {}),
  target: (i) => `sgp-${api}bench${pad(i, 8)}`,
  // NLB's 400 backends per instance is adjustable: raised for the 1,000-member scenario.
  seed: (serverGroupId, max) => ({
    [api]: {
      serverGroups: [
        {
          serverGroupId,
          regionId: "cn-beijing",
          loadBalancerId: `${api}-bench0001`,
          listeners: [{ listenerId: `lsn-${api}bench01`, port: 80, protocol: "TCP" }],
          healthCheck: { interval: HEALTH.healthCheckInterval, healthyThreshold: HEALTH.healthyThreshold },
        },
      ],
      jobMs,
      serverQuota: max + 200,
    },
  }),
  member: (i, weight) => ({ serverId: `i-bench${pad(i)}`, port: 80, weight }),
  get: (emulator, group) => emulator.serverGroupServers(group),
  set: (emulator, group, members) =>
    emulator.setServerGroupServers(group, members as emu.ServerGroupServer[]),
  identity: (m: emu.ServerGroupServer) => `${m.ServerType}:${m.ServerId}:${m.Port}=${m.Weight}`,
});

/** The kinds the runtime registers (provider/runtime.ts), named here rather than discovered. */
export const BENCH_KINDS: readonly BenchKind[] = [
  {
    ...alibaba("slb", "2ze7o5h52g02kkzz"),
    ...{ name: "alicloud.slb", kind: slbKind as AttachmentKind<unknown> },
    // 90 writes per 60 s per API: no run of ours reaches it, only the baselines' large runs, whose
    // bound counts every call in one window (writes are at least 90% of their calls).
    quota: DOCUMENTED_QUOTAS["slb.write"],
    healthReads: 3, // the listeners, each listener's attribute, DescribeHealthStatus
    seed: (loadBalancerId) => ({
      slb: { loadBalancers: [{ loadBalancerId, regionId: "cn-beijing", listeners: [LISTENER] }] },
    }),
    get: (emulator, lb) => emulator.slbMembers(lb),
    set: (emulator, lb, members) => emulator.setSlbMembers(lb, members as emu.SlbBackendServer[]),
  },
  {
    ...alibaba("ens", "5qzdmxefgrpxd7oz"),
    ...{ name: "alicloud.ens", kind: ensKind as AttachmentKind<unknown> },
    quota: DOCUMENTED_QUOTAS.ens,
    // The default quota of 200 members per load balancer would refuse the 1,000-member scenario.
    seed: (loadBalancerId, max) => ({
      ens: { loadBalancers: [{ loadBalancerId }], backendServerQuota: max + 200 },
    }),
    get: (emulator, lb) => emulator.ensMembers(lb),
    set: (emulator, lb, members) => emulator.setEnsMembers(lb, members as emu.EnsBackendServer[]),
  },
  {
    ...{ name: "huaweicloud.elb", cloud: "elb", kind: elbKind as AttachmentKind<unknown> },
    sizes: [...sizes, 5000],
    // Huawei documents no quota for member calls: the emulator enforces the provider's cautious one.
    quota: DOCUMENTED_QUOTAS.elb,
    listPage: 2000,
    healthReads: 2, // the member list and the pool
    target: (i) => `04a9bc65-b75b-478d-b4d6-e693bbbe0${pad(i, 3)}`,
    // The default quotas of 500 members per pool and per account would refuse the larger scenarios (the
    // quota bench deploys 10 pools of 2,000).
    seed: (poolId, max) => ({
      elb: {
        pools: [{ poolId, projectId: PROJECT, ...POOL_HEALTH }],
        memberQuota: max + 500,
        accountMemberQuota: 1_000_000,
      },
    }),
    member: (i, weight) => ({ address: privateIp(i), protocolPort: 80, weight }),
    get: (emulator, pool) => emulator.elbMembers(pool),
    // Members keep their ids, so what a resource recorded still names them.
    set: (emulator, pool, members) => emulator.setElbMembers(pool, members as emu.ElbMemberSeed[]),
    identity: ({ address, protocol_port, weight }: emu.ElbMember) => `${address}:${protocol_port}=${weight}`,
  },
  {
    ...{ name: "alicloud.slb.vserver", cloud: "slb", kind: vServerKind as AttachmentKind<unknown> },
    ...{ sizes, listPage: Infinity },
    // Each VServer-group write counts in a window of its own, as the default group's do.
    quota: DOCUMENTED_QUOTAS["slb.write"],
    healthReads: 3, // the listeners, each listener's attribute, DescribeHealthStatus (the group names its LB)
    target: (i) => `rsp-2zebench${pad(i, 3)}`,
    // One VServer group per load balancer, its listener forwarding to it.
    seed: (vServerGroupId) => ({
      slb: {
        loadBalancers: [
          {
            loadBalancerId: `lb-2ze9vsg${vServerGroupId.slice(4)}`,
            regionId: "cn-beijing",
            listeners: [{ ...LISTENER, vServerGroupId }],
            vServerGroups: [{ vServerGroupId }],
          },
        ],
      },
    }),
    member: (i, weight) => ({ serverId: `i-bench${pad(i)}`, port: 80, weight }),
    get: (emulator, group) => emulator.vServerGroupMembers(group),
    set: (emulator, group, members) =>
      emulator.setVServerGroupMembers(group, members as emu.SlbVServerBackendServer[]),
    identity: (m: emu.SlbVServerBackendServer) =>
      `${m.Type}:${m.ServerId}@${m.ServerIp}:${m.Port}=${m.Weight}`,
  },
  serverGroups("alb"),
  serverGroups("nlb"),
];

/** A kind as the quick run measures it: an asynchronous API's jobs at `QUICK_JOB_MS`. */
export const forQuickRun = (bench: BenchKind): BenchKind =>
  bench.cloud === "alb" || bench.cloud === "nlb" ? serverGroups(bench.cloud, QUICK_JOB_MS) : bench;
