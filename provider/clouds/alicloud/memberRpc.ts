import type { MemberUpdate } from "../../core/plan";
import { CloudError } from "../../reconcile/cloudError";
import type { SyncMemberApi } from "../../reconcile/memberApi";
import type { AlicloudRpc } from "./rpcClient";

/** One entry of the `BackendServers` parameter: the fields differ between CLB and ENS. */
export type WireServer = Record<string, string | number | undefined>;

/** What distinguishes one Alibaba API's backend servers from another's: CLB's default group, its VServer groups, ENS. */
export interface MemberRpcSpec<M> {
  /** Parameters every call carries: the target's id, and CLB's RegionId. */
  base: Record<string, string>;
  /** What the calls act on, for people: `load balancer lb-abc`, `VServer group rsp-abc`. */
  target: string;
  /** The read, and the three writes, each taking `BackendServers`. */
  actions: { list: string; add: string; update: string; remove: string };
  batchSize: number;
  /**
   * The read's field naming the target: a successful answer without it means the target does not exist.
   * Alibaba's own Terraform provider reads it so (aliyun/terraform-provider-alicloud:
   * alicloud/service_alicloud_ens_v2.go DescribeEnsLoadBalancer, alicloud/service_alicloud_slb.go DescribeSlb
   * and DescribeSlbServerGroup); reading it as a list would make a deleted target look empty, and a
   * refresh forget every member.
   */
  idField: string;
  /** Whether the read's refusal means the target does not exist: its code (and, where the code is generic, its status). */
  gone(refusal: { code: string; httpStatus?: number }): boolean;
  /** The members in the read's answer. */
  listed(response: Record<string, unknown>): WireServer[];
  fromWire(wire: WireServer): M;
  toAdd(member: M): WireServer;
  toUpdate(update: MemberUpdate<M>): WireServer;
  toRemove(member: M): WireServer;
}

/**
 * The backend servers of one CLB load balancer, CLB VServer group or ENS load balancer: each API reads with
 * one Describe action and writes with three actions, each taking `BackendServers` as ONE JSON array
 * string (pop-core would flatten an array into `Key.1.Sub` parameters). `onRead` sees each successful
 * read's whole answer (a VServer group's answer names its load balancer).
 */
export function alibabaMemberApi<M>(
  rpc: AlicloudRpc,
  spec: MemberRpcSpec<M>,
  onRead?: (response: Record<string, unknown>) => void,
): SyncMemberApi<M> {
  const { base, target, actions } = spec;
  const write = async (action: string, servers: WireServer[]) => {
    await rpc.call(action, { ...base, BackendServers: JSON.stringify(servers.map(dropUnset)) }, target);
  };
  return {
    target,
    batchSize: spec.batchSize,
    actions: { add: actions.add, update: actions.update, remove: actions.remove },
    async list() {
      try {
        const response = await rpc.call<Record<string, unknown>>(actions.list, base, target);
        if (!response[spec.idField]) return undefined;
        onRead?.(response);
        return spec.listed(response).map(spec.fromWire);
      } catch (error) {
        if (error instanceof CloudError && spec.gone(error.info)) return undefined;
        throw error;
      }
    },
    async add(batch) {
      await write(actions.add, batch.map(spec.toAdd));
      return [...batch];
    },
    async update(batch) {
      await write(actions.update, batch.map(spec.toUpdate));
    },
    async remove(batch) {
      await write(actions.remove, batch.map(spec.toRemove));
    },
  };
}

/** Unset fields are left out of the request, never sent as "undefined". */
function dropUnset(server: WireServer): WireServer {
  return Object.fromEntries(Object.entries(server).filter(([, v]) => v !== undefined));
}
