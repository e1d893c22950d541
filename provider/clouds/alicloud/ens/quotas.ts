/**
 * ENS's API rate quota, and the pacing that keeps every deployment within it.
 *
 * Each backend-server action's page says "up to 10 times per second per account" (AddBackendServers:
 * https://www.alibabacloud.com/help/en/ens/developer-reference/api-ens-2017-11-10-addbackendservers, and
 * likewise RemoveBackendServers, SetBackendServers, DescribeLoadBalancerAttribute). ENS's "API rate quota"
 * page (https://www.alibabacloud.com/help/en/ens/developer-reference/api-ens-2017-11-10-quota) gives
 * SetBackendServers 10/1(s) counted by "regionId, API, ParentUid", i.e. per API. The two readings differ;
 * the pacing takes the stricter one: 10 calls in any second for all ENS actions of an account together.
 */
import { journaledWindows, type Pace } from "../../../reconcile/pacing";
import { parseQuota, type Quota, type QuotaRule, quotaInForce } from "../../../reconcile/quota";
import type { RunShared } from "../../../reconcile/runShared";

export const ENS_QUOTA = {
  covers: "every ENS action of an account together",
  documented: { calls: 10, windowMs: 1000 },
  overrideVariable: "BACKEND_SERVERS_ENS_QUOTA",
} as const satisfies QuotaRule;

/** The older setting, calls per second, still honoured when the quota itself is not set. */
const CALLS_PER_SECOND_VARIABLE = "BACKEND_SERVERS_ENS_CALLS_PER_SECOND";

export function ensQuota(env: (name: string) => string | undefined): Quota {
  const perSecond = env(CALLS_PER_SECOND_VARIABLE);
  if (env(ENS_QUOTA.overrideVariable) === undefined && perSecond !== undefined)
    return parseQuota(CALLS_PER_SECOND_VARIABLE, `${perSecond}/1`);
  return quotaInForce(ENS_QUOTA, env);
}

/**
 * All ENS resources of the plugin process share these windows, one per endpoint and AccessKey id (never
 * the secret), journaled for the processes that follow.
 */
const windows = journaledWindows("ENS quota windows");

export function ensPace(
  shared: RunShared,
  env: (name: string) => string | undefined,
  endpoint: string,
  accessKeyId: string,
): Pace {
  const quota = ensQuota(env);
  return shared.get(windows).pace(() => ({ key: `${endpoint} ${accessKeyId}`, quota }));
}
