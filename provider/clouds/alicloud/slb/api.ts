import { canonicalIp } from "../../../core/ipAddress";
import type { MemberApi } from "../../../reconcile/memberApi";
import { alibabaMemberApi, type WireServer } from "../memberRpc";
import type { AlicloudRpc } from "../rpcClient";
import { slbHealth } from "./health";
import { SLB_BATCH_SIZE, SLB_SERVER_TYPES, type SlbBackendServer, type SlbServerType } from "./members";

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
  const api = alibabaMemberApi(rpc, {
    loadBalancerId,
    scope: { RegionId: regionId },
    batchSize: SLB_BATCH_SIZE,
    goneCode: "InvalidLoadBalancerId.NotFound",
    listed: (response) =>
      (response.BackendServers as { BackendServer?: WireServer[] } | undefined)?.BackendServer ?? [],
    fromWire,
    toAdd: toWire,
    toUpdate: (u) => toWire(u.desired),
    // Remove documents ServerId, Type and Weight, no ServerIp: it names a whole server, so the model
    // never removes one IP of an ENI while another stays (slbModel.removalScope).
    toRemove: (m) => ({ ServerId: m.serverId, Type: m.type, Weight: String(m.weight) }),
  });
  const base = { RegionId: regionId, LoadBalancerId: loadBalancerId };
  return { ...api, health: (members) => slbHealth(rpc, base, api.target, members) };
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
