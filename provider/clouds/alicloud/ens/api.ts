import type { MemberUpdate } from "../../../core/plan";
import { CloudError } from "../../../reconcile/cloudError";
import type { MemberApi } from "../../memberApi";
import type { AlicloudRpc } from "../rpcClient";
import { ENS_BATCH_SIZE, ENS_SERVER_TYPES, type EnsBackendServer, type EnsServerType } from "./members";

export const ENS_API_VERSION = "2017-11-10";

interface WireServer {
  ServerId: string;
  Weight?: number | string;
  Type?: string;
  Ip?: string;
  Port?: number | string;
}

/**
 * DescribeLoadBalancerAttribute answers a FLAT `BackendServers[]`; the write actions wrap the list as
 * `BackendServers.BackendServer[]`. Both shapes are read, so a change of either costs nothing.
 */
interface DescribeResponse {
  BackendServers?: WireServer[] | { BackendServer?: WireServer[] };
}

/** The backend servers of one ENS edge load balancer, through the 2017-11-10 RPC API (no RegionId). */
export function ensMemberApi(rpc: AlicloudRpc, loadBalancerId: string): MemberApi<EnsBackendServer> {
  const base = { LoadBalancerId: loadBalancerId };
  const target = `load balancer ${loadBalancerId}`;
  const write = async (action: string, servers: WireServer[]) => {
    // pop-core would flatten an array into Key.1.Sub parameters: ENS wants one JSON string.
    await rpc.call(action, { ...base, BackendServers: JSON.stringify(servers) }, target);
  };
  return {
    target,
    batchSize: ENS_BATCH_SIZE,
    actions: {
      list: "DescribeLoadBalancerAttribute",
      add: "AddBackendServers",
      update: "SetBackendServers",
      remove: "RemoveBackendServers",
    },
    async list() {
      try {
        const response = await rpc.call<DescribeResponse>("DescribeLoadBalancerAttribute", base, target);
        const listed = response.BackendServers;
        return (Array.isArray(listed) ? listed : (listed?.BackendServer ?? [])).map(fromWire);
      } catch (error) {
        if (error instanceof CloudError && error.info.code === "LoadBalancerNotFound") return undefined;
        throw error;
      }
    },
    async add(batch) {
      await write(
        "AddBackendServers",
        batch.map((m) =>
          dropUnset({ ServerId: m.serverId, Weight: m.weight, Type: m.type, Ip: m.ip, Port: m.port }),
        ),
      );
      return [...batch];
    },
    async update(batch: readonly MemberUpdate<EnsBackendServer>[]) {
      // The member is named as the cloud reported it (an instance's own Ip included); an undeclared port
      // is sent back as it is, so that a Set that replaces the whole entry cannot reset it.
      await write(
        "SetBackendServers",
        batch.map(({ desired, actual }) =>
          dropUnset({
            ServerId: actual.serverId,
            Weight: desired.weight,
            Type: actual.type,
            Ip: actual.ip,
            Port: desired.port ?? actual.port,
          }),
        ),
      );
    },
    async remove(batch) {
      await write(
        "RemoveBackendServers",
        batch.map((m) => dropUnset({ ServerId: m.serverId, Type: m.type, Ip: m.ip, Port: m.port })),
      );
    },
  };
}

/** Weight is a number or a string depending on the action; Port is a string, and "0" means unset. */
function fromWire(w: WireServer): EnsBackendServer {
  const type = (ENS_SERVER_TYPES as readonly string[]).includes(w.Type ?? "")
    ? (w.Type as EnsServerType)
    : "ens";
  const member: EnsBackendServer = { serverId: w.ServerId, type, weight: Number(w.Weight ?? 100) };
  if (w.Ip) member.ip = w.Ip;
  const port = Number(w.Port ?? 0);
  if (Number.isInteger(port) && port > 0) member.port = port;
  return member;
}

/** Leaves unset fields out: JSON.stringify drops undefined, but the wire type should say so too. */
function dropUnset<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
