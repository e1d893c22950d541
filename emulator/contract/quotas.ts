/**
 * The rate quotas of the three APIs, as the emulator enforces them (rateQuotas.ts, slidingWindows.ts) and
 * the provider paces for them (provider/clouds/{alicloud/slb,alicloud/ens,huaweicloud/elb}/quotas.ts).
 */
import type { ContractRow } from "./row";

const SLB_QUOTA_PAGE =
  "https://help.aliyun.com/zh/slb/classic-load-balancer/developer-reference/api-slb-2014-05-15-quota";
const ENS_ACTION_PAGE = (action: string) =>
  `https://www.alibabacloud.com/help/en/ens/developer-reference/api-ens-2017-11-10-${action.toLowerCase()}`;
const ENS_QUOTA_PAGE =
  "https://www.alibabacloud.com/help/en/ens/developer-reference/api-ens-2017-11-10-quota";
const ALIBABA_THROTTLE_CODE = "https://help.aliyun.com/knowledge_detail/446611.html";
const ALIBABA_THROTTLE_MESSAGE = "https://developer.aliyun.com/ask/639560";
const HUAWEI_THROTTLE = "https://support.huaweicloud.com/intl/en-us/ocr_faq/ocr_01_0041.html";

export const rows: ContractRow[] = [
  {
    api: "slb",
    action: "AddBackendServers",
    topic: "quota",
    rule: "90 calls per 60 s, counted per region, API and main account (ParentUid)",
    source: SLB_QUOTA_PAGE,
  },
  {
    api: "slb",
    action: "SetBackendServers",
    topic: "quota",
    rule: "90 calls per 60 s, counted per region, API and main account (ParentUid)",
    source: SLB_QUOTA_PAGE,
  },
  {
    api: "slb",
    action: "RemoveBackendServers",
    topic: "quota",
    rule: "90 calls per 60 s per region, API and main account: its own row was not found in the page's text we could read; every backend-server write listed there (RemoveVServerGroupBackendServers included) is 90/60(s), so it is taken to be the same",
    source: SLB_QUOTA_PAGE,
  },
  ...(
    ["AddVServerGroupBackendServers", "RemoveVServerGroupBackendServers", "SetVServerGroupAttribute"] as const
  ).map((action): ContractRow => ({
    api: "slb",
    action,
    topic: "quota",
    rule: "90 calls per 60 s per region, API and main account, like every backend-server write on the page; each API has its own window, not shared with the default group's actions",
    source: SLB_QUOTA_PAGE,
  })),
  {
    api: "slb",
    action: "DescribeVServerGroupAttribute",
    topic: "quota",
    rule: "3000 calls per 60 s per region, API and main account, like every Describe* action on the page",
    source: SLB_QUOTA_PAGE,
  },
  {
    api: "slb",
    action: "DescribeLoadBalancerAttribute",
    topic: "quota",
    rule: "3000 calls per 60 s per region, API and main account, like every Describe* action on the page",
    source: SLB_QUOTA_PAGE,
  },
  {
    api: "slb",
    action: "*",
    topic: "quota",
    rule: "the page gives each quota as N/60(s) without saying how the window moves: the emulator counts over a sliding window, the least forgiving reading, and counts refused calls too",
    source: "silent",
  },
  {
    api: "slb",
    action: "*",
    topic: "error",
    rule: "a call over its rate quota is refused with HTTP 400, code Throttling.User, message 'Request was denied due to user flow control.'",
    source: `${ALIBABA_THROTTLE_CODE}; ${ALIBABA_THROTTLE_MESSAGE}`,
  },
  ...["AddBackendServers", "RemoveBackendServers", "SetBackendServers", "DescribeLoadBalancerAttribute"].map(
    (action): ContractRow => ({
      api: "ens",
      action,
      topic: "quota",
      rule: "10 calls per second per account",
      source: ENS_ACTION_PAGE(action),
    }),
  ),
  {
    api: "ens",
    action: "*",
    topic: "quota",
    rule: "the action pages say 'per account' while the quota page counts SetBackendServers per region, API and ParentUid: the emulator takes the stricter reading, one sliding one-second window of 10 calls for all ENS actions of an account, refused calls counted",
    source: ENS_QUOTA_PAGE,
  },
  {
    api: "ens",
    action: "*",
    topic: "error",
    rule: "a call over the quota is refused with HTTP 400, code Throttling.User, message 'Request was denied due to user flow control.'",
    source: `${ALIBABA_THROTTLE_CODE}; ${ALIBABA_THROTTLE_MESSAGE}`,
  },
  {
    api: "elb",
    action: "*",
    topic: "quota",
    rule: "no flow control is documented for the v3 member operations (batch-add, batch-delete, batch-update, list; their pages, e.g. BatchCreateMembers, give only the 200-member batch limit); the emulator enforces the provider's cautious default, 10 calls per sliding second for all member operations of an AccessKey",
    source: "silent",
  },
  {
    api: "elb",
    action: "*",
    topic: "error",
    rule: "a call over a flow-control policy is refused with HTTP 429, code APIGW.0308, 'The throttling threshold has been reached: policy user over ratelimit,limit:N,time:1 second'",
    source: HUAWEI_THROTTLE,
  },
];
