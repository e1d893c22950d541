// The error side of the three APIs' contracts: error codes, HTTP statuses, how each is classified,
// the shape of authentication and signature refusals, and endpoints. Each row cites the vendor's own
// source; `silent` marks what no vendor source says (the emulator then does the least forgiving plausible
// thing, and README "Limits" lists it).
import type { ContractRow } from "./row";

const SLB_SDK = "aliyun/alibabacloud-typescript-sdk: slb-20140515/src/client.ts";
const ENS_SDK = "aliyun/alibabacloud-typescript-sdk: ens-20171110/src/client.ts";
const POP_CORE = "aliyun/openapi-core-nodejs-sdk: lib/rpc.js";
const TF_ALICLOUD = "aliyun/terraform-provider-alicloud: alicloud";
const TF_ERRORS = `${TF_ALICLOUD}/errors.go`;
const SLB_ERROR_TABLE =
  "https://help.aliyun.com/zh/slb/classic-load-balancer/developer-reference/api-slb-2014-05-15-errorcodes";
const SIGNATURE_ANSWER = "https://github.com/NewFuture/DDNS/issues/57";
const ECS_ERROR_SHAPE =
  "https://alibabacloud.com/help/ja/ecs/developer-reference/error-code-error-code-troubleshooting-ideas";
const COMMON_ERRORS = "https://www.alibabacloud.com/help/doc-detail/69008.htm";
const ELB_ERROR_TABLE = "https://support.huaweicloud.com/intl/en-us/api-elb/ErrorCode.html";
const APIGW_ERROR_TABLE = "https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-errorcode.html";
const APIG_THROTTLING =
  "https://support.huaweicloud.com/intl/en-us/oce_faq/en-us_topic_0000001887959462.html";
const HUAWEI_SDK_REGIONS = "huaweicloud/huaweicloud-sdk-go-v3: services/elb/v3/region/region.go";

/** Rows that hold alike for both Alibaba RPC APIs (CLB and ENS share the POP gateway). */
const bothAlibaba = (row: Omit<ContractRow, "api">): ContractRow[] => [
  { api: "slb", ...row },
  { api: "ens", ...row },
];

