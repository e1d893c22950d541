/**
 * NLB's API rate quotas, and the pacing that keeps every deployment within them.
 *
 * NLB's quota page (https://www.alibabacloud.com/help/en/slb/network-load-balancer/user-guide/nlb-quotas,
 * "API rate limits") gives the server group writes (AddServersToServerGroup, RemoveServersFromServerGroup,
 * UpdateServerGroupServersAttribute) 200 calls per 60 s, and ListServerGroupServers and GetJobStatus 20 per
 * second, counted per region, API and main account. The health readers (ListServerGroups, ListListeners,
 * GetListenerHealthStatus) are taken to be 20 per second as well (docs/limits.md). Both can be raised in
 * Quota Center; the overrides follow such a raise.
 */
import { journaledWindows } from "../../../reconcile/pacing";
import type { ServerGroupQuotas } from "../serverGroup/quotas";

export const NLB_QUOTAS = {
  write: {
    covers:
      "NLB AddServersToServerGroup, UpdateServerGroupServersAttribute and RemoveServersFromServerGroup, each on its own",
    documented: { calls: 200, windowMs: 60_000 },
    overrideVariable: "BACKEND_SERVERS_NLB_WRITE_QUOTA",
  },
  read: {
    covers:
      "NLB ListServerGroupServers, GetJobStatus and the health readers (ListServerGroups, ListListeners, GetListenerHealthStatus), each on its own",
    documented: { calls: 20, windowMs: 1000 },
    overrideVariable: "BACKEND_SERVERS_NLB_READ_QUOTA",
  },
} as const satisfies ServerGroupQuotas;

/** All NLB resources of the plugin process share these windows, journaled for the processes that follow. */
export const NLB_WINDOWS = journaledWindows("NLB quota windows");
