import { isIP } from "node:net";
import { show } from "../../../core/failures";
import { canonicalIp } from "../../../core/ipAddress";
import type { MemberModel } from "../../../core/model";
import { MemberProblems } from "../../../core/memberProblems";
import type { AttachmentSchema, MemberProblem } from "../../../core/schema";
import { type Check, integerIn, ipAddress, matches, oneOf } from "../../../core/validate";

/**
 * One backend server of an ALB or NLB server group, as this package records it: the vendors' fields in
 * the package's casing (aliyun/alibabacloud-typescript-sdk: alb-20200616/src/models/
 * AddServersToServerGroupRequest.ts, nlb-20220430/src/models/AddServersToServerGroupRequest.ts).
 */
export interface ServerGroupMember {
  /** `i-...`, `eni-...`, `eci-...`, or for `Ip` the IP address itself. */
  serverId: string;
  serverType: ServerType;
  /** Required for `Eni` and `Eci` (one member per IP); for `Ip`, the address again when given. */
  serverIp?: string;
  /** Absent only in an NLB server group with multi-port forwarding (AnyPortEnabled). */
  port?: number;
  weight: number;
  description?: string;
}

/** The server types both APIs take besides Function Compute (`Fc`), which has no port or weight. */
export type ServerType = "Ecs" | "Eni" | "Eci" | "Ip";
export const SERVER_TYPES: readonly ServerType[] = ["Ecs", "Eni", "Eci", "Ip"];
/** Both request models: "Default value: 100". */
export const DEFAULT_WEIGHT = 100;

const FIELDS = ["serverId", "serverType", "serverIp", "port", "weight", "description"];
const ID_PREFIX: Record<Exclude<ServerType, "Ip">, string> = { Ecs: "i-", Eni: "eni-", Eci: "eci-" };
const EXAMPLE_ID: Record<Exclude<ServerType, "Ip">, string> = {
  Ecs: "i-bp1f9kdprbgy9uiu8xyz",
  Eni: "eni-bp1e0u8f10by57wlabcd",
  Eci: "eci-bp1e0u8f10by57wlabcd",
};

/** An address in a key: IPv6 in brackets, so the port after it stays readable. */
const keyAddress = (ip: unknown) => {
  const text = typeof ip === "string" ? canonicalIp(ip) : String(ip);
  return text.includes(":") ? `[${text}]` : text;
};

/**
 * Identity is what both vendors treat as one backend: the server, its IP where the server has several,
 * and the port (ALB's quota page counts "backend servers (IP addresses and ports)"; the write models
 * name a backend by ServerId, ServerType, ServerIp and Port). So one ECS instance on two ports is two
 * members, and an ENI or ECI is attached once per IP and port. An ECS instance's IP is its own, not part
 * of its identity; an `Ip` backend's id is its address. An NLB any-port group takes no port: its members
 * are keyed without one. Examples: `Ecs:i-abc:80`, `Eni:eni-abc@10.0.0.5:80`, `Ip:[2001:db8::5]:443`.
 */
export function serverGroupMemberKey(
  m: Pick<ServerGroupMember, "serverId" | "serverType" | "serverIp" | "port">,
): string {
  // Also called on members as declared, to name them: any value gives a key.
  const server =
    m.serverType === "Ip"
      ? keyAddress(m.serverId)
      : m.serverType === "Ecs" || m.serverIp === undefined
        ? String(m.serverId)
        : `${m.serverId}@${keyAddress(m.serverIp)}`;
  return m.port === undefined ? `${m.serverType}:${server}` : `${m.serverType}:${server}:${m.port}`;
}

export const serverGroupModel: MemberModel<ServerGroupMember> = {
  key: serverGroupMemberKey,
  // UpdateServerGroupServersAttribute changes weight and description; an undeclared description is left
  // as the cloud has it. Everything else is identity: a new port is another member.
  needsUpdate: (desired, actual) =>
    desired.weight !== actual.weight ||
    (desired.description !== undefined && desired.description !== (actual.description ?? "")),
  settled: (desired) => desired,
  // The cloud reports an ECS instance's IP and every member's description: keep what was declared, so a
  // refresh shows no drift where nothing would be changed.
  observed: (actual, previous) => {
    const member: ServerGroupMember = { ...actual };
    if (actual.serverType === "Ecs" || actual.serverType === "Ip") {
      delete member.serverIp;
      if (previous?.serverIp !== undefined) member.serverIp = previous.serverIp;
    }
    if (previous !== undefined && previous.description === undefined) delete member.description;
    return member;
  },
  declared: (member) => member,
};

/** What differs between the two APIs' members. */
export interface ServerGroupRules {
  /** ALB: required; NLB: optional, absent in multi-port (any-port) server groups. */
  portRequired: boolean;
  description: Check;
}

