import { isIP } from "node:net";
import { show } from "../../../core/failures";
import { canonicalIp } from "../../../core/ipAddress";
import type { MemberModel } from "../../../core/model";
import { MemberProblems } from "../../../core/memberProblems";
import type { AttachmentSchema, MemberProblem } from "../../../core/schema";
import { type Check, integerIn, ipAddress, matches } from "../../../core/validate";

/** One member of a Huawei ELB v3 backend server group (pool), as this package records it. */
export interface ElbMember {
  address: string;
  protocolPort: number;
  /** The member's IPv4 or IPv6 subnet; absent for "IP as backend" members. */
  subnetCidrId?: string;
  weight: number;
  name?: string;
  /** Assigned by ELB; recorded in state, never declared. */
  id?: string;
  /** ELB's health view (ONLINE, OFFLINE, NO_MONITOR...); recorded in state, never declared. */
  operatingStatus?: string;
}

/** ELB's own default for a member added without a weight. */
export const ELB_DEFAULT_WEIGHT = 1;
/** The most members batch-add, batch-update and batch-delete each accept per call. */
export const ELB_BATCH_SIZE = 200;

const FIELDS = ["address", "protocolPort", "subnetCidrId", "weight", "name"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One spelling per IPv6 address, so `2001:DB8:0::1` and `2001:db8::1` match. */
export const canonicalAddress = canonicalIp;

/**
 * Identity is (address, protocolPort): ELB refuses a second member with the same pair, whatever its subnet,
 * and assigns the id only once the member exists. IPv6 addresses are bracketed: `[2001:db8::1]:80`.
 */
export function elbMemberKey(m: Pick<ElbMember, "address" | "protocolPort">): string {
  // Also called on members that failed validation, to name them in messages: any value gives a key.
  const address = typeof m.address === "string" ? canonicalAddress(m.address) : String(m.address);
  return address.includes(":") ? `[${address}]:${m.protocolPort}` : `${address}:${m.protocolPort}`;
}

function withoutCloudFields(member: ElbMember): ElbMember {
  const { id: _id, operatingStatus: _status, ...declared } = member;
  return declared;
}

export const elbModel: MemberModel<ElbMember> = {
  key: elbMemberKey,
  // Only weight and name can change in place (batch-update); an undeclared name is left as it is.
  needsUpdate: (desired, actual) =>
    desired.weight !== actual.weight || (desired.name !== undefined && desired.name !== (actual.name ?? "")),
  settled(desired, actual) {
    const member = withoutCloudFields(desired);
    if (actual?.id) member.id = actual.id;
    if (actual?.operatingStatus) member.operatingStatus = actual.operatingStatus;
    return member;
  },
  observed(actual, previous) {
    const member: ElbMember = {
      address: actual.address,
      protocolPort: actual.protocolPort,
      weight: actual.weight,
    };
    // A member's subnet cannot change in place: keep what was declared; report the cloud's for a member
    // this resource meets for the first time.
    const subnet = previous ? previous.subnetCidrId : actual.subnetCidrId;
    if (subnet) member.subnetCidrId = subnet;
    // ELB reports "" for an unnamed member: a name is drift only where one was declared.
    if (previous?.name !== undefined || (previous === undefined && actual.name))
      member.name = actual.name ?? "";
    if (actual.id) member.id = actual.id;
    if (actual.operatingStatus) member.operatingStatus = actual.operatingStatus;
    return member;
  },
  declared: withoutCloudFields,
};

const checkAddress = ipAddress([4, 6]);
const checkPort = integerIn(0, 65535);
const checkWeight = integerIn(0, 100);
const checkSubnet = matches(UUID, "a subnet ID (a UUID) like 61da8098-954b-4809-bc5a-b99ccef8a398");
// ELB documents only the length (0 to 255); a control character in a name is a templating slip, not a name.
const checkName: Check = (value) =>
  // Counted in characters, as ELB counts them, not in UTF-16 units (an emoji is one character, not two).
  typeof value === "string" && [...value].length <= 255 && ![...value].some((c) => c < " " || c === "\u007f")
    ? undefined
    : `${show(value)} is not allowed: use a name of at most 255 characters, without control characters`;

/**
 * RFC 1918: ELB takes only these as "IP as backend" members (no subnetCidrId). For an address `isIP` took
 * as IPv4: four decimal numbers without leading zeros, so the prefix decides.
 */
const PRIVATE_IPV4 = /^(?:10\.|172\.(?:1[6-9]|2[0-9]|3[01])\.|192\.168\.)/;

/** Applies ELB's defaults and documented ranges to one declared member. */
export function normalizeElbMember(raw: Record<string, unknown>): {
  member: ElbMember;
  problems: MemberProblem[];
} {
  const problems = new MemberProblems(raw, FIELDS, "a member");
  const address = typeof raw.address === "string" ? canonicalAddress(raw.address) : raw.address;
  const member: ElbMember = {
    address: address as string,
    protocolPort: raw.protocolPort as number,
    weight: (raw.weight ?? ELB_DEFAULT_WEIGHT) as number,
  };
  if (raw.subnetCidrId !== undefined) member.subnetCidrId = raw.subnetCidrId as string;
  if (raw.name !== undefined) member.name = raw.name as string;

  problems.require("address", raw.address, checkAddress);
  problems.require("protocolPort", raw.protocolPort, checkPort);
  problems.check("subnetCidrId", raw.subnetCidrId, checkSubnet);
  problems.check("weight", member.weight, checkWeight);
  problems.check("name", raw.name, checkName);
  const version = raw.subnetCidrId === undefined && typeof address === "string" ? isIP(address) : 0;
  if (version === 6 || (version === 4 && !PRIVATE_IPV4.test(address as string))) {
    problems.add(
      "address",
      `address ${JSON.stringify(raw.address)} is not allowed without subnetCidrId: an IP-as-backend member needs a ` +
        "private IPv4 address (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16); give subnetCidrId for any other address",
    );
  }
  return { member, problems: problems.list };
}

export const elbSchema: AttachmentSchema<ElbMember> = {
  typeName: "huaweicloud.elb.BackendServerAttachment",
  fields: [
    {
      name: "poolId",
      required: true,
      replaceOnChange: true,
      check: matches(UUID, "a backend server group ID (a UUID) like 04a9bc65-b75b-478d-b4d6-e693bb61dd35"),
    },
    {
      name: "projectId",
      required: false,
      replaceOnChange: true,
      check: matches(/^[a-z0-9]{32}$/, "a project ID of 32 lowercase letters and digits"),
    },
    {
      name: "region",
      required: false,
      replaceOnChange: true,
      check: matches(/^[a-z]{2,}(-[a-z0-9]+){1,4}$/, "a region ID like cn-north-4"),
    },
  ],
  listField: "members",
  identityFields: "(address, protocolPort)",
  model: elbModel,
  normalizeMember: normalizeElbMember,
};
