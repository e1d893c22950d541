import type { SlbBackendServer } from "../../emulator";
import { builtPackage } from "../../harness/stack";
import { slbKind } from "../../provider/clouds/alicloud/slb/kind";
import type { TestCloud } from "./testCloud";

const KEY = { accessKeyId: "TESTKEYSLB0001", accessKeySecret: "slb-secret-never-in-state-0001" };
const STS = {
  accessKeyId: "STS.TESTSLB0001",
  accessKeySecret: KEY.accessKeySecret,
  securityToken: "slb-sts-token-never-in-state",
};
const REGION = "cn-beijing";
const serverId = (prefix: string, i: number) => `i-${prefix}${String(i).padStart(6, "0")}`;

/** A CLB load balancer of the vendor's documentation examples; members are ECS instances by id. */
export const slbCloud: TestCloud = {
  name: "alicloud.slb",
  api: "slb",
  batchSize: 20,
  kind: slbKind,
  declareResource: (name, args, options) =>
    new (builtPackage().alicloud.slb.BackendServerAttachment)(name, args as never, options),
  targetField: "loadBalancerId",
  membersField: "backendServers",
  targetParam: "LoadBalancerId",
  targetNoun: "load balancer",
  target: "lb-2ze7o5h52g02kkzze7lru",
  target2: "lb-2zekxu2elibyexxoo9hlw",
  key: KEY,
  sts: STS,
  seed: (extra = {}) => ({
    credentials: [KEY, STS],
    slb: {
      loadBalancers: [
        { loadBalancerId: slbCloud.target, regionId: REGION, ...extra.target },
        { loadBalancerId: slbCloud.target2, regionId: REGION },
      ],
      ...extra.api,
    },
  }),
  config: (credential = KEY) => ({
    "alicloud:accessKey": credential.accessKeyId,
    "alicloud:secretKey": credential.accessKeySecret,
    ...(credential.securityToken ? { "alicloud:securityToken": credential.securityToken } : {}),
    "alicloud:region": REGION,
  }),
  env: (emulator) => ({ ALIBABA_CLOUD_SLB_ENDPOINT: emulator.endpoints.slb }),
  actions: {
    read: "DescribeLoadBalancerAttribute",
    add: "AddBackendServers",
    set: "SetBackendServers",
    remove: "RemoveBackendServers",
  },
  ours: (i) => serverId("web", i),
  theirs: (i) => serverId("other", i),
  declare: (serverId, weight) => ({ serverId, weight }),
  identity: (member) => String(member.serverId),
  read: (emulator, target = slbCloud.target) =>
    new Map(emulator.slbMembers(target).map((m) => [m.ServerId, m.Weight])),
  write: (emulator, members, target = slbCloud.target) =>
    emulator.setSlbMembers(
      target,
      [...members].map(([ServerId, Weight]): SlbBackendServer => ({ ServerId, Type: "ecs", Weight })),
    ),
  // A stopped instance cannot be attached.
  refuseFrom: (i) => ({
    seed: { slb: { servers: [{ serverId: slbCloud.ours(i), status: "Stopped" }] } },
    code: "ObtainIpFail",
    lift: { slb: { servers: [{ serverId: slbCloud.ours(i), status: "Running" }] } },
  }),
  removed: (action, params) =>
    action === "RemoveBackendServers"
      ? (params.BackendServers as { ServerId: string }[]).map((s) => s.ServerId)
      : [],
  health: {
    healthy: (emulator) =>
      new Map(
        [...emulator.slbHealth(slbCloud.target)].map(([id, listeners]) => [
          id,
          listeners.every((h) => h === "normal"),
        ]),
      ),
    readsHealth: (action) => action === "DescribeHealthStatus",
  },
  sent: (params) => params.BackendServers as Record<string, unknown>[],
  named: (entry) => String(entry.ServerId),
  deleteTarget: (emulator, target = slbCloud.target) => emulator.deleteSlbLoadBalancer(target),
};
