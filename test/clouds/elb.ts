import type { ElbMemberSeed } from "../../emulator";
import { builtPackage } from "../../harness/stack";
import { elbKind } from "../../provider/clouds/huaweicloud/elb/kind";
import type { TestCloud } from "./testCloud";

const KEY = { accessKeyId: "HWTESTKEYELB0001", accessKeySecret: "elb-secret-never-in-state-0001" };
const STS = {
  accessKeyId: "HWTESTSTSELB0001",
  accessKeySecret: "elb-sts-secret-never-in-state",
  securityToken: "elb-sts-token-never-in-state",
};
const PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d";

/** ELB keys a member by `address:port`, as the resource does (IPv4 here). */
const identity = (address: string, port: number) => `${address}:${port}`;
function parse(id: string): { address: string; port: number } {
  const at = id.lastIndexOf(":");
  return { address: id.slice(0, at), port: Number(id.slice(at + 1)) };
}
/** A private IPv4 host address of 10.0.0.0/8 (from 10.0.0.1): "IP as backend" members need no subnet. */
const address = (i: number) => `10.${((i + 1) >> 16) & 255}.${((i + 1) >> 8) & 255}.${(i + 1) & 255}`;

/**
 * IP-as-backend members of a Huawei ELB pool. A stranger's members use the very addresses this stack
 * declares, on another port: only the pair is a member's identity, so a resource that matched on the
 * address alone would take or remove them. ELB removes by the member id it assigned.
 */
export const elbCloud: TestCloud = {
  name: "huaweicloud.elb",
  api: "elb",
  batchSize: 200,
  kind: elbKind,
  declareResource: (name, args, options) =>
    new (builtPackage().huaweicloud.elb.BackendServerAttachment)(name, args as never, options),
  targetField: "poolId",
  membersField: "members",
  targetParam: "poolId",
  targetNoun: "pool",
  target: "04a9bc65-b75b-478d-b4d6-e693bb61dd35",
  target2: "3e3a4b0c-5b1e-4a36-9a3f-6c0f2f1f2a7e",
  key: KEY,
  sts: STS,
  seed: (extra = {}) => ({
    credentials: [KEY, STS],
    elb: {
      pools: [
        { poolId: elbCloud.target, projectId: PROJECT, ...extra.target },
        { poolId: elbCloud.target2, projectId: PROJECT },
      ],
      ...extra.api,
    },
  }),
  config: (credential = KEY) => ({
    "huaweicloud:accessKey": credential.accessKeyId,
    "huaweicloud:secretKey": credential.accessKeySecret,
    ...(credential.securityToken ? { "huaweicloud:securityToken": credential.securityToken } : {}),
    "huaweicloud:region": "cn-north-4",
    "huaweicloud:projectId": PROJECT,
  }),
  env: (emulator) => ({ HUAWEICLOUD_ELB_ENDPOINT: emulator.endpoints.elb }),
  actions: { read: "list", add: "batch-add", set: "batch-update", remove: "batch-delete" },
  ours: (i) => identity(address(i), 80),
  theirs: (i) => identity(address(i), 8080),
  declare: (id, weight) => {
    const { address, port } = parse(id);
    return { address, protocolPort: port, weight };
  },
  identity: (member) => identity(String(member.address), Number(member.protocolPort)),
  read: (emulator, target = elbCloud.target) =>
    new Map(emulator.elbMembers(target).map((m) => [identity(m.address, m.protocol_port), m.weight])),
  write: (emulator, members, target = elbCloud.target) =>
    emulator.setElbMembers(
      target,
      [...members].map(([id, weight]): ElbMemberSeed => {
        const { address, port } = parse(id);
        return { address, protocol_port: port, weight };
      }),
    ),
  // ELB refuses by quota, not by member: a pool full at i members (the default quota is 500).
  refuseFrom: (i) => ({
    seed: { elb: { memberQuota: i } },
    code: "ELB.8905",
    lift: { elb: { memberQuota: 500 } },
  }),
  removed: (action, params) =>
    action === "batch-delete"
      ? (params.members as { id?: string; address?: string; protocol_port?: number }[]).map(
          (m) => m.id ?? identity(String(m.address), Number(m.protocol_port)),
        )
      : [],
  memberIds: (emulator) =>
    emulator
      .elbMembers(elbCloud.target)
      .map((m): [string, string] => [m.id, identity(m.address, m.protocol_port)]),
  health: {
    healthy: (emulator) =>
      new Map([...emulator.elbHealth(elbCloud.target)].map(([id, status]) => [id, status === "ONLINE"])),
    readsHealth: (action) => action === "list",
  },
  sent: (params) => params.members as Record<string, unknown>[],
  named: (entry) =>
    entry.id === undefined ? identity(String(entry.address), Number(entry.protocol_port)) : String(entry.id),
  deleteTarget: (emulator, target = elbCloud.target) => emulator.deleteElbPool(target),
};
