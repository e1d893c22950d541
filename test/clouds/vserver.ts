import type { SlbListenerSeed, SlbVServerBackendServer } from "../../emulator";
import { builtPackage } from "../../harness/stack";
import { vServerKind } from "../../provider/clouds/alicloud/slb/kind";
import { slbCloud } from "./slb";
import type { TestCloud } from "./testCloud";

const REGION = "cn-beijing";
/** The load balancer both VServer groups belong to: not the default-group cloud's, so the two never meet. */
export const VSERVER_LB = "lb-2ze9vsg0ohx2l7cn7dkqa";

/**
 * Member `i` of a prefix: ECS instances two by two on ports 80 and 81 (members 1 and 2 are one server, 3
 * and 4 the next...), so the shared suites always hold the same server on two ports, two members. The
 * server of member `i` is the default-group cloud's member `i` or its neighbour: stopping one stops both.
 */
const member = (prefix: string, i: number) =>
  `i-${prefix}${String(Math.ceil(i / 2)).padStart(6, "0")}:${i % 2 === 1 ? 80 : 81}`;
/** `i-abc:80` to its server and port. */
const parse = (identity: string) => {
  const at = identity.lastIndexOf(":");
  return { serverId: identity.slice(0, at), port: Number(identity.slice(at + 1)) };
};
const identityOf = (m: { ServerId: string; Port: number }) => `${m.ServerId}:${m.Port}`;

/**
 * Two VServer groups of one CLB load balancer, on the default-group cloud's account and region. A seed's
 * `target` goes to the first group, but for its `listeners`, which the load balancer gets, each forwarding
 * to the first group unless it names another forwarding target (`vServerGroupId: ""`: the default group).
 */
export const vServerCloud: TestCloud = {
  name: "alicloud.slb.vserver",
  api: "slb",
  batchSize: 20,
  kind: vServerKind,
  declareResource: (name, args, options) =>
    new (builtPackage().alicloud.slb.VServerGroupAttachment)(name, args as never, options),
  targetField: "vServerGroupId",
  targetParam: "VServerGroupId",
  membersField: "backendServers",
  targetNoun: "VServer group",
  target: "rsp-2zeb1kdjwcmfwz3a",
  target2: "rsp-2zecq8b0uet4nxmq",
  key: slbCloud.key,
  sts: slbCloud.sts,
  seed: (extra = {}) => {
    const { listeners = [], ...group } = (extra.target ?? {}) as { listeners?: SlbListenerSeed[] };
    const forwarding = (l: SlbListenerSeed) =>
      l.vServerGroupId !== undefined || l.masterSlaveServerGroupId !== undefined || l.rules !== undefined;
    return {
      credentials: [slbCloud.key, slbCloud.sts],
      slb: {
        loadBalancers: [
          {
            loadBalancerId: VSERVER_LB,
            regionId: REGION,
            listeners: listeners.map((l) =>
              forwarding(l) ? l : { ...l, vServerGroupId: vServerCloud.target },
            ),
            vServerGroups: [
              { vServerGroupId: vServerCloud.target, ...group },
              { vServerGroupId: vServerCloud.target2 },
            ],
          },
        ],
        ...extra.api,
      },
    };
  },
  config: slbCloud.config,
  env: slbCloud.env,
  actions: {
    read: "DescribeVServerGroupAttribute",
    add: "AddVServerGroupBackendServers",
    set: "SetVServerGroupAttribute",
    remove: "RemoveVServerGroupBackendServers",
  },
  ours: (i) => member("web", i),
  theirs: (i) => member("other", i),
  declare: (identity, weight) => ({ ...parse(identity), weight }),
  identity: (m) => `${String(m.serverId)}:${Number(m.port)}`,
  read: (emulator, target = vServerCloud.target) =>
    new Map(emulator.vServerGroupMembers(target).map((m) => [identityOf(m), m.Weight])),
  write: (emulator, members, target = vServerCloud.target) =>
    emulator.setVServerGroupMembers(
      target,
      [...members].map(([identity, Weight]): SlbVServerBackendServer => {
        const { serverId, port } = parse(identity);
        return { ServerId: serverId, Type: "ecs", Port: port, Weight };
      }),
    ),
  // A stopped instance cannot be attached, on any port.
  refuseFrom: (i) => {
    const { serverId } = parse(vServerCloud.ours(i));
    return {
      seed: { slb: { servers: [{ serverId, status: "Stopped" }] } },
      code: "ObtainIpFail",
      lift: { slb: { servers: [{ serverId, status: "Running" }] } },
    };
  },
  removed: (action, params) =>
    action === "RemoveVServerGroupBackendServers"
      ? (params.BackendServers as { ServerId: string; Port: string }[]).map((s) =>
          identityOf({ ServerId: s.ServerId, Port: Number(s.Port) }),
        )
      : [],
  health: {
    healthy: (emulator) =>
      new Map(
        [...emulator.vServerGroupHealth(vServerCloud.target)].map(([identity, listeners]) => [
          identity,
          listeners.every((h) => h === "normal"),
        ]),
      ),
    readsHealth: (action) => action === "DescribeHealthStatus",
  },
  sent: (params) => params.BackendServers as Record<string, unknown>[],
  named: (entry) => identityOf({ ServerId: String(entry.ServerId), Port: Number(entry.Port) }),
  deleteTarget: (emulator, target = vServerCloud.target) => emulator.deleteVServerGroup(target),
};
