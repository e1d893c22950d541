import type { EnsBackendServer } from "../../emulator";
import { builtPackage } from "../../harness/stack";
import { ensKind } from "../../provider/clouds/alicloud/ens/kind";
import type { TestCloud } from "./testCloud";

const KEY = { accessKeyId: "TESTKEYENS0001", accessKeySecret: "ens-secret-never-in-state-0001" };
const STS = {
  accessKeyId: "STS.TESTENS0001",
  accessKeySecret: KEY.accessKeySecret,
  securityToken: "ens-sts-token-never-in-state",
};
const serverId = (prefix: string, i: number) => `i-${prefix}${String(i).padStart(6, "0")}`;

/** An ENS edge load balancer; members are ENS instances by id. The API is global: no region. */
export const ensCloud: TestCloud = {
  name: "alicloud.ens",
  api: "ens",
  batchSize: 20,
  kind: ensKind,
  declareResource: (name, args, options) =>
    new (builtPackage().alicloud.ens.BackendServerAttachment)(name, args as never, options),
  targetField: "loadBalancerId",
  membersField: "backendServers",
  targetParam: "LoadBalancerId",
  targetNoun: "load balancer",
  target: "lb-5qzdmxefgrpxd7oz2mefonvtx",
  target2: "lb-5snthcyu1x10g7tywj7iu1rut",
  key: KEY,
  sts: STS,
  seed: (extra = {}) => ({
    credentials: [KEY, STS],
    ens: {
      loadBalancers: [
        { loadBalancerId: ensCloud.target, ...extra.target },
        { loadBalancerId: ensCloud.target2 },
      ],
      ...extra.api,
    },
  }),
  config: (credential = KEY) => ({
    "alicloud:accessKey": credential.accessKeyId,
    "alicloud:secretKey": credential.accessKeySecret,
    ...(credential.securityToken ? { "alicloud:securityToken": credential.securityToken } : {}),
  }),
  env: (emulator) => ({ ALIBABA_CLOUD_ENS_ENDPOINT: emulator.endpoints.ens }),
  actions: {
    read: "DescribeLoadBalancerAttribute",
    add: "AddBackendServers",
    set: "SetBackendServers",
    remove: "RemoveBackendServers",
  },
  ours: (i) => serverId("edge", i),
  theirs: (i) => serverId("other", i),
  declare: (serverId, weight) => ({ serverId, weight }),
  identity: (member) => String(member.serverId),
  read: (emulator, target = ensCloud.target) =>
    new Map(emulator.ensMembers(target).map((m) => [m.ServerId, m.Weight])),
  write: (emulator, members, target = ensCloud.target) =>
    emulator.setEnsMembers(
      target,
      [...members].map(([ServerId, Weight]): EnsBackendServer => ({ ServerId, Type: "ens", Weight })),
    ),
  // A stopped instance cannot be attached.
  refuseFrom: (i) => ({
    seed: { ens: { servers: [{ serverId: ensCloud.ours(i), status: "Stopped" }] } },
    code: "IncorrectInstanceStatus",
    lift: { ens: { servers: [{ serverId: ensCloud.ours(i), status: "Running" }] } },
  }),
  removed: (action, params) =>
    action === "RemoveBackendServers"
      ? (params.BackendServers as { ServerId: string }[]).map((s) => s.ServerId)
      : [],
  sent: (params) => params.BackendServers as Record<string, unknown>[],
  named: (entry) => String(entry.ServerId),
  deleteTarget: (emulator, target = ensCloud.target) => emulator.deleteEnsLoadBalancer(target),
};
