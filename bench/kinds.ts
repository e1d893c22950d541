import { ensKind } from "../provider/clouds/alicloud/ens/kind";
import { slbKind } from "../provider/clouds/alicloud/slb/kind";
import { elbKind } from "../provider/clouds/huaweicloud/elb/kind";
import type { AttachmentKind } from "../provider/clouds/attachmentKind";
import type * as emu from "../emulator";

type Inputs = Record<string, unknown>;
type Endpoints = emu.Emulator["endpoints"];

/** What the bench needs to drive one registered kind against the emulator. */
export interface BenchKind {
  name: string; // the runtime's name, e.g. `alicloud.slb`
  cloud: emu.Cloud; // the emulator's name for the API, to filter its call log
  kind: AttachmentKind<unknown>;
  sizes: { full: number[]; quick: number[] };
  quota: { calls: number; windowMs: number }; // per AccessKey: bounds any client's wall time
  listPage: number; // members one list call returns at most
  target(i: number): string; // load balancer or pool number i
  seed(targets: string[], maxMembers: number): emu.EmulatorSeed; // member quotas raised to fit
  inputs(target: string): Inputs; // top-level inputs but the member list and `exclusive`
  env(endpoints: Endpoints, key: emu.EmulatorCredential): Record<string, string>; // what a user exports
  member(i: number, weight: number): Inputs; // declared member i, as a program writes it
  foreign(i: number): unknown; // member i no resource declares, as the emulator stores it
  get(emulator: emu.Emulator, target: string): unknown[]; // as stored, ids included
  set(emulator: emu.Emulator, target: string, members: unknown[]): void;
  identity(member: unknown): string; // identity and weight: end states compare equal iff these do
}

const pad = (i: number) => String(i).padStart(6, "0");
const alibabaEnv = (credential: emu.EmulatorCredential) => ({
  ALIBABA_CLOUD_ACCESS_KEY_ID: credential.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: credential.accessKeySecret,
  ALIBABA_CLOUD_REGION_ID: "cn-beijing",
});
const PROJECT = "04dd36f964000fe22f9ac00bc8bench0";

/** The three kinds the runtime registers (provider/runtime.ts), named here rather than discovered. */
export const BENCH_KINDS: readonly BenchKind[] = [
  {
    name: "alicloud.slb",
    cloud: "slb",
    kind: slbKind as AttachmentKind<unknown>,
    sizes: { full: [1, 20, 21, 200, 201, 1000], quick: [1, 20, 21] },
    // 90 writes per 60 s per API: no run of ours reaches it, only the baselines' large runs, whose
    // bound counts every call in one window (writes are at least 90% of their calls).
    quota: { calls: 90, windowMs: 60_000 },
    listPage: Infinity,
    target: (i) => `lb-2ze7o5h52g02kkzzbench${String(i).padStart(3, "0")}`,
    seed: (lbs) => ({
      slb: { loadBalancers: lbs.map((loadBalancerId) => ({ loadBalancerId, regionId: "cn-beijing" })) },
    }),
    inputs: (loadBalancerId) => ({ loadBalancerId }),
    env: (e, credential) => ({ ...alibabaEnv(credential), ALIBABA_CLOUD_SLB_ENDPOINT: e.slb }),
    member: (i, weight) => ({ serverId: `i-bench${pad(i)}`, weight }),
    foreign: (i) => ({ ServerId: `i-foreign${pad(i)}`, Type: "ecs", Weight: 100 }),
    get: (emulator, lb) => emulator.slbMembers(lb),
    set: (emulator, lb, members) => emulator.setSlbMembers(lb, members as emu.SlbBackendServer[]),
    identity: ({ Type, ServerId, ServerIp, Weight }: emu.SlbBackendServer) =>
      `${Type}:${ServerId}@${ServerIp}=${Weight}`,
  },
  {
    name: "alicloud.ens",
    cloud: "ens",
    kind: ensKind as AttachmentKind<unknown>,
    sizes: { full: [1, 20, 21, 200, 201, 1000], quick: [1, 20, 21] },
    quota: { calls: 10, windowMs: 1000 },
    listPage: Infinity,
    target: (i) => `lb-5qzdmxefgrpxd7ozbench${String(i).padStart(3, "0")}`,
    // The default quota of 200 members per load balancer would refuse the 1,000-member scenario.
    seed: (lbs, max) => ({
      ens: {
        loadBalancers: lbs.map((loadBalancerId) => ({ loadBalancerId })),
        backendServerQuota: Math.max(200, max),
      },
    }),
    inputs: (loadBalancerId) => ({ loadBalancerId }),
    env: (e, credential) => ({ ...alibabaEnv(credential), ALIBABA_CLOUD_ENS_ENDPOINT: e.ens }),
    member: (i, weight) => ({ serverId: `i-bench${pad(i)}`, weight }),
    foreign: (i) => ({ ServerId: `i-foreign${pad(i)}`, Type: "ens", Weight: 100 }),
    get: (emulator, lb) => emulator.ensMembers(lb),
    set: (emulator, lb, members) => emulator.setEnsMembers(lb, members as emu.EnsBackendServer[]),
    identity: ({ Type, ServerId, Ip, Weight }: emu.EnsBackendServer) => `${Type}:${ServerId}@${Ip}=${Weight}`,
  },
  {
    name: "huaweicloud.elb",
    cloud: "elb",
    kind: elbKind as AttachmentKind<unknown>,
    sizes: { full: [1, 20, 21, 200, 201, 1000, 5000], quick: [1, 200, 201] },
    // Huawei documents no quota for member calls: the provider paces a cautious 10 per second per
    // AccessKey (provider/clouds/huaweicloud/elb/quotas.ts) and the emulator enforces the same.
    quota: { calls: 10, windowMs: 1000 },
    listPage: 2000,
    target: (i) => `04a9bc65-b75b-478d-b4d6-e693bbbe0${String(i).padStart(3, "0")}`,
    // The default quota of 500 members per pool would refuse the larger scenarios (foreign ones too).
    seed: (pools, max) => ({
      elb: {
        pools: pools.map((poolId) => ({ poolId, projectId: PROJECT, ipTargetEnable: true })),
        memberQuota: Math.max(500, max * 2),
      },
    }),
    inputs: (poolId) => ({ poolId }),
    env: (e, credential) => ({
      HUAWEICLOUD_SDK_AK: credential.accessKeyId,
      HUAWEICLOUD_SDK_SK: credential.accessKeySecret,
      HUAWEICLOUD_SDK_PROJECT_ID: PROJECT,
      HUAWEICLOUD_REGION: "cn-north-4",
      HUAWEICLOUD_ELB_ENDPOINT: e.elb,
    }),
    // Private IPv4 addresses (IP-as-backend members need no subnet); foreign ones from another range.
    member: (i, weight) => ({
      address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      protocolPort: 80,
      weight,
    }),
    foreign: (i) => ({ address: `192.168.${(i >> 8) & 255}.${i & 255}`, protocol_port: 80, weight: 1 }),
    get: (emulator, pool) => emulator.elbMembers(pool),
    // Members keep their ids, so what a resource recorded still names them.
    set: (emulator, pool, members) => emulator.setElbMembers(pool, members as emu.ElbMemberSeed[]),
    identity: ({ address, protocol_port, weight }: emu.ElbMember) => `${address}:${protocol_port}=${weight}`,
  },
];
