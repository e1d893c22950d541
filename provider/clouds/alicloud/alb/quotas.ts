/**
 * ALB's API rate quotas, and the pacing that keeps every deployment within them.
 *
 * AddServersToServerGroup's API page gives "请求速率为200/60(s)" (200 calls per 60 s) and sends the rest
 * to Quota Center (https://api.aliyun.com/document/Alb/2020-06-16/AddServersToServerGroup), counted, as
 * every Alibaba API rate quota, per region, API and main account. RemoveServersFromServerGroup and
 * UpdateServerGroupServersAttribute are taken to be the same. No page we could read gives the quota of
 * ALB's reads (ListServerGroupServers, ListAsynJobs, ListServerGroups, ListListeners,
 * GetListenerHealthStatus): NLB's documented read quota, 20 per second per API, is taken for each of them
 * (docs/limits.md). Both can be raised in Quota Center; the overrides follow such a raise.
 */
import { journaledWindows } from "../../../reconcile/pacing";
import type { ServerGroupQuotas } from "../serverGroup/quotas";

export const ALB_QUOTAS = {
  write: {
    covers:
      "ALB AddServersToServerGroup, UpdateServerGroupServersAttribute and RemoveServersFromServerGroup, each on its own",
    documented: { calls: 200, windowMs: 60_000 },
    overrideVariable: "BACKEND_SERVERS_ALB_WRITE_QUOTA",
  },
  read: {
    covers:
      "ALB ListServerGroupServers, ListAsynJobs and the health readers (ListServerGroups, ListListeners, GetListenerHealthStatus), each on its own",
    documented: { calls: 20, windowMs: 1000 },
    overrideVariable: "BACKEND_SERVERS_ALB_READ_QUOTA",
  },
} as const satisfies ServerGroupQuotas;

/** All ALB resources of the plugin process share these windows, journaled for the processes that follow. */
export const ALB_WINDOWS = journaledWindows("ALB quota windows");
