// Builds Huawei ELB member objects with the defaults the cloud fills in.
import { memberId } from "./ids";
import { isIpv4 } from "./ipAddress";
import type { ElbMember, ElbMemberSeed } from "./types";

/** ELB's default weight for a new member when the request leaves it out. */
export const ELB_DEFAULT_WEIGHT = 1;

const utcSeconds = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

export function buildElbMember(
  seed: ElbMemberSeed,
  projectId: string,
  nowMs: number,
  id?: string,
): ElbMember {
  const at = utcSeconds(nowMs);
  const member: ElbMember = {
    id: seed.id ?? id ?? memberId(),
    name: seed.name ?? "",
    address: seed.address,
    protocol_port: seed.protocol_port,
    weight: seed.weight ?? ELB_DEFAULT_WEIGHT,
    operating_status: seed.operating_status ?? "NO_MONITOR",
    member_type: seed.member_type ?? (seed.subnet_cidr_id ? "instance" : "ip"),
    admin_state_up: seed.admin_state_up ?? true,
    project_id: seed.project_id ?? projectId,
    instance_id: seed.instance_id ?? "",
    port_id: seed.port_id ?? "",
    ip_version: seed.ip_version ?? (isIpv4(seed.address) ? "v4" : "v6"),
    created_at: seed.created_at ?? at,
    updated_at: seed.updated_at ?? at,
  };
  if (seed.subnet_cidr_id !== undefined) member.subnet_cidr_id = seed.subnet_cidr_id;
  if (seed.availability_zone !== undefined) member.availability_zone = seed.availability_zone;
  return member;
}

/** Identity of an ELB member: its address and port, not its generated id. */
export const elbMemberKey = (m: { address: string; protocol_port: number }): string =>
  `${m.address}|${m.protocol_port}`;
