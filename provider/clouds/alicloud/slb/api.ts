import type { MemberUpdate } from "../../../core/plan";
import { CloudError } from "../../../reconcile/cloudError";
import type { MemberApi } from "../../memberApi";
import type { AlicloudRpc } from "../rpcClient";
import { SLB_BATCH_SIZE, SLB_SERVER_TYPES, type SlbBackendServer, type SlbServerType } from "./members";

export const SLB_API_VERSION = "2014-05-15";

interface WireServer {
  ServerId: string;
  Weight?: string | number;
  Type?: string;
  ServerIp?: string;
  Port?: string | number;
  Description?: string;
}

interface DescribeResponse {
  BackendServers?: { BackendServer?: WireServer[] };
}

/** CLB's default server group of one load balancer, through the 2014-05-15 RPC API. */
export function slbMemberApi(
  rpc: AlicloudRpc,
  regionId: string,
  loadBalancerId: string,
): MemberApi<SlbBackendServer> {
  const base = { RegionId: regionId, LoadBalancerId: loadBalancerId };
  const target = `load balancer ${loadBalancerId}`;
  const write = async (action: string, servers: WireServer[]) => {
    // pop-core would flatten an array into Key.1.Sub parameters: CLB wants one JSON string.
    await rpc.call(action, { ...base, BackendServers: JSON.stringify(servers) }, target);
  };
  return {
    target,
    batchSize: SLB_BATCH_SIZE,
    actions: {
      list: "DescribeLoadBalancerAttribute",
      add: "AddBackendServers",
      update: "SetBackendServers",
      remove: "RemoveBackendServers",
    },
    async list() {
      try {
        const response = await rpc.call<DescribeResponse>("DescribeLoadBalancerAttribute", base, target);
        return (response.BackendServers?.BackendServer ?? []).map(fromWire);
      } catch (error) {
        if (error instanceof CloudError && error.info.code === "InvalidLoadBalancerId.NotFound")
          return undefined;
        throw error;
      }
    },
    async add(batch) {
      await write("AddBackendServers", batch.map(toWire));
      return [...batch];
    },
    async update(batch: readonly MemberUpdate<SlbBackendServer>[]) {
      await write(
        "SetBackendServers",
        batch.map((u) => toWire(u.desired)),
      );
    },
    async remove(batch) {
      await write(
        "RemoveBackendServers",
        batch.map((m) => dropUnset({ ServerId: m.serverId, Type: m.type, ServerIp: m.serverIp })),
      );
    },
  };
}

/** The documented request shape: numbers as strings, unset fields left out (never "undefined"). */
function toWire(m: SlbBackendServer): WireServer {
  return dropUnset({
    ServerId: m.serverId,
    Weight: String(m.weight),
    Type: m.type,
    ServerIp: m.serverIp,
    Port: m.port === undefined ? undefined : String(m.port),
    Description: m.description,
  });
}

/** Responses give Weight as a number or a string depending on the action: parse with Number. */
function fromWire(w: WireServer): SlbBackendServer {
  const type = (SLB_SERVER_TYPES as readonly string[]).includes(w.Type ?? "")
    ? (w.Type as SlbServerType)
    : "ecs";
  const member: SlbBackendServer = { serverId: w.ServerId, type, weight: Number(w.Weight ?? 100) };
  if (w.ServerIp) member.serverIp = w.ServerIp;
  if (w.Port !== undefined && w.Port !== "" && Number(w.Port) > 0) member.port = Number(w.Port);
  if (w.Description) member.description = w.Description;
  return member;
}

function dropUnset<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
