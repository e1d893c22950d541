// Alibaba CLB (2014-05-15) VServer-group actions over the emulator state, as the contract rows in
// contract/actions.ts describe them (aliyun/alibabacloud-typescript-sdk:
// slb-20140515/src/models/*VserverGroup*). A VServer group member is a server on a port: the same server on
// two ports is two members. Each write validates the whole request before changing anything.
import { ApiError } from "./apiError";
import type { AlibabaAction } from "./backendServerParams";
import { entriesOf, SLB_ALREADY_ATTACHED_CODE, type SlbEntry, vServerMemberKey } from "./slbActions";
import type { EmulatorState, SlbLoadBalancer, SlbVServerGroup } from "./state";
import type { SlbVServerBackendServer } from "./types";

type VServerEntry = SlbEntry & { Port: number };

const missing = (name: string) =>
  new ApiError(
    400,
    "MissingParameter",
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );

/** The group named by VServerGroupId in RegionId; a missing one is 404 InvalidParameter (contract/errors.ts). */
function requireGroup(
  state: EmulatorState,
  params: Record<string, string>,
): { lb: SlbLoadBalancer; group: SlbVServerGroup } {
  if (!params.RegionId) throw missing("RegionId");
  if (!params.VServerGroupId) throw missing("VServerGroupId");
  const found = state.findVServerGroup(params.VServerGroupId);
  if (!found || found.lb.regionId !== params.RegionId) {
    throw new ApiError(404, "InvalidParameter", "The specified VServerGroupId does not exist.");
  }
  return found;
}

/**
 * The entries of a VServer-group write: the default group's entry rules, plus a Port on every entry.
 * The models do not mark Port required, but a VServer group member is a server on a port; an entry
 * without one is refused (contract: silent, the least forgiving reading).
 */
function vServerEntries(action: string, params: Record<string, string>): VServerEntry[] {
  const entries = entriesOf(action, params, "vServer");
  entries.forEach((entry, i) => {
    if (entry.Port === undefined) {
      throw new ApiError(
        400,
        "InvalidParameter",
        `BackendServers[${i}].Port is required in a VServer group.`,
      );
    }
  });
  return entries as VServerEntry[];
}

/** DescribeVServerGroupAttribute reports Weight and Port as numbers. */
function memberShape(m: SlbVServerBackendServer): Record<string, unknown> {
  const out: Record<string, unknown> = { ServerId: m.ServerId, Port: m.Port, Weight: m.Weight, Type: m.Type };
  if (m.ServerIp !== undefined) out.ServerIp = m.ServerIp;
  if (m.Description !== undefined) out.Description = m.Description;
  return out;
}

function groupAnswer(group: SlbVServerGroup): Record<string, unknown> {
  return {
    VServerGroupId: group.vServerGroupId,
    VServerGroupName: group.vServerGroupName,
    BackendServers: { BackendServer: group.members.map(memberShape) },
  };
}

/**
 * A group that does not exist is answered as the state says (the seed's goneAnswer, shared with
 * DescribeLoadBalancerAttribute): by default 404 InvalidParameter, else a success without VServerGroupId;
 * Alibaba's Terraform provider reads both as "not found" (service_alicloud_slb.go DescribeSlbServerGroup).
 */
function describe(state: EmulatorState, params: Record<string, string>): Record<string, unknown> {
  const known = params.VServerGroupId ? state.findVServerGroup(params.VServerGroupId) : undefined;
  if (params.RegionId && params.VServerGroupId && known?.lb.regionId !== params.RegionId) {
    if (state.slbGoneAnswer === "no-id") return { BackendServers: { BackendServer: [] } };
  }
  const { lb, group } = requireGroup(state, params);
  return { ...groupAnswer(group), LoadBalancerId: lb.loadBalancerId };
}

function add(state: EmulatorState, params: Record<string, string>): Record<string, unknown> {
  const { group } = requireGroup(state, params);
  const entries = vServerEntries("AddVServerGroupBackendServers", params);
  const attached = new Set(group.members.map(vServerMemberKey));
  for (const entry of entries) {
    if (state.slbServerStatus(entry.ServerId) !== "running") {
      // As AddBackendServers answers for a server that does not exist or is not running.
      throw new ApiError(
        400,
        "ObtainIpFail",
        "The specified BackendServers is invalid; some of the specified backend servers do not exist or are not running.",
      );
    }
    if (attached.has(vServerMemberKey(entry))) {
      throw new ApiError(
        400,
        SLB_ALREADY_ATTACHED_CODE,
        `The backend server ${entry.ServerId} is already attached on port ${entry.Port}.`,
      );
    }
  }
  for (const entry of entries) {
    const member: SlbVServerBackendServer = {
      ServerId: entry.ServerId,
      Type: entry.Type,
      Port: entry.Port,
      Weight: entry.Weight ?? 100,
    };
    if (entry.ServerIp !== undefined) member.ServerIp = entry.ServerIp;
    if (entry.Description !== undefined) member.Description = entry.Description;
    group.members.push(member);
    group.attachedAt.set(vServerMemberKey(member), state.now());
  }
  return groupAnswer(group);
}

/**
 * Entries naming members the group does not have are ignored, without an error (the action's page). A
 * member whose server no longer exists is refused with ObtainIpFail and stays (alibaba/terraform-provider
 * issue 730: RemoveVServerGroupBackendServers on a released instance).
 */
function remove(state: EmulatorState, params: Record<string, string>): Record<string, unknown> {
  const { group } = requireGroup(state, params);
  const gone = new Set(vServerEntries("RemoveVServerGroupBackendServers", params).map(vServerMemberKey));
  const leaving = group.members.filter((m) => gone.has(vServerMemberKey(m)));
  if (leaving.some((m) => state.slbServerStatus(m.ServerId) === "unknown")) {
    throw new ApiError(
      400,
      "ObtainIpFail",
      "The specified BackendServers is invalid; some of the specified backend servers do not exist or are not running.",
    );
  }
  for (const m of leaving) group.attachedAt.delete(vServerMemberKey(m));
  group.members = group.members.filter((m) => !gone.has(vServerMemberKey(m)));
  return groupAnswer(group);
}

/** Changes weights and descriptions of attached members, and the group's name (SetVServerGroupAttribute). */
function set(state: EmulatorState, params: Record<string, string>): Record<string, unknown> {
  const { group } = requireGroup(state, params);
  const entries =
    params.BackendServers === undefined ? [] : vServerEntries("SetVServerGroupAttribute", params);
  const byKey = new Map(group.members.map((m) => [vServerMemberKey(m), m]));
  for (const entry of entries) {
    if (!byKey.has(vServerMemberKey(entry))) {
      throw new ApiError(
        400,
        "InvalidParameter",
        `The backend server ${entry.ServerId} on port ${entry.Port} is not in ${group.vServerGroupId}.`,
      );
    }
  }
  for (const entry of entries) {
    const member = byKey.get(vServerMemberKey(entry))!;
    if (entry.Weight !== undefined) member.Weight = entry.Weight;
    if (entry.Description !== undefined) member.Description = entry.Description;
  }
  if (params.VServerGroupName !== undefined) group.vServerGroupName = params.VServerGroupName;
  return groupAnswer(group);
}

/** The VServer-group actions CLB serves, by name. */
export const SLB_VSERVER_ACTIONS: ReadonlyMap<string, AlibabaAction> = new Map([
  ["DescribeVServerGroupAttribute", describe],
  ["AddVServerGroupBackendServers", add],
  ["RemoveVServerGroupBackendServers", remove],
  ["SetVServerGroupAttribute", set],
]);
