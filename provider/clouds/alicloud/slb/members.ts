import { canonicalIp } from "../../../core/ipAddress";
import type { MemberModel } from "../../../core/model";
import { MemberProblems } from "../../../core/memberProblems";
import type { AttachmentSchema, FieldSpec, MemberProblem } from "../../../core/schema";
import { integerIn, ipAddress, matches, oneOf } from "../../../core/validate";

/** One backend server of a CLB load balancer's default server group, as this package records it. */
export interface SlbBackendServer {
  serverId: string;
  type: SlbServerType;
  /** Required for eni and eci: an ENI with several IPs is several members. */
  serverIp?: string;
  weight: number;
  port?: number;
  description?: string;
}

export type SlbServerType = "ecs" | "eni" | "eci";
export const SLB_SERVER_TYPES: readonly SlbServerType[] = ["ecs", "eni", "eci"];
export const SLB_DEFAULT_WEIGHT = 100;
/**
 * CLB's limit for AddBackendServers, SetBackendServers and RemoveBackendServers alike
 * (aliyun/alibabacloud-typescript-sdk: slb-20140515/src/models/{Add,Set,Remove}BackendServersRequest.ts).
 */
export const SLB_BATCH_SIZE = 20;

const ID_PREFIX: Record<SlbServerType, string> = { ecs: "i-", eni: "eni-", eci: "eci-" };
const FIELDS = ["serverId", "type", "serverIp", "weight", "port", "description"];

/**
 * Identity is (serverId, type, serverIp), because an ENI or ECI with several IPs is attached once per IP.
 * An ECS instance is attached once whatever IP is given, so its serverIp is not part of its identity.
 */
export function slbMemberKey(m: Pick<SlbBackendServer, "serverId" | "type" | "serverIp">): string {
  // Also called on members as declared, to name them: any value gives a key.
  return m.type === "ecs" || m.serverIp === undefined
    ? `${m.type}:${m.serverId}`
    : `${m.type}:${m.serverId}@${typeof m.serverIp === "string" ? canonicalIp(m.serverIp) : String(m.serverIp)}`;
}

export const slbModel: MemberModel<SlbBackendServer> = {
  key: slbMemberKey,
  needsUpdate(desired, actual, previous) {
    if (desired.weight !== actual.weight) return true;
    if (desired.description !== undefined && desired.description !== actual.description) return true;
    // CLB does not report a member's port: compare it with what was set last time.
    return desired.port !== undefined && desired.port !== (actual.port ?? previous?.port);
  },
  // RemoveBackendServers names a server, not one of its IPs (aliyun/alibabacloud-typescript-sdk:
  // slb-20140515/src/models/RemoveBackendServersRequest.ts documents ServerId, Type and Weight only): the
  // least forgiving reading is that every IP of the server goes, so they are removed together or not at all.
  removalScope: (m) => `${m.type}:${m.serverId}`,
  settled: (desired) => desired,
  // CLB reports neither a member's port nor, reliably, an ECS instance's IP: keep what was declared.
  observed: (actual, previous) => {
    const member: SlbBackendServer = { ...actual };
    if (actual.type === "ecs") delete member.serverIp;
    if (actual.type === "ecs" && previous?.serverIp !== undefined) member.serverIp = previous.serverIp;
    if (member.port === undefined && previous?.port !== undefined) member.port = previous.port;
    return member;
  },
  declared: (member) => member,
};

const checkType = oneOf(SLB_SERVER_TYPES);
const checkWeight = integerIn(0, 100);
const checkPort = integerIn(1, 65535);
const checkIp = ipAddress([4, 6]);
const checkDescription = matches(/^[A-Za-z0-9\-/._]{1,80}$/, "1 to 80 letters, digits, '-', '/', '.' or '_'");

/**
 * Applies the documented defaults and ranges to one declared backend server of a CLB group; `portRequired`
 * for a VServer group, whose members are servers on ports.
 */
export function normalizeSlbMember(
  raw: Record<string, unknown>,
  portRequired = false,
): {
  member: SlbBackendServer;
  problems: MemberProblem[];
} {
  const problems = new MemberProblems(raw, FIELDS, "a backend server");
  const type = (raw.type ?? "ecs") as SlbServerType;
  const member: SlbBackendServer = {
    serverId: raw.serverId as string,
    type,
    weight: (raw.weight ?? SLB_DEFAULT_WEIGHT) as number,
  };
  // One spelling per IPv6 address: two spellings of one IP are one member, as on the cloud.
  if (raw.serverIp !== undefined)
    member.serverIp = typeof raw.serverIp === "string" ? canonicalIp(raw.serverIp) : (raw.serverIp as string);
  if (raw.port !== undefined) member.port = raw.port as number;
  if (raw.description !== undefined) member.description = raw.description as string;

  problems.check("type", type, checkType);
  const prefix = SLB_SERVER_TYPES.includes(type) ? ID_PREFIX[type] : undefined;
  problems.require(
    "serverId",
    raw.serverId,
    prefix === undefined
      ? () => undefined // the type is wrong: that is the problem to report
      : matches(
          new RegExp(`^${prefix}[a-z0-9]{6,40}$`),
          `an ID like ${prefix}2zej4lxhjoq1icue6kup for type "${type}"`,
        ),
  );
  if ((type === "eni" || type === "eci") && raw.serverIp === undefined) {
    problems.add("serverIp", `serverIp is required for type "${type}": one member per IP address`);
  }
  problems.check("serverIp", raw.serverIp, checkIp);
  problems.check("weight", member.weight, checkWeight);
  if (portRequired) problems.require("port", raw.port, checkPort);
  else problems.check("port", raw.port, checkPort);
  problems.check("description", raw.description, checkDescription);
  return { member, problems: problems.list };
}

/** The region of a CLB target, defaulting to the stack's (`alicloud:region`). */
export const SLB_REGION_FIELD: FieldSpec = {
  name: "regionId",
  required: false,
  replaceOnChange: true,
  check: matches(/^[a-z]{2,}(-[a-z0-9]+){1,4}$/, "a region ID like cn-beijing"),
};

export const slbSchema: AttachmentSchema<SlbBackendServer> = {
  typeName: "alicloud.slb.BackendServerAttachment",
  fields: [
    {
      name: "loadBalancerId",
      required: true,
      replaceOnChange: true,
      check: matches(/^lb-[a-z0-9]{8,40}$/, "a CLB instance ID like lb-2ze7o5h52g02kkzze7lru"),
    },
    SLB_REGION_FIELD,
  ],
  listField: "backendServers",
  identityFields: "(serverId, type, serverIp)",
  model: slbModel,
  normalizeMember: (raw) => normalizeSlbMember(raw),
};