export const rows: ContractRow[] = [
  // ---- Authentication and signature refusals (the POP gateway, before any action runs) ----
  ...bothAlibaba({
    action: "*",
    topic: "auth",
    rule:
      "A signature that does not match is refused with HTTP 400 SignatureDoesNotMatch and the message " +
      "`Specified signature is not matched with our calculation. server string to sign is:<string to sign>`: " +
      "the gateway quotes the string to sign it computed, AccessKeyId and SecurityToken included",
    source: SIGNATURE_ANSWER,
  }),
  ...bothAlibaba({
    action: "*",
    topic: "auth",
    rule:
      "The string to sign is `METHOD&%2F&` followed by the percent-encoded canonical query, so each " +
      "parameter value in it (the SecurityToken among them) is percent-encoded twice",
    source: POP_CORE,
  }),
  ...bothAlibaba({
    action: "*",
    topic: "auth",
    rule: "An unknown AccessKeyId is refused with HTTP 404 InvalidAccessKeyId.NotFound",
    source: COMMON_ERRORS,
  }),
  ...bothAlibaba({
    action: "*",
    topic: "auth",
    rule:
      "A SecurityToken sent with an AccessKey it was not issued with (a leftover token with long-term keys) " +
      "is refused; the emulator answers 400 InvalidSecurityToken.Mismatch, the code being undocumented",
    source: "silent",
  }),
  ...bothAlibaba({
    action: "*",
    topic: "auth",
    rule:
      "A Timestamp more than 15 minutes off is refused with 400 InvalidTimeStamp.Expired, a reused " +
      "SignatureNonce with 400 SignatureNonceUsed",
    source: "silent",
  }),
  {
    api: "elb",
    action: "*",
    topic: "auth",
    rule:
      "A failed signature is refused by API Gateway with HTTP 401 and an APIGW.03xx code (APIGW.0301: " +
      "incorrect IAM authentication information); never retried",
    source: APIGW_ERROR_TABLE,
  },

  // ---- Error bodies, and what the SDKs make of them ----
  ...bothAlibaba({
    action: "*",
    topic: "error",
    rule: "Every refusal is HTTP 4xx or 5xx with a JSON body {RequestId, HostId, Code, Message, Recommend}",
    source: ECS_ERROR_SHAPE,
  }),
  ...bothAlibaba({
    action: "*",
    topic: "error",
    rule:
      "pop-core decides failure from the body's Code, not the HTTP status; its error carries the code, the " +
      "whole body as `data`, and a message made of the body's Message plus the request URL",
    source: POP_CORE,
  }),
  {
    api: "elb",
    action: "*",
    topic: "error",
    rule: "A refusal is HTTP 4xx or 5xx with a JSON body {error_msg, error_code, request_id}",
    source: ELB_ERROR_TABLE,
  },

  // ---- Alibaba error classes (provider/clouds/alicloud/errors.ts) ----
  ...bothAlibaba({
    action: "*",
    topic: "error",
    rule:
      "Throttling, Throttling.User, Throttling.Api (every code starting Throttling), Rejected.Throttling and " +
      "ServiceUnavailable mean nothing was done: the same call is retried after a backoff",
    source: `${TF_ERRORS} (NeedRetry)`,
  }),
  ...bothAlibaba({
    action: "*",
    topic: "error",
    rule: "Any HTTP 5xx answer is retried after a backoff (a 504 on a write is re-read first)",
    source: `${TF_ERRORS} (NeedRetry: a 5xx code in the message)`,
  }),
  {
    api: "slb",
    action: "*",
    topic: "error",
    rule: "InternalError is retried after a backoff, whatever its HTTP status",
    source: `${TF_ALICLOUD}/resource_alicloud_slb_domain_extension.go (DeleteDomainExtension retries InternalError)`,
  },
  {
    api: "ens",
    action: "*",
    topic: "error",
    rule:
      "InternalError is retried after a backoff, whatever its HTTP status. No ENS source names the code; " +
      "Alibaba's Terraform provider retries ENS's AddBackendServers and RemoveBackendServers on 5xx answers only",
    source: "silent",
  },
  ...bothAlibaba({
    action: "*",
    topic: "error",
    rule:
      "OperationConflict (another operation on the resource is under way) is retried after a backoff, like " +
      "the busy codes. No CLB or ENS source names it: only ECS lists do (DiskInvalidOperation, " +
      "NetworkInterfaceInvalidOperations, SnapshotInvalidOperations in terraform-provider-alicloud's errors.go)",
    source: "silent",
  }),
  {
    api: "slb",
    action: "*",
    topic: "error",
    rule:
      "ServiceIsConfiguring, VServerGroupProcessing and OperationBusy (HTTP 400) say a previous " +
      "configuration is pending: retried after a backoff",
    source: SLB_ERROR_TABLE,
  },
  {
    api: "slb",
    action: "*",
    topic: "error",
    rule:
      "SystemBusy, OperationBusy, ServiceIsStopping, BackendServer.configuring and ServiceIsConfiguring mean " +
      "the load balancer is busy: retried after a backoff",
    source: `${TF_ERRORS} (SlbIsBusy)`,
  },
  {
    api: "slb",
    action: "AddBackendServers",
    topic: "error",
    rule:
      "A server that does not exist or is not running is refused with HTTP 400 ObtainIpFail, message " +
      "`The specified BackendServers is invalid; some of the specified backend servers do not exist or are " +
      "not running.`: permanent",
    source: "https://github.com/alibaba/terraform-provider/issues/730",
  },
  {
    api: "slb",
    action: "AddVServerGroupBackendServers",
    topic: "error",
    rule:
      "A server that does not exist or is not running is refused with HTTP 400 ObtainIpFail, as " +
      "AddBackendServers refuses it: permanent",
    source: "https://github.com/alibaba/terraform-provider/issues/730",
  },
  {
    api: "slb",
    action: "RemoveVServerGroupBackendServers",
    topic: "error",
    rule:
      "Removing a member whose server no longer exists (a released instance) is refused with HTTP 400 " +
      "ObtainIpFail, and nothing is removed. Permanent on this action: Alibaba's Terraform provider retries " +
      "RemoveVServerGroupBackendServers on VServerGroupProcessing and NeedRetry codes only",
    source:
      "https://github.com/alibaba/terraform-provider/issues/730; " +
      `${TF_ALICLOUD}/resource_alicloud_slb_server_group_server_attachment.go (resourceAlicloudSlbServerGroupServerAttachmentDelete)`,
  },
  {
    api: "slb",
    action: "*",
    topic: "error",
    rule:
      "A VServer group that does not exist is refused with HTTP 404 InvalidParameter, 'The specified " +
      "VServerGroupId does not exist.': gone on DescribeVServerGroupAttribute, permanent on a write. " +
      "InvalidParameter with any other status means what it says (a bad parameter), never gone",
    source: SLB_ERROR_TABLE,
  },
  {
    api: "slb",
    action: "RemoveBackendServers",
    topic: "error",
    rule:
      "ObtainIpFail on RemoveBackendServers is passing: Alibaba's Terraform provider retries it for 5 minutes " +
      "when it removes servers, and its PR 1253 fixed a failed removal by retrying it. Retried after a backoff " +
      "on removals only; on AddBackendServers it stays permanent",
    source:
      `${TF_ALICLOUD}/resource_alicloud_slb_backend_server.go (resourceAliyunSlbBackendServersDelete); ` +
      "https://github.com/aliyun/terraform-provider-alicloud/pull/1253",
  },
  {
    api: "slb",
    action: "*",
    topic: "error",
    rule:
      "A load balancer that does not exist is refused with HTTP 404 InvalidLoadBalancerId.NotFound: gone on " +
      "DescribeLoadBalancerAttribute, permanent on a write",
    source: "https://github.com/alibaba/terraform-provider/issues/218",
  },
  {
    api: "slb",
    action: "AddBackendServers",
    topic: "error",
    rule:
      "Adding a server that is already attached returns an error; its code is not documented. The emulator " +
      "answers 400 BackendServer.AlreadyExist, which the provider re-reads and re-plans once",
    source: `${SLB_SDK} (addBackendServers remarks: an error, with no code named)`,
  },
  {
    api: "slb",
    action: "SetBackendServers",
    topic: "error",
    rule:
      "Setting a server that is not attached: undocumented. The emulator refuses it with 400 " +
      "InvalidParameter, which the provider reports at once",
    source: "silent",
  },
  {
    api: "ens",
    action: "AddBackendServers",
    topic: "error",
    rule:
      "Adding a server that is already attached: undocumented code. The emulator answers 400 " +
      "InvalidParameter.BackendServerExists (ENS's InvalidParameter.%s pattern), re-read and re-planned once",
    source: "silent",
  },
  {
    api: "ens",
    action: "SetBackendServers",
    topic: "error",
    rule:
      "Setting a server that is not attached: undocumented code. The emulator answers 400 " +
      "InvalidParameter.BackendServerNotFound, re-read and re-planned once",
    source: "silent",
  },
  {
    api: "ens",
    action: "*",
    topic: "error",
    rule:
      "An invalid field is refused with HTTP 400 InvalidParameter.<field> (`The specified field <field> " +
      "invalid.`), a missing permission with 400 NoPermission: both permanent",
    source: "https://alibabacloud.com/help/en/ens/developer-reference/api-ens-2017-11-10-createloadbalancer",
  },
  ...bothAlibaba({
    action: "*",
    topic: "error",
    rule:
      "Every other code is permanent and reported after one attempt, whatever its message says: " +
      "InvalidInstanceId.NotExists and an ENI `not attached to any ECS instance` among them",
    source: "silent",
  }),
  ...bothAlibaba({
    action: "*",
    topic: "error",
    rule:
      "A stale code refused again for the same plan after a fresh read is reported: at most two attempts, " +
      "never a retry loop to the deadline",
    source: "silent",
  }),

  // ---- Huawei ELB error classes (provider/clouds/huaweicloud/errors.ts) ----
  {
    api: "elb",
    action: "*",
    topic: "error",
    rule:
      "HTTP 429 and API Gateway's throttling codes ending in .0308 (`The throttling threshold has been " +
      "reached`) are retried after 2 to 5 s",
    source: APIG_THROTTLING,
  },
  {
    api: "elb",
    action: "*",
    topic: "error",
    rule:
      "404 ELB.8904 (not found): on the member list the pool is gone; on a write a member or the pool " +
      "vanished since the read, so the members are re-read and re-planned once",
    source: ELB_ERROR_TABLE,
  },
  {
    api: "elb",
    action: "batch-add",
    topic: "error",
    rule:
      "409 ELB.8907 is a data conflict (a member with that address and port exists): re-read and " +
      "re-planned once, never resent as it is",
    source: ELB_ERROR_TABLE,
  },
  {
    api: "elb",
    action: "*",
    topic: "error",
    rule:
      "400 ELB.8902 (invalid input), 409 ELB.8905 (member quota), 403 ELB.2001, 400 ELB.8938/ELB.8939 " +
      "(IP members not allowed) and 403 permission refusals are permanent",
    source: ELB_ERROR_TABLE,
  },
  {
    api: "elb",
    action: "batch-add",
    topic: "error",
    rule:
      "Which code refuses an add past the account's member quota (rather than the pool's) is not " +
      "documented: the emulator answers 409 ELB.8905 for both, naming the project or the pool",
    source: "silent",
  },
  {
    api: "elb",
    action: "list",
    topic: "error",
    rule:
      "The code refusing a stale or empty marker is not documented: the emulator answers 400 ELB.8902 " +
      "(invalid input). The provider restarts the listing on a 400 or 404 of any page after the first, " +
      "where ELB.8904 cannot mean that the pool is gone (the first page said it exists)",
    source: "silent",
  },
  {
    api: "elb",
    action: "*",
    topic: "error",
    rule: "A 504 on a write may have been applied: re-read before anything is sent again; other 5xx are retried",
    source: "silent",
  },

  // ---- No answer at all ----
  ...(["slb", "ens", "elb"] as const).map((api): ContractRow => ({
    api,
    action: "*",
    topic: "error",
    rule:
      "A host that does not resolve (ENOTFOUND: a mistyped region or endpoint) is reported at once, " +
      "naming the endpoint setting; a time-out or reset on a write is re-read before anything is resent",
    source: "silent",
  })),

  // ---- Endpoints ----
  {
    api: "slb",
    action: "*",
    topic: "endpoint",
    rule:
      "cn-qingdao, cn-beijing, cn-hangzhou, cn-shanghai, cn-shenzhen, cn-hongkong, ap-southeast-1, us-east-1, " +
      "us-west-1, the finance (cn-shanghai-finance-1, cn-shenzhen-finance-1, cn-hangzhou-finance, ...) and " +
      "government (cn-north-2-gov-1, cn-beijing-gov-1) regions are served by the central host slb.aliyuncs.com",
    source: `${SLB_SDK} (constructor, _endpointMap)`,
  },
  {
    api: "slb",
    action: "*",
    topic: "endpoint",
    rule: "cn-huhehaote-nebula-1 is served by slb-api.cn-qingdao-nebula.aliyuncs.com",
    source: `${SLB_SDK} (constructor, _endpointMap)`,
  },
  {
    api: "slb",
    action: "*",
    topic: "endpoint",
    rule: "Every region outside the map is served by slb.<region>.aliyuncs.com (the `regional` endpoint rule)",
    source: `${SLB_SDK} (constructor, _endpointRule)`,
  },
  {
    api: "ens",
    action: "*",
    topic: "endpoint",
    rule: "One central host, ens.aliyuncs.com, for every region: no endpoint map and an empty endpoint rule",
    source: `${ENS_SDK} (constructor)`,
  },
  {
    api: "elb",
    action: "*",
    topic: "endpoint",
    rule: "Each region is served by elb.<region>.myhuaweicloud.com",
    source: HUAWEI_SDK_REGIONS,
  },
];
