/**
 * The rate quotas the emulator enforces, per the contract rows in contract/quotas.ts (which cite the
 * vendors' pages), and the refusal each cloud answers with. Tests may shrink a quota (StartOptions.quotas)
 * to prove a property in less time; `npm run emulator` enforces the documented values.
 */
import type { EmulatorContext } from "./context";

export interface RateQuota {
  calls: number;
  windowMs: number;
}

export type QuotaName =
  "slb.write" | "slb.read" | "ens" | "elb" | "alb.write" | "alb.read" | "nlb.write" | "nlb.read";

export const DOCUMENTED_QUOTAS: Record<QuotaName, RateQuota> = {
  // slb 2014-05-15 "API rate quota": AddBackendServers, SetBackendServers 90/60(s) per regionId, API,
  // ParentUid; RemoveBackendServers taken as 90/60(s) like every backend-server write on that page.
  "slb.write": { calls: 90, windowMs: 60_000 },
  // The same page: Describe* actions 3000/60(s).
  "slb.read": { calls: 3000, windowMs: 60_000 },
  // Each ENS backend-server action's page: "up to 10 times per second per account".
  ens: { calls: 10, windowMs: 1000 },
  // Huawei documents none for ELB members: the provider's cautious default (clouds/huaweicloud/elb/quotas.ts).
  elb: { calls: 10, windowMs: 1000 },
  // ALB AddServersToServerGroup's API page: 200/60(s); Remove and Update taken the same. ALB's reads are
  // undocumented: NLB's 20 per second (contract/serverGroups.ts).
  "alb.write": { calls: 200, windowMs: 60_000 },
  "alb.read": { calls: 20, windowMs: 1000 },
  // NLB's quota page: the server group writes 200/60(s), ListServerGroupServers and GetJobStatus 20/1(s).
  "nlb.write": { calls: 200, windowMs: 60_000 },
  "nlb.read": { calls: 20, windowMs: 1000 },
};

export interface QuotaCheck {
  /** The window the call counts in: cloud, account (AccessKey id standing for it) and the cloud's scope. */
  key: string;
  name: QuotaName;
}

/** CLB counts per region, API and account; reads and writes have different quotas. */
export function slbQuotaCheck(accessKeyId: string, regionId: string, action: string): QuotaCheck {
  return {
    key: `slb/${accessKeyId}/${regionId}/${action}`,
    name: action.startsWith("Describe") ? "slb.read" : "slb.write",
  };
}

/**
 * ENS: the action pages say "per account", the quota page says per API and account; the emulator takes
 * the stricter reading, one window for every ENS action of an account.
 */
export function ensQuotaCheck(accessKeyId: string): QuotaCheck {
  return { key: `ens/${accessKeyId}`, name: "ens" };
}

/** Huawei (undocumented): one window for every member operation of an AccessKey, the least forgiving. */
export function elbQuotaCheck(accessKeyId: string): QuotaCheck {
  return { key: `elb/${accessKeyId}`, name: "elb" };
}

/** ALB and NLB count per region, API and account; their reads (List*, Get*) and writes apart. */
export function serverGroupQuotaCheck(
  api: "alb" | "nlb",
  accessKeyId: string,
  regionId: string,
  action: string,
): QuotaCheck {
  const read = action.startsWith("List") || action.startsWith("Get");
  return { key: `${api}/${accessKeyId}/${regionId}/${action}`, name: `${api}.${read ? "read" : "write"}` };
}

/** True when the call fits its quota; records it either way. */
export function withinQuota(ctx: EmulatorContext, check: QuotaCheck): boolean {
  const quota = ctx.quotas[check.name];
  return ctx.windows.admit(check.key, quota.calls, quota.windowMs);
}

/**
 * Alibaba's answer to a call over an API rate quota: HTTP 400, `Throttling.User`
 * (help.aliyun.com/knowledge_detail/446611.html: "ErrorCode=Throttling.User HttpCode=400"; the message
 * as Alibaba's gateway words it, quoted in developer.aliyun.com/ask/639560).
 */
export const ALIBABA_THROTTLE = {
  status: 400,
  code: "Throttling.User",
  message: "Request was denied due to user flow control.",
} as const;

/**
 * Huawei API Gateway's answer to a call over a flow-control policy: HTTP 429, `APIGW.0308`, "The throttling
 * threshold has been reached: policy user over ratelimit,limit:N,time:1 second"
 * (https://support.huaweicloud.com/intl/en-us/ocr_faq/ocr_01_0041.html and the Customer Operation
 * Capabilities FAQ "How Do I Handle the Error APIG.0308?").
 */
export function huaweiThrottle(quota: RateQuota): { status: number; code: string; message: string } {
  const per = quota.windowMs === 60_000 ? "1 minute" : `${quota.windowMs / 1000} second`;
  return {
    status: 429,
    code: "APIGW.0308",
    message: `The throttling threshold has been reached: policy user over ratelimit,limit:${quota.calls},time:${per}`,
  };
}
