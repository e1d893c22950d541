import { canonicalIp } from "../../../core/ipAddress";
import type { MemberApi } from "../../../reconcile/memberApi";
import { alibabaMemberApi, type WireServer } from "../memberRpc";
import type { AlicloudRpc } from "../rpcClient";
import { ENS_BATCH_SIZE, ENS_SERVER_TYPES, type EnsBackendServer, type EnsServerType } from "./members";

export const ENS_API_VERSION = "2017-11-10";

/**
 * The backend servers of one ENS edge load balancer, through the 2017-11-10 RPC API (no RegionId). Each
 * write carries only the entry fields its SDK model documents (aliyun/alibabacloud-typescript-sdk:
 * ens-20171110/src/models/{Add,Set,Remove}BackendServersRequestBackendServers.ts).
 */
export function ensMemberApi(rpc: AlicloudRpc, loadBalancerId: string): MemberApi<EnsBackendServer> {
  return alibabaMemberApi(rpc, {
    base: { LoadBalancerId: loadBalancerId },
    target: `load balancer ${loadBalancerId}`,
    actions: {
      list: "DescribeLoadBalancerAttribute",
      add: "AddBackendServers",
      update: "SetBackendServers",
      remove: "RemoveBackendServers",
    },
    batchSize: ENS_BATCH_SIZE,
    idField: "LoadBalancerId",
    gone: ({ code }) => code === "LoadBalancerNotFound",
    // DescribeLoadBalancerAttribute answers a FLAT `BackendServers[]`; the write actions wrap the list as
    // `BackendServers.BackendServer[]`. Both shapes are read, so a change of either costs nothing.
    listed: (response) => {
      const listed = response.BackendServers as WireServer[] | { BackendServer?: WireServer[] } | undefined;
      return Array.isArray(listed) ? listed : (listed?.BackendServer ?? []);
    },
    fromWire,
    toAdd: (m) => ({ ServerId: m.serverId, Weight: m.weight, Type: m.type, Ip: m.ip, Port: m.port }),
    // Set takes ServerId, Type and Weight only: it changes weights, never a port, and cannot name one IP
    // of an ENI. The model sends those changes through remove + add instead (ensModel.reattach).
    toUpdate: ({ desired, actual }) => ({
      ServerId: actual.serverId,
      Type: actual.type,
      Weight: desired.weight,
    }),
    // Remove documents Ip and Port: an ENI's entry names its one IP, so no other IP of it goes.
    toRemove: (m) => ({ ServerId: m.serverId, Type: m.type, Ip: m.ip, Port: m.port }),
  });
}

/** Weight is a number or a string depending on the action; Port is a string, and "0" means unset. */
function fromWire(w: WireServer): EnsBackendServer {
  const type = (ENS_SERVER_TYPES as readonly unknown[]).includes(w.Type) ? (w.Type as EnsServerType) : "ens";
  const member: EnsBackendServer = { serverId: String(w.ServerId), type, weight: Number(w.Weight ?? 100) };
  if (w.Ip) member.ip = canonicalIp(String(w.Ip));
  const port = Number(w.Port ?? 0);
  if (Number.isInteger(port) && port > 0) member.port = port;
  return member;
}
