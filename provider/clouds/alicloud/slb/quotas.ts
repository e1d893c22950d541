/**
 * CLB's API rate quotas, and the pacing that keeps every deployment within them.
 *
 * Alibaba's "API rate quota" page for slb 2014-05-15
 * (https://help.aliyun.com/zh/slb/classic-load-balancer/developer-reference/api-slb-2014-05-15-quota,
 * English: https://www.alibabacloud.com/help/en/slb/classic-load-balancer/developer-reference/api-slb-2014-05-15-quota)
 * lists `AddBackendServers` and `SetBackendServers` at 90/60(s), counted by "regionId, API, ParentUid": per
 * region, per API and per main account. Every other backend-server write on that page (for example
 * `RemoveVServerGroupBackendServers`) is 90/60(s) too; `RemoveBackendServers` and the VServer-group writes
 * (`AddVServerGroupBackendServers`, `SetVServerGroupAttribute`) are paced the same way. Each API counts on
 * its own: a default-group write and a VServer-group write never share a window, while the readers both
 * resources call (`DescribeLoadBalancerAttribute`, the health readers) share theirs.
 * The page's `Describe*` actions are 3000/60(s), which covers `DescribeLoadBalancerAttribute` and
 * `DescribeVServerGroupAttribute`.
 * The quotas can be raised in Quota Center; the overrides below follow such a raise.
 */
import { journaledWindows, type Pace } from "../../../reconcile/pacing";
import { type QuotaRule, quotaInForce } from "../../../reconcile/quota";
import type { RunShared } from "../../../reconcile/runShared";

export const SLB_QUOTAS = {
  write: {
    covers:
      "CLB AddBackendServers, SetBackendServers, RemoveBackendServers and the VServer-group writes, each on its own",
    documented: { calls: 90, windowMs: 60_000 },
    overrideVariable: "BACKEND_SERVERS_SLB_WRITE_QUOTA",
  },
  read: {
    covers:
      "CLB DescribeLoadBalancerAttribute, DescribeVServerGroupAttribute, and the health readers (DescribeHealthStatus, listener attributes)",
    documented: { calls: 3000, windowMs: 60_000 },
    overrideVariable: "BACKEND_SERVERS_SLB_READ_QUOTA",
  },
} as const satisfies Record<string, QuotaRule>;

/** All CLB resources of the plugin process share these windows, journaled for the processes that follow. */
const windows = journaledWindows("CLB quota windows");

/**
 * The pacing for one CLB client. The main account (ParentUid) is not known to a client; the AccessKey id
 * stands for it, so several AccessKeys of one account together can exceed the quota (README "Limits");
 * the adaptive share then slows each of them down.
 */
export function slbPace(
  shared: RunShared,
  env: (name: string) => string | undefined,
  endpoint: string,
  accessKeyId: string,
  regionId: string,
): Pace {
  const write = quotaInForce(SLB_QUOTAS.write, env);
  const read = quotaInForce(SLB_QUOTAS.read, env);
  return shared.get(windows).pace((action) => ({
    key: `${endpoint} ${accessKeyId}/${regionId}/${action}`,
    // The page's Describe* quota covers every reader: the member list and the health readers alike.
    quota: action.startsWith("Describe") ? read : write,
  }));
}