const checkType = oneOf(SERVER_TYPES);
const checkWeight = integerIn(0, 100);
const checkPort = integerIn(1, 65535);
const checkIp = ipAddress([4, 6]);

/** ALB: 2 to 256 characters, not starting with http:// or https:// (AddServersToServerGroupRequest.ts). */
export const albDescription: Check = (value) =>
  typeof value === "string" &&
  [...value].length >= 2 &&
  [...value].length <= 256 &&
  !/^https?:\/\//i.test(value) &&
  ![...value].some((c) => c < " " || c === "\u007f")
    ? undefined
    : `${show(value)} is not allowed: use 2 to 256 characters, not starting with http:// or https://`;

/**
 * NLB: 2 to 256 letters, digits, commas, periods, semicolons, forward slashes, at signs, underscores and
 * hyphens (the AddServersToServerGroup API page).
 */
export const nlbDescription = matches(
  /^[\p{L}\p{N},.;/@_-]{2,256}$/u,
  "2 to 256 letters, digits, ',', '.', ';', '/', '@', '_' or '-'",
);

/** Applies the documented defaults (type Ecs, weight 100) and ranges to one declared server. */
function normalize(
  rules: ServerGroupRules,
  raw: Record<string, unknown>,
): { member: ServerGroupMember; problems: MemberProblem[] } {
  const problems = new MemberProblems(raw, FIELDS, "a server");
  const serverType = (raw.serverType ?? "Ecs") as ServerType;
  // One spelling per IPv6 address: two spellings of one IP are one member, as on the cloud.
  const ip = (value: unknown) => (typeof value === "string" ? canonicalIp(value) : (value as string));
  const member: ServerGroupMember = {
    serverId: serverType === "Ip" ? ip(raw.serverId) : (raw.serverId as string),
    serverType,
    weight: (raw.weight ?? DEFAULT_WEIGHT) as number,
  };
  if (raw.serverIp !== undefined) member.serverIp = ip(raw.serverIp);
  if (raw.port !== undefined) member.port = raw.port as number;
  if (raw.description !== undefined) member.description = raw.description as string;

  problems.check("serverType", serverType, checkType);
  problems.require(
    "serverId",
    raw.serverId,
    serverType === "Ip"
      ? checkIp
      : SERVER_TYPES.includes(serverType)
        ? matches(
            new RegExp(`^${ID_PREFIX[serverType]}[a-z0-9]{6,40}$`),
            `an ID like ${EXAMPLE_ID[serverType]} for serverType "${serverType}"`,
          )
        : () => undefined, // the type is wrong: that is the problem to report
  );
  if ((serverType === "Eni" || serverType === "Eci") && raw.serverIp === undefined) {
    problems.add(
      "serverIp",
      `serverIp is required for serverType "${serverType}": one member per IP address`,
    );
  }
  problems.check("serverIp", raw.serverIp, checkIp);
  if (
    serverType === "Ip" &&
    typeof raw.serverIp === "string" &&
    typeof raw.serverId === "string" &&
    isIP(raw.serverId) !== 0 &&
    canonicalIp(raw.serverIp) !== canonicalIp(raw.serverId)
  ) {
    problems.add(
      "serverIp",
      `serverIp ${show(raw.serverIp)} is not allowed: for serverType "Ip" the serverId is the address; leave serverIp out or give the same address`,
    );
  }
  if (rules.portRequired) problems.require("port", raw.port, checkPort);
  else problems.check("port", raw.port, checkPort);
  problems.check("weight", member.weight, checkWeight);
  problems.check("description", raw.description, rules.description);
  return { member, problems: problems.list };
}

/** The schema of an ALB or NLB server group attachment: its target, region, and `servers`. */
export function serverGroupSchema(
  typeName: string,
  rules: ServerGroupRules,
): AttachmentSchema<ServerGroupMember> {
  return {
    typeName,
    fields: [
      {
        name: "serverGroupId",
        required: true,
        replaceOnChange: true,
        check: matches(/^sgp-[a-z0-9]{8,40}$/, "a server group ID like sgp-atstuj3rtoptyui0bc"),
      },
      {
        name: "regionId",
        required: false,
        replaceOnChange: true,
        check: matches(/^[a-z]{2,}(-[a-z0-9]+){1,4}$/, "a region ID like cn-hangzhou"),
      },
    ],
    listField: "servers",
    identityFields: rules.portRequired
      ? "(serverId, serverType, serverIp, port)"
      : "(serverId, serverType, serverIp, port or none)",
    model: serverGroupModel,
    normalizeMember: (raw) => normalize(rules, raw),
  };
}
