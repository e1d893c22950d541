import type { Pace, PacerRegistry } from "../../../reconcile/pacing";
import { type QuotaRule, quotaInForce } from "../../../reconcile/quota";
import type { RunShared, SharedPart } from "../../../reconcile/runShared";

/** One server group API's two quotas: its writes', and its reads' (jobs and health included). */
export interface ServerGroupQuotas {
  write: QuotaRule;
  read: QuotaRule;
}

/**
 * The pacing for one ALB or NLB client. Both APIs count per API, region and main account (ParentUid);
 * the main account is not known to a client, so the AccessKey id stands for it, as for CLB. Every
 * request is paced, the reads that follow a job to completion included, so waiting for a write never
 * takes the read quota from the other resources of the account: all of them draw from the same windows,
 * journaled for the processes that follow.
 */
export function serverGroupPace(
  windows: SharedPart<PacerRegistry>,
  quotas: ServerGroupQuotas,
  isRead: (action: string) => boolean,
  shared: RunShared,
  env: (name: string) => string | undefined,
  scope: { endpoint: string; accessKeyId: string; regionId: string },
): Pace {
  const write = quotaInForce(quotas.write, env);
  const read = quotaInForce(quotas.read, env);
  return shared.get(windows).pace((action) => ({
    key: `${scope.endpoint} ${scope.accessKeyId}/${scope.regionId}/${action}`,
    quota: isRead(action) ? read : write,
  }));
}
