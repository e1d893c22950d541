/**
 * Huawei ELB v3's rate quota for member calls, and the pacing that keeps every deployment within it.
 *
 * Huawei documents no flow control for the ELB v3 member APIs: the pages of BatchCreateMembers,
 * BatchDeleteMembers, BatchUpdateMembers and ListMembers
 * (https://support.huaweicloud.com/intl/en-us/api-elb/BatchCreateMembers.html and siblings) give only the
 * 200-member batch limit. Where Huawei does publish per-API flow control, its own OpenAPIs are counted per
 * API and account ("source IP address, API and ParentUid") at 10/1(s) (Huawei's "Request Throttling" page,
 * https://support.huaweicloud.com/intl/en-us/api-oce/fci_00002.html), and its API Gateway answers a call
 * over the limit with HTTP 429 and `APIGW.0308`/`APIG.0308`
 * (https://support.huaweicloud.com/intl/en-us/ocr_faq/ocr_01_0041.html). The cautious default taken here:
 * 10 calls in any second for all member operations of an AccessKey together. At 200 members per call
 * that is 2,000 members a second, far more than a deployment needs, so caution costs nothing.
 */
import { journaledWindows, type Pace } from "../../../reconcile/pacing";
import { type QuotaRule, quotaInForce } from "../../../reconcile/quota";
import type { RunShared } from "../../../reconcile/runShared";
import type { HuaweiTransport } from "../sdkClient";

export const ELB_QUOTA = {
  covers: "every ELB member operation of an AccessKey together (undocumented: a cautious default)",
  documented: { calls: 10, windowMs: 1000 },
  overrideVariable: "BACKEND_SERVERS_ELB_QUOTA",
} as const satisfies QuotaRule;

/** A 429, or any gateway's `*.0308` ("the throttling threshold has been reached"). */
export function isHuaweiThrottle(status: number, code: unknown): boolean {
  return status === 429 || (typeof code === "string" && code.endsWith(".0308"));
}

/**
 * All ELB resources of the plugin process share these windows, one per endpoint and AccessKey id (never
 * the secret), journaled for the processes that follow.
 */
const windows = journaledWindows("ELB quota windows");

export function elbPace(
  shared: RunShared,
  env: (name: string) => string | undefined,
  endpoint: string,
  accessKey: string,
): Pace {
  const quota = quotaInForce(ELB_QUOTA, env);
  return shared.get(windows).pace(() => ({ key: `${endpoint} ${accessKey}`, quota }));
}

/** `transport` with every request, retries included, paced, and refusals for flow control reported. */
export function pacedTransport(transport: HuaweiTransport, pace: Pace): HuaweiTransport {
  return {
    async send(request) {
      const done = await pace(request.path.split("/").at(-1) ?? "members");
      try {
        const answer = await transport.send(request);
        done(isHuaweiThrottle(answer.status, answer.body.error_code));
        return answer;
      } catch (error) {
        done(false);
        throw error;
      }
    },
  };
}
