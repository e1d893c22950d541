import { canonicalIp } from "../../../core/ipAddress";
import type { MemberModel } from "../../../core/model";
import { MemberProblems } from "../../../core/memberProblems";
import type { AttachmentSchema, MemberProblem } from "../../../core/schema";
import { integerIn, ipAddress, matches, oneOf } from "../../../core/validate";

/** One backend server of an ENS edge load balancer, as this package records it. */
export interface EnsBackendServer {
  serverId: string;
  type: EnsServerType;
  /** Required for eni: an ENI with several IPs is several members. */
  ip?: string;
  weight: number;
  port?: number;
}

export type EnsServerType = "ens" | "eni";
export const ENS_SERVER_TYPES: readonly EnsServerType[] = ["ens", "eni"];
export const ENS_DEFAULT_WEIGHT = 100;
/**
 * At most 20 backend servers per Add, Set or Remove call (aliyun/alibabacloud-typescript-sdk:
 * ens-20171110/src/models/{Add,Set,Remove}BackendServersRequest.ts).
 */
export const ENS_BATCH_SIZE = 20;

const ID_PREFIX: Record<EnsServerType, string> = { ens: "i-", eni: "eni-" };
const FIELDS = ["serverId", "type", "ip", "weight", "port"];

/**
 * Identity is (serverId, type, ip) for an ENI and (serverId, type) for an ENS instance; never the port.
 *
 * - An ENS load balancer's backend is an instance, or one IP address of an ENI (AddBackendServers takes
 *   ServerId, Type ens|eni, Ip and Port: aliyun/alibabacloud-typescript-sdk
 *   ens-20171110/src/models/AddBackendServersRequestBackendServers.ts). An ENI with several IPs is
 *   attached once per IP, as on CLB. An instance is attached once: the Ip the cloud reports for it is its
 *   own address, not something the declaration chooses, so keying on it would make an instance declared
 *   without ip never match the one the cloud reports, and every run would try to add it again.
 * - Port is an attribute of the attachment, read back by DescribeLoadBalancerAttribute ("0" when unset),
 *   but SetBackendServers takes only ServerId, Type and Weight (SetBackendServersRequestBackendServers.ts):
 *   no call changes a port in place, so a port change detaches the member and attaches it again.
 *   Likewise Set cannot name one IP of an ENI, so a weight change of one IP of a multi-IP ENI is a
 *   re-attachment too (an ENI attached with one IP is set in place).
 */
export function ensMemberKey(m: Pick<EnsBackendServer, "serverId" | "type" | "ip">): string {
  // Also called on members as declared, to name them: any value gives a key.
  return m.type === "ens" || m.ip === undefined
    ? `${m.type}:${m.serverId}`
    : `${m.type}:${m.serverId}@${typeof m.ip === "string" ? canonicalIp(m.ip) : String(m.ip)}`;
}

/**
 * The name a member is registered under: its identity, plus its port when declared, so the preview
 * shows a port change as the member leaving and coming back, which is what happens.
 */
export function ensMemberLabel(m: Pick<EnsBackendServer, "serverId" | "type" | "ip" | "port">): string {
  return m.port === undefined ? ensMemberKey(m) : `${ensMemberKey(m)} port ${m.port}`;
}

const portChanges = (desired: EnsBackendServer, actual: EnsBackendServer) =>
  desired.port !== undefined && desired.port !== actual.port;

export const ensModel: MemberModel<EnsBackendServer> = {
  key: ensMemberKey,
  // An undeclared port is left as the cloud has it; a declared one is compared with what the cloud reports.
  needsUpdate: (desired, actual) => desired.weight !== actual.weight || portChanges(desired, actual),
  reattach: portChanges,
  // Set names a server, not an IP: its weight goes to every IP of an ENI. An ENI attached with one IP is
  // set in place; one IP of a multi-IP ENI is re-attached with its weight instead.
  updateScope: (m) => `${m.type}:${m.serverId}`,
  label: ensMemberLabel,
  settled: (desired) => desired,
  // The cloud reports an instance's own IP and every member's port: keep what was declared instead, so
  // a refresh shows no drift where nothing would be changed.
  observed: (actual, previous) => {
    const member: EnsBackendServer = { ...actual };
    if (actual.type === "ens") {
      delete member.ip;
      if (previous?.ip !== undefined) member.ip = previous.ip;
    }
    if (previous !== undefined && previous.port === undefined) delete member.port;
    return member;
  },
  declared: (member) => member,
};

const checkType = oneOf(ENS_SERVER_TYPES);
const checkWeight = integerIn(0, 100);
const checkPort = integerIn(1, 65535);
const checkIp = ipAddress([4, 6]);
const EXAMPLE_ID: Record<EnsServerType, string> = {
  ens: "i-5uf6dwyzch3wly790k2x",
  eni: "eni-5uf6dwyzch3wly7",
};

/** Applies the documented defaults (type ens, weight 100) and ranges to one declared backend server. */
export function normalizeEnsMember(raw: Record<string, unknown>): {
  member: EnsBackendServer;
  problems: MemberProblem[];
} {
  const problems = new MemberProblems(raw, FIELDS, "a backend server");
  const type = (raw.type ?? "ens") as EnsServerType;
  const member: EnsBackendServer = {
    serverId: raw.serverId as string,
    type,
    weight: (raw.weight ?? ENS_DEFAULT_WEIGHT) as number,
  };
  // One spelling per IPv6 address: two spellings of one IP are one member, as on the cloud.
  if (raw.ip !== undefined) member.ip = typeof raw.ip === "string" ? canonicalIp(raw.ip) : (raw.ip as string);
  if (raw.port !== undefined) member.port = raw.port as number;

  problems.check("type", type, checkType);
  problems.require(
    "serverId",
    raw.serverId,
    ENS_SERVER_TYPES.includes(type)
      ? matches(
          new RegExp(`^${ID_PREFIX[type]}[a-z0-9]{6,40}$`),
          `an ID like ${EXAMPLE_ID[type]} for type "${type}"`,
        )
      : () => undefined, // the type is wrong: that is the problem to report
  );
  if (type === "eni" && raw.ip === undefined) {
    problems.add("ip", 'ip is required for type "eni": one member per IP address');
  }
  problems.check("ip", raw.ip, checkIp);
  problems.check("weight", member.weight, checkWeight);
  problems.check("port", raw.port, checkPort);
  return { member, problems: problems.list };
}

export const ensSchema: AttachmentSchema<EnsBackendServer> = {
  typeName: "alicloud.ens.BackendServerAttachment",
  // No ens-20171110 action reports a backend server's health (DescribeLoadBalancerAttribute's
  // BackendServers carry no status; listeners report only their health check settings).
  healthGateRefusal:
    "ENS reports no health per backend server, so there is nothing to wait for; use drainSeconds and maxRemovals, which ENS supports",
  fields: [
    {
      name: "loadBalancerId",
      required: true,
      replaceOnChange: true,
      check: matches(/^lb-[a-z0-9]{8,40}$/, "an ENS load balancer ID like lb-5qzdmxefgrpxd7oz2mefonvtx"),
    },
  ],
  listField: "backendServers",
  identityFields: "(serverId, type, ip)",
  model: ensModel,
  normalizeMember: normalizeEnsMember,
};
