import { canonicalIp } from "../../../core/ipAddress";
import type { MemberApi } from "../../../reconcile/memberApi";
import { alibabaMemberApi, type WireServer } from "../memberRpc";
import type { AlicloudRpc } from "../rpcClient";
import { type ClbGroup, clbHealth, forwarding } from "./health";
import {
  SLB_BATCH_SIZE,
  SLB_SERVER_TYPES,
  type SlbBackendServer,
  slbMemberKey,
  type SlbServerType,
} from "./members";
import { VSERVER_BATCH_SIZE, type VServerBackendServer, vServerMemberKey } from "./vserverMembers";

export const SLB_API_VERSION = "2014-05-15";

/**
 * CLB's default server group of one load balancer, through the 2014-05-15 RPC API. Each write carries
 * only the entry fields its SDK model documents (aliyun/alibabacloud-typescript-sdk:
 * slb-20140515/src/models/{Add,Set,Remove}BackendServersRequest.ts).
 */
export function slbMemberApi(
  rpc: AlicloudRpc,
  regionId: string,
  loadBalancerId: string,
): MemberApi<SlbBackendServer> {
  const base = { RegionId: regionId, LoadBalancerId: loadBalancerId };
  const api = alibabaMemberApi(rpc, {
    base,
    target: `load balancer ${loadBalancerId}`,
    actions: {
      list: "DescribeLoadBalancerAttribute",
      add: "AddBackendServers",
      update: "SetBackendServers",
      remove: "RemoveBackendServers",
    },
    batchSize: SLB_BATCH_SIZE,
    idField: "LoadBalancerId",
    gone: ({ code }) => code === "InvalidLoadBalancerId.NotFound",
    listed: (response) =>
      (response.BackendServers as { BackendServer?: WireServer[] } | undefined)?.BackendServer ?? [],
    fromWire,
    toAdd: toWire,
    toUpdate: (u) => toWire(u.desired),
    // Remove documents ServerId, Type and Weight, no ServerIp: it names a whole server, so the model
    // never removes one IP of an ENI while another stays (slbModel.removalScope).
    toRemove: (m) => ({ ServerId: m.serverId, Type: m.type, Weight: String(m.weight) }),
  });
  return { ...api, health: (members) => clbHealth(rpc, base, api.target, members, DEFAULT_GROUP) };
}

/**
 * The default group's members are reported on the listeners that forward to it; DescribeHealthStatus
 * names a member by ServerId, and an ENI's or ECI's by its ServerIp too.
 */
const DEFAULT_GROUP: ClbGroup<SlbBackendServer> = {
  servedBy: forwarding.toDefaultGroup,
  key: slbMemberKey,
  reports: (entry, m) => String(entry.ServerId) === m.serverId && sameIp(entry, m),
};

/**
 * One VServer group, through the 2014-05-15 RPC API: DescribeVServerGroupAttribute reads it (and names its
 * load balancer, whose listeners the health reads need), AddVServerGroupBackendServers,
 * SetVServerGroupAttribute (weights and descriptions) and RemoveVServerGroupBackendServers write it, each
 * entry naming a member by ServerId, Type, ServerIp and Port (aliyun/alibabacloud-typescript-sdk:
 * slb-20140515/src/models/*VserverGroup*Request.ts).
 *
 * ModifyVServerGroupBackendServers (replace old entries by new ones in one call) is not used: it would
 * send a removal in the call that adds, before the add is known to have worked, before the health gate and
 * before a drain; the separate calls cost at most one more call per batch, and keep add before remove.
 */
export function vServerMemberApi(
  rpc: AlicloudRpc,
  regionId: string,
  vServerGroupId: string,
): MemberApi<VServerBackendServer> {
  let loadBalancerId: string | undefined;
  const api = alibabaMemberApi<VServerBackendServer>(
    rpc,
    {
      base: { RegionId: regionId, VServerGroupId: vServerGroupId },
      target: `VServer group ${vServerGroupId}`,
      actions: {
        list: "DescribeVServerGroupAttribute",
        add: "AddVServerGroupBackendServers",
        update: "SetVServerGroupAttribute",
        remove: "RemoveVServerGroupBackendServers",
      },
      batchSize: VSERVER_BATCH_SIZE,
      idField: "VServerGroupId",
      // The error-code table: 404 InvalidParameter "The specified VServerGroupId does not exist."
      // (https://help.aliyun.com/zh/slb/classic-load-balancer/developer-reference/api-slb-2014-05-15-errorcodes).
      // InvalidParameter with any other status is a bad parameter, never a group that is gone.
      gone: ({ code, httpStatus }) => code === "InvalidParameter" && httpStatus === 404,
      listed: (response) =>
        (response.BackendServers as { BackendServer?: WireServer[] } | undefined)?.BackendServer ?? [],
      fromWire: (w): VServerBackendServer => ({ ...fromWire(w), port: Number(w.Port) }),
      toAdd: toWire,
      toUpdate: (u) => toWire(u.desired),
      // Only what names the member: its Weight and Description would be ignored.
      toRemove: (m) => ({
        ServerId: m.serverId,
        Type: m.type,
        ServerIp: m.type === "ecs" ? undefined : m.serverIp,
        Port: String(m.port),
      }),
    },
    (response) => {
      if (response.LoadBalancerId) loadBalancerId = String(response.LoadBalancerId);
    },
  );
  const group: ClbGroup<VServerBackendServer> = {
    servedBy: (listener) => forwarding.toVServerGroup(listener, vServerGroupId),
    key: vServerMemberKey,
    reports: (entry, m) =>
      String(entry.ServerId) === m.serverId && Number(entry.Port) === m.port && sameIp(entry, m),
  };
  return {
    ...api,
    async health(members) {
      // The group's load balancer, from the read every run starts with; read again if this one did not.
      if (loadBalancerId === undefined) await api.list();
      if (loadBalancerId === undefined) return GONE;
      const base = { RegionId: regionId, LoadBalancerId: loadBalancerId };
      return clbHealth(rpc, base, api.target, members, group);
    },
  };
}

/** What a read of a group that is gone reports: nothing about any member. */
const GONE = { members: new Map(), connectionDrainSeconds: 0 };

/** An ENI's or ECI's entry names its IP; an ECS instance's IP is not part of its identity. */
function sameIp(entry: Record<string, unknown>, m: SlbBackendServer): boolean {
  return m.type === "ecs" || m.serverIp === undefined || String(entry.ServerIp) === m.serverIp;
}

/** The documented request shape: numbers as strings. */
function toWire(m: SlbBackendServer): WireServer {
  return {
    ServerId: m.serverId,
    Weight: String(m.weight),
    Type: m.type,
    ServerIp: m.serverIp,
    Port: m.port === undefined ? undefined : String(m.port),
    Description: m.description,
  };
}

/** Responses give Weight as a number or a string depending on the action: parse with Number. */
function fromWire(w: WireServer): SlbBackendServer {
  const type = (SLB_SERVER_TYPES as readonly unknown[]).includes(w.Type) ? (w.Type as SlbServerType) : "ecs";
  const member: SlbBackendServer = { serverId: String(w.ServerId), type, weight: Number(w.Weight ?? 100) };
  if (w.ServerIp) member.serverIp = canonicalIp(String(w.ServerIp));
  if (w.Port !== undefined && w.Port !== "" && Number(w.Port) > 0) member.port = Number(w.Port);
  if (w.Description) member.description = String(w.Description);
  return member;
}
