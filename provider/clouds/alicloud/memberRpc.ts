import type { MemberUpdate } from "../../core/plan";
import { CloudError } from "../../reconcile/cloudError";
import type { SyncMemberApi } from "../../reconcile/memberApi";
import type { AlicloudRpc } from "./rpcClient";

/** One entry of the `BackendServers` parameter: the fields differ between CLB and ENS. */
export type WireServer = Record<string, string | number | undefined>;

/** What distinguishes one Alibaba load balancer API's backend servers from another's. */
export interface MemberRpcSpec<M> {
  loadBalancerId: string;
  /** Parameters every call carries besides the load balancer: CLB's RegionId. */
  scope?: Record<string, string>;
  batchSize: number;
  /**
   * The error code that means the load balancer does not exist. A successful answer without
   * LoadBalancerId means the same on both APIs: Alibaba's own Terraform provider reads it so
   * (aliyun/terraform-provider-alicloud: alicloud/service_alicloud_ens_v2.go DescribeEnsLoadBalancer,
   * alicloud/service_alicloud_slb.go DescribeSlb); reading it as a list would make a deleted load balancer
   * look empty, and a refresh forget every member.
   */
  goneCode: string;
  /** The members in DescribeLoadBalancerAttribute's answer. */
  listed(response: Record<string, unknown>): WireServer[];
  fromWire(wire: WireServer): M;
  toAdd(member: M): WireServer;
  toUpdate(update: MemberUpdate<M>): WireServer;
  toRemove(member: M): WireServer;
}

/**
 * The backend servers of one CLB or ENS load balancer: both APIs read with DescribeLoadBalancerAttribute
 * and write with Add/Set/RemoveBackendServers, each taking `BackendServers` as ONE JSON array string
 * (pop-core would flatten an array into `Key.1.Sub` parameters).
 */
export function alibabaMemberApi<M>(rpc: AlicloudRpc, spec: MemberRpcSpec<M>): SyncMemberApi<M> {
  const base = { ...spec.scope, LoadBalancerId: spec.loadBalancerId };
  const target = `load balancer ${spec.loadBalancerId}`;
  const write = async (action: string, servers: WireServer[]) => {
    await rpc.call(action, { ...base, BackendServers: JSON.stringify(servers.map(dropUnset)) }, target);
  };
  return {
    target,
    batchSize: spec.batchSize,
    actions: {
      add: "AddBackendServers",
      update: "SetBackendServers",
      remove: "RemoveBackendServers",
    },
    async list() {
      try {
        const response = await rpc.call<Record<string, unknown>>(
          "DescribeLoadBalancerAttribute",
          base,
          target,
        );
        if (!response.LoadBalancerId) return undefined;
        return spec.listed(response).map(spec.fromWire);
      } catch (error) {
        if (error instanceof CloudError && error.info.code === spec.goneCode) return undefined;
        throw error;
      }
    },
    async add(batch) {
      await write("AddBackendServers", batch.map(spec.toAdd));
      return [...batch];
    },
    async update(batch) {
      await write("SetBackendServers", batch.map(spec.toUpdate));
    },
    async remove(batch) {
      await write("RemoveBackendServers", batch.map(spec.toRemove));
    },
  };
}

/** Unset fields are left out of the request, never sent as "undefined". */
function dropUnset(server: WireServer): WireServer {
  return Object.fromEntries(Object.entries(server).filter(([, v]) => v !== undefined));
}
