import type { MemberModel } from "../../../core/model";
import type { AttachmentSchema } from "../../../core/schema";
import { matches } from "../../../core/validate";
import { normalizeSlbMember, SLB_REGION_FIELD, type SlbBackendServer, slbMemberKey } from "./members";

/** One backend server of a CLB VServer group: a server on a port, as this package records it. */
export type VServerBackendServer = SlbBackendServer & { port: number };

/**
 * The most entries each VServer-group write takes (aliyun/alibabacloud-typescript-sdk:
 * slb-20140515/src/models/{AddVserverGroupBackendServers,RemoveVserverGroupBackendServers,
 * SetVserverGroupAttribute}Request.ts: "at most 20 backend servers").
 */
export const VSERVER_BATCH_SIZE = 20;

/**
 * Identity is (serverId, type, serverIp, port): the same ECS instance on two ports is two members, and an
 * ENI or ECI is attached once per IP (and port). As in the default group, an ECS instance's IP is not part
 * of its identity. `ecs:i-abc:80`, `eni:eni-abc@10.0.0.5:80`, `eni:eni-abc@[2001:db8::1]:80`.
 */
export function vServerMemberKey(m: Pick<VServerBackendServer, "serverId" | "type" | "serverIp" | "port">) {
  // Also called on members as declared, to name them: any value gives a key (one without a port names a
  // member that check refuses). The server's key is the default group's; an IPv6 address in it is
  // bracketed, so that the port reads apart from it.
  const [server, ip] = slbMemberKey(m).split("@");
  const at = ip === undefined ? "" : ip.includes(":") ? `@[${ip}]` : `@${ip}`;
  return m.port === undefined ? `${server}${at}` : `${server}${at}:${m.port}`;
}

export const vServerModel: MemberModel<VServerBackendServer> = {
  key: vServerMemberKey,
  // The port is part of the identity; only the weight and a declared description change in place
  // (SetVServerGroupAttribute). RemoveVServerGroupBackendServers names a member's ServerIp and Port, so
  // each member is removed alone: no removal scope.
  needsUpdate: (desired, actual) =>
    desired.weight !== actual.weight ||
    (desired.description !== undefined && desired.description !== actual.description),
  settled: (desired) => desired,
  // The cloud may report an ECS instance's IP, which is not part of its identity: keep what was declared.
  observed(actual, previous) {
    const member: VServerBackendServer = { ...actual };
    if (actual.type === "ecs") delete member.serverIp;
    if (actual.type === "ecs" && previous?.serverIp !== undefined) member.serverIp = previous.serverIp;
    return member;
  },
  declared: (member) => member,
};

export const vServerSchema: AttachmentSchema<VServerBackendServer> = {
  typeName: "alicloud.slb.VServerGroupAttachment",
  fields: [
    {
      name: "vServerGroupId",
      required: true,
      replaceOnChange: true,
      check: matches(/^rsp-[a-z0-9]{6,40}$/, "a VServer group ID like rsp-cige6j5e7p"),
    },
    SLB_REGION_FIELD,
  ],
  listField: "backendServers",
  identityFields: "(serverId, type, serverIp, port)",
  model: vServerModel,
  normalizeMember(raw) {
    const { member, problems } = normalizeSlbMember(raw, true);
    return { member: member as VServerBackendServer, problems };
  },
};
