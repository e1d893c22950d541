import type { MemberApi } from "../../memberApi";
import { alibabaMemberApi, type WireServer } from "../memberRpc";
import type { AlicloudRpc } from "../rpcClient";
import { ENS_BATCH_SIZE, ENS_SERVER_TYPES, type EnsBackendServer, type EnsServerType } from "./members";

export const ENS_API_VERSION = "2017-11-10";

/** The backend servers of one ENS edge load balancer, through the 2017-11-10 RPC API (no RegionId). */
export function ensMemberApi(rpc: AlicloudRpc, loadBalancerId: string): MemberApi<EnsBackendServer> {
  return alibabaMemberApi(rpc, {
    loadBalancerId,
    batchSize: ENS_BATCH_SIZE,
    goneCode: "LoadBalancerNotFound",
    // DescribeLoadBalancerAttribute answers a FLAT `BackendServers[]`; the write actions wrap the list as
    // `BackendServers.BackendServer[]`. Both shapes are read, so a change of either costs nothing.
    listed: (response) => {
      const listed = response.BackendServers as WireServer[] | { BackendServer?: WireServer[] } | undefined;
      return Array.isArray(listed) ? listed : (listed?.BackendServer ?? []);
    },
    fromWire,
    toAdd: (m) => ({ ServerId: m.serverId, Weight: m.weight, Type: m.type, Ip: m.ip, Port: m.port }),
    // The member is named as the cloud reported it (an instance's own Ip included); an undeclared port
    // is sent back as it is, so that a Set that replaces the whole entry cannot reset it.
    toUpdate: ({ desired, actual }) => ({
      ServerId: actual.serverId,
      Weight: desired.weight,
      Type: actual.type,
      Ip: actual.ip,
      Port: desired.port ?? actual.port,
    }),
    toRemove: (m) => ({ ServerId: m.serverId, Type: m.type, Ip: m.ip, Port: m.port }),
  });
}

/** Weight is a number or a string depending on the action; Port is a string, and "0" means unset. */
function fromWire(w: WireServer): EnsBackendServer {
  const type = (ENS_SERVER_TYPES as readonly unknown[]).includes(w.Type) ? (w.Type as EnsServerType) : "ens";
  const member: EnsBackendServer = { serverId: String(w.ServerId), type, weight: Number(w.Weight ?? 100) };
  if (w.Ip) member.ip = String(w.Ip);
  const port = Number(w.Port ?? 0);
  if (Number.isInteger(port) && port > 0) member.port = port;
  return member;
}
