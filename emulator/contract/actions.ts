// The contract of every member action the emulator serves, taken from the vendors' own definitions: which
// fields a request may carry, which of them the action applies, what identifies a member, what the
// answers look like and how a load balancer that is gone shows. The emulator's handlers and the
// conformance check read the shapes below; the rows say the same in words, each with its source.
import { HEALTH_SHAPES } from "./health";
import { SERVER_GROUP_SHAPES } from "./serverGroups";
import type { ContractRow } from "./row";

const ALI_SDK = "aliyun/alibabacloud-typescript-sdk";
const ENS = `${ALI_SDK}: ens-20171110/src/models`;
const SLB = `${ALI_SDK}: slb-20140515/src/models`;
const ELB = "huaweicloud/huaweicloud-sdk-go-v3: services/elb/v3/model";
const TF_ALI = "aliyun/terraform-provider-alicloud: alicloud";
const ELB_META = "huaweicloud/huaweicloud-sdk-go-v3: services/elb/v3/elb_meta.go";
const ELB_QUOTA_PAGE = "https://support.huaweicloud.com/intl/pt-br/productdesc-elb/elb_pro_0019.html";

/** The fields of one entry of a write request: Alibaba's `BackendServers[]`, Huawei's `members[]`. */
export interface EntryShape {
  fields: readonly string[];
  required: readonly string[];
  /** The fields the action changes on an attached member (or sets on a new one); the rest are ignored. */
  applies: readonly string[];
  /**
   * The fields by which the action finds the member an entry names: two entries alike in all of them
   * name one member, which a client never sends twice in one request (the conformance check).
   */
  names: readonly string[];
}

/** What one action accepts: its parameters (form fields or query) and, for writes, its entries. */
export interface ActionShape {
  api: ContractRow["api"];
  action: string;
  params: readonly string[];
  required: readonly string[];
  entry?: EntryShape;
  source: string;
}

/** CLB takes these account parameters on every action besides its own (the SDK request models). */
const SLB_OWNER = ["OwnerAccount", "OwnerId", "ResourceOwnerAccount", "ResourceOwnerId"];

/** CLB's Add and Set requests document the same entry, each in its own model (`<action>Request.ts`). */
function slbAddOrSet(action: "AddBackendServers" | "SetBackendServers"): ActionShape {
  return {
    api: "slb",
    action,
    params: ["RegionId", "LoadBalancerId", "BackendServers", ...SLB_OWNER],
    required: ["RegionId", "LoadBalancerId", "BackendServers"],
    entry: {
      fields: ["ServerId", "Weight", "Type", "ServerIp", "Port", "Description"],
      required: ["ServerId"],
      applies: ["Weight", "Description", "Port"],
      names: ["ServerId", "Type", "ServerIp"],
    },
    source: `${SLB}/${action}Request.ts`,
  };
}

/** The entry every VServer-group write documents, each in its own model (`<action>Request.ts`). */
const VSERVER_ENTRY = ["ServerId", "Weight", "Type", "ServerIp", "Port", "Description"];
/** What names a VServer-group member: a server (an ENI's IP) on a port. */
const VSERVER_NAMES = ["ServerId", "Type", "ServerIp", "Port"];

/** CLB's VServer-group writes: the model files spell the group `Vserver`. */
function slbVServerWrite(
  action: "AddVServerGroupBackendServers" | "RemoveVServerGroupBackendServers" | "SetVServerGroupAttribute",
  applies: readonly string[],
): ActionShape {
  const set = action === "SetVServerGroupAttribute";
  return {
    api: "slb",
    action,
    params: [
      "RegionId",
      "VServerGroupId",
      "BackendServers",
      ...(set ? ["VServerGroupName"] : []),
      ...SLB_OWNER,
    ],
    required: ["RegionId", "VServerGroupId", ...(set ? [] : ["BackendServers"])],
    entry: { fields: VSERVER_ENTRY, required: ["ServerId"], applies, names: VSERVER_NAMES },
    source: `${SLB}/${action.replace("VServer", "Vserver")}Request.ts`,
  };
}

export const SHAPES: readonly ActionShape[] = [
  {
    api: "slb",
    action: "DescribeLoadBalancerAttribute",
    params: ["RegionId", "LoadBalancerId", ...SLB_OWNER],
    required: ["RegionId", "LoadBalancerId"],
    source: `${SLB}/DescribeLoadBalancerAttributeRequest.ts`,
  },
  slbAddOrSet("AddBackendServers"),
  slbAddOrSet("SetBackendServers"),
  {
    api: "slb",
    action: "RemoveBackendServers",
    params: ["RegionId", "LoadBalancerId", "BackendServers", ...SLB_OWNER],
    required: ["RegionId", "LoadBalancerId", "BackendServers"],
    // No ServerIp: a removal names a server, never one of its IPs.
    entry: {
      fields: ["ServerId", "Type", "Weight"],
      required: ["ServerId"],
      applies: [],
      names: ["ServerId", "Type"],
    },
    source: `${SLB}/RemoveBackendServersRequest.ts`,
  },
  {
    api: "slb",
    action: "DescribeVServerGroupAttribute",
    params: ["RegionId", "VServerGroupId", ...SLB_OWNER],
    required: ["RegionId", "VServerGroupId"],
    source: `${SLB}/DescribeVserverGroupAttributeRequest.ts`,
  },
  slbVServerWrite("AddVServerGroupBackendServers", ["Weight", "Description"]),
  slbVServerWrite("SetVServerGroupAttribute", ["Weight", "Description"]),
  // Every field but Weight and Description names the member: only that member goes.
  slbVServerWrite("RemoveVServerGroupBackendServers", []),
  {
    api: "ens",
    action: "DescribeLoadBalancerAttribute",
    params: ["LoadBalancerId"],
    required: ["LoadBalancerId"],
    source: `${ENS}/DescribeLoadBalancerAttributeRequest.ts`,
  },
  {
    api: "ens",
    action: "AddBackendServers",
    params: ["LoadBalancerId", "BackendServers"],
    required: ["LoadBalancerId", "BackendServers"],
    entry: {
      fields: ["ServerId", "Type", "Weight", "Ip", "Port"],
      required: ["ServerId"],
      applies: ["Weight", "Port"],
      names: ["ServerId", "Type", "Ip"],
    },
    source: `${ENS}/AddBackendServersRequestBackendServers.ts`,
  },
  {
    api: "ens",
    action: "SetBackendServers",
    params: ["LoadBalancerId", "BackendServers"],
    required: ["LoadBalancerId", "BackendServers"],
    // Weights only: no Ip to name one IP of an ENI, no Port to change.
    entry: {
      fields: ["ServerId", "Type", "Weight"],
      required: ["ServerId", "Weight"],
      applies: ["Weight"],
      names: ["ServerId", "Type"],
    },
    source: `${ENS}/SetBackendServersRequestBackendServers.ts`,
  },
  {
    api: "ens",
    action: "RemoveBackendServers",
    params: ["LoadBalancerId", "BackendServers"],
    required: ["LoadBalancerId", "BackendServers"],
    entry: {
      fields: ["ServerId", "Type", "Weight", "Ip", "Port"],
      required: ["ServerId"],
      applies: [],
      names: ["ServerId", "Type", "Ip"],
    },
    source: `${ENS}/RemoveBackendServersRequestBackendServers.ts`,
  },
  {
    api: "elb",
    action: "list",
    params: [
      "marker",
      "limit",
      "page_reverse",
      "name",
      "weight",
      "admin_state_up",
      "subnet_cidr_id",
      "address",
      "protocol_port",
      "id",
      "operating_status",
      "enterprise_project_id",
      "ip_version",
      "member_type",
      "instance_id",
    ],
    required: [],
    source: `${ELB}/model_list_members_request.go`,
  },
  {
    api: "elb",
    action: "batch-add",
    params: [],
    required: [],
    entry: {
      fields: ["name", "address", "protocol_port", "subnet_cidr_id", "weight"],
      required: ["address", "protocol_port"],
      applies: ["name", "weight", "subnet_cidr_id"],
      names: ["address", "protocol_port"],
    },
    source: `${ELB}/model_batch_create_members_option.go`,
  },
  {
    api: "elb",
    action: "batch-update",
    params: [],
    required: [],
    entry: {
      fields: ["id", "availability_zone", "admin_state_up", "name", "protocol_port", "weight"],
      required: ["id"],
      applies: ["name", "weight", "protocol_port", "availability_zone"],
      names: ["id"],
    },
    source: `${ELB}/model_batch_update_members_option.go`,
  },
  {
    api: "elb",
    action: "batch-delete",
    params: [],
    required: [],
    entry: {
      fields: ["id", "address", "protocol_port"],
      required: [],
      applies: [],
      names: ["id", "address", "protocol_port"],
    },
    source: `${ELB}/model_batch_delete_members_option.go`,
  },
  {
    api: "elb",
    action: "quota-details",
    params: ["quota_key"],
    required: [],
    source: `${ELB}/model_list_quota_details_request.go`,
  },
];

export function shapeOf(api: ContractRow["api"], action: string): ActionShape | undefined {
  return [...SHAPES, ...HEALTH_SHAPES, ...SERVER_GROUP_SHAPES].find(
    (s) => s.api === api && s.action === action,
  );
}

const list = (names: readonly string[]) => (names.length === 0 ? "nothing" : names.join(", "));

/** The field rows, written from the shapes the emulator enforces, so the two cannot drift apart. */
function fieldRows(shape: ActionShape): ContractRow[] {
  const { api, action, source } = shape;
  const rows: ContractRow[] = [];
  if (shape.params.length > 0) {
    rows.push({
      api,
      action,
      topic: "field",
      rule: `accepts the parameters ${list(shape.params)}; requires ${list(shape.required)}`,
      source,
    });
  }
  if (shape.entry) {
    rows.push({
      api,
      action,
      topic: "field",
      rule: `each entry may carry ${list(shape.entry.fields)}; requires ${list(shape.entry.required)}`,
      source,
    });
    rows.push({
      api,
      action,
      topic: "applies",
      rule: `applies ${list(shape.entry.applies)} of an entry`,
      source,
    });
  }
  return rows;
}

const RULES: readonly ContractRow[] = [
  // Request framing.
  {
    api: "slb",
    action: "*",
    topic: "field",
    rule: "BackendServers is one form parameter holding a JSON array string, at most 20 entries",
    source: `${SLB}/AddBackendServersRequest.ts`,
  },
  {
    api: "ens",
    action: "*",
    topic: "field",
    rule: "BackendServers is sent as one JSON string (the SDK's shrink request), at most 20 entries",
    source: `${ENS}/RemoveBackendServersRequest.ts`,
  },
  {
    api: "elb",
    action: "batch-add",
    topic: "field",
    rule: "the body is {members: [...]}; without subnet_cidr_id a member is a cross-VPC backend and its address must be IPv4",
    source: `${ELB}/model_batch_create_members_option.go`,
  },
  {
    api: "elb",
    action: "batch-delete",
    topic: "field",
    rule: "an entry names a member by id alone, or by address and protocol_port together; never both",
    source: `${ELB}/model_batch_delete_members_option.go`,
  },
  {
    api: "slb",
    action: "*",
    topic: "field",
    rule: "an entry field that the action does not document is ignored: never applied, never used to match a member",
    source: "silent",
  },
  {
    api: "ens",
    action: "*",
    topic: "field",
    rule: "an entry field that the action does not document is ignored: never applied, never used to match a member",
    source: "silent",
  },
  // Two entries naming one member in a single request.
  {
    api: "slb",
    action: "AddBackendServers",
    topic: "applies",
    rule: "of entries naming the same server in one request only the first is added; the others are ignored",
    source: `${ALI_SDK}: slb-20140515/src/client.ts`,
  },
  {
    api: "slb",
    action: "*",
    topic: "applies",
    rule: "RemoveBackendServers and SetBackendServers are taken to treat entries naming one member as AddBackendServers documents: the first counts",
    source: "silent",
  },
  {
    api: "ens",
    action: "*",
    topic: "applies",
    rule: "two entries naming one member in a request are refused, the whole call (InvalidParameter.BackendServers); SetBackendServers names a server by ServerId and Type, so two IPs of one ENI are one member there",
    source: "silent",
  },
  // What the writes apply.
  {
    api: "ens",
    action: "SetBackendServers",
    topic: "applies",
    rule: "changes weights only: a Port or Ip in an entry is not applied, so a port change needs a removal and an addition",
    source: `${ENS}/SetBackendServersRequestBackendServers.ts`,
  },
  {
    api: "ens",
    action: "SetBackendServers",
    topic: "applies",
    rule: "an entry names a server by ServerId and Type only: the weight goes to every attachment of that server, every IP of a multi-IP ENI",
    source: "silent",
  },
  {
    api: "slb",
    action: "RemoveBackendServers",
    topic: "applies",
    rule: "an entry names a server by ServerId and Type only: every attachment of that server goes, every IP of a multi-IP ENI or ECI",
    source: "silent",
  },
  {
    api: "ens",
    action: "RemoveBackendServers",
    topic: "applies",
    rule: "an entry with Ip removes only that IP's attachment; without Ip, every attachment of the server",
    source: `${ENS}/RemoveBackendServersRequestBackendServers.ts`,
  },
  {
    api: "elb",
    action: "batch-update",
    topic: "applies",
    rule: "admin_state_up is decided by the cloud and not applied; a changed subnet cannot be applied by any call",
    source: `${ELB}/model_batch_update_members_option.go`,
  },
  // Identity.
  {
    api: "slb",
    action: "*",
    topic: "identity",
    rule: "a member is (ServerId, Type), and for eni and eci also ServerIp: an ENI is attached once per IP",
    source: `${SLB}/AddBackendServersRequest.ts`,
  },
  {
    api: "ens",
    action: "*",
    topic: "identity",
    rule: "a member is (ServerId, Type), and for eni also Ip: an ENI is attached once per IP",
    source: `${ENS}/AddBackendServersRequestBackendServers.ts`,
  },
  {
    api: "elb",
    action: "*",
    topic: "identity",
    rule: "a member is (address, protocol_port); its id is assigned by the cloud and names it in batch-update",
    source: `${ELB}/model_batch_update_members_option.go`,
  },
  {
    api: "slb",
    action: "*",
    topic: "identity",
    rule: "IP addresses are compared as addresses, not as text: 2001:DB8:0::1 and 2001:db8::1 are one IP",
    source: "silent",
  },
  {
    api: "ens",
    action: "*",
    topic: "identity",
    rule: "IP addresses are compared as addresses, not as text: 2001:DB8:0::1 and 2001:db8::1 are one IP",
    source: "silent",
  },
  {
    api: "slb",
    action: "AddBackendServers",
    topic: "identity",
    rule: "adding a member that is already attached is refused (the code is undocumented)",
    source: "silent",
  },
  {
    api: "ens",
    action: "AddBackendServers",
    topic: "identity",
    rule: "adding a member that is already attached is refused, whatever its port (the code is undocumented)",
    source: "silent",
  },
  // CLB VServer groups.
  {
    api: "slb",
    action: "AddVServerGroupBackendServers",
    topic: "identity",
    rule: "a VServer group member is (ServerId, Type, Port), and for eni and eci also ServerIp: the same server on two ports is two members",
    source: `${SLB}/DescribeVserverGroupAttributeResponseBody.ts; ${TF_ALI}/resource_alicloud_slb_server_group.go`,
  },
  {
    api: "slb",
    action: "AddVServerGroupBackendServers",
    topic: "field",
    rule: "an entry without Port is refused with InvalidParameter on every VServer-group write (the models do not mark Port required, but a member is a server on a port)",
    source: "silent",
  },
  {
    api: "slb",
    action: "AddVServerGroupBackendServers",
    topic: "identity",
    rule: "adding a member that is already attached on that port is refused (the code is undocumented; the default group's is used)",
    source: "silent",
  },
  {
    api: "slb",
    action: "AddVServerGroupBackendServers",
    topic: "applies",
    rule: "entries naming one member in a request are taken to count once, the first, as AddBackendServers documents for the default group",
    source: "silent",
  },
  {
    api: "slb",
    action: "RemoveVServerGroupBackendServers",
    topic: "applies",
    rule: "an entry names one member by ServerId, Type, ServerIp and Port: only that member goes, never the server's other ports or an ENI's other IPs",
    source: `${SLB}/RemoveVserverGroupBackendServersRequest.ts`,
  },
  {
    api: "slb",
    action: "RemoveVServerGroupBackendServers",
    topic: "applies",
    rule: "entries naming servers the group does not have are ignored, and no error is returned",
    source:
      "https://www.alibabacloud.com/help/en/slb/classic-load-balancer/developer-reference/api-slb-2014-05-15-removevservergroupbackendservers",
  },
  {
    api: "slb",
    action: "SetVServerGroupAttribute",
    topic: "applies",
    rule: "changes the Weight and Description of the member an entry names (the model says it changes weights and the group's name, and documents Description in the entry); ServerId, Type, ServerIp and Port only name the member",
    source: `${SLB}/SetVserverGroupAttributeRequest.ts`,
  },
  {
    api: "slb",
    action: "SetVServerGroupAttribute",
    topic: "error",
    rule: "an entry naming a member the group does not have: undocumented; the emulator refuses the request with 400 InvalidParameter, as for SetBackendServers",
    source: "silent",
  },
  // Responses.
  {
    api: "slb",
    action: "DescribeLoadBalancerAttribute",
    topic: "response",
    rule: "members under BackendServers.BackendServer[] with ServerId, ServerIp, Type, Weight (a number) and Description; never Port",
    source: `${SLB}/DescribeLoadBalancerAttributeResponseBody.ts`,
  },
  {
    api: "slb",
    action: "AddBackendServers",
    topic: "response",
    rule: "answers LoadBalancerId and the members under BackendServers.BackendServer[]",
    source: `${SLB}/AddBackendServersResponseBody.ts`,
  },
  {
    api: "ens",
    action: "DescribeLoadBalancerAttribute",
    topic: "response",
    rule: "members in a flat BackendServers[] with ServerId, Ip, Type, Weight (a number) and Port (a string, 0 when unset)",
    source: `${ENS}/DescribeLoadBalancerAttributeResponseBody.ts`,
  },
  {
    api: "ens",
    action: "AddBackendServers",
    topic: "response",
    rule: "members under BackendServers.BackendServer[] with Port as a number",
    source: `${ENS}/AddBackendServersResponseBodyBackendServersBackendServer.ts`,
  },
  {
    api: "elb",
    action: "list",
    topic: "field",
    rule:
      "marker (the id of the previous page's last member) must not be empty or an invalid id: a marker that " +
      "names no member of the pool now, one deleted since the page before included, is refused",
    source: `${ELB}/model_list_members_request.go`,
  },
  // Member quotas.
  {
    api: "elb",
    action: "batch-add",
    topic: "quota",
    rule:
      "a pool holds at most members_per_pool members, 500 by default: an add past it is refused with 409 " +
      "ELB.8905 and applies nothing",
    source: `${ELB_QUOTA_PAGE}; ${ELB}/model_quota.go`,
  },
  {
    api: "elb",
    action: "batch-add",
    topic: "quota",
    rule:
      "an account holds at most `member` members across all its pools, 500 by default, counted per project " +
      "(the quota APIs are read per project_id): an add past it is refused and applies nothing",
    source: `${ELB_QUOTA_PAGE}; ${ELB}/model_quota.go`,
  },
  {
    api: "elb",
    action: "quota-details",
    topic: "response",
    rule:
      "GET /v3/{project_id}/elb/quotas/details answers quotas[] of {quota_key, quota_limit, used, unit}, " +
      "quota_key among member and members_per_pool, quota_limit -1 for no limit; quota_key filters",
    source: `${ELB_META} (GenReqDefForListQuotaDetails); ${ELB}/model_quota_info.go; ${ELB}/model_list_quota_details_response.go`,
  },
  {
    api: "elb",
    action: "quota-details",
    topic: "response",
    rule:
      "what `used` means for members_per_pool is not documented: the emulator answers the most members any " +
      "pool of the project holds; the provider counts the pool's members itself (show-pool)",
    source: "silent",
  },
  {
    api: "elb",
    action: "list",
    topic: "response",
    rule: "members[] with page_info; next_marker only while more pages follow",
    source: `${ELB}/model_list_members_response.go`,
  },
  {
    api: "elb",
    action: "batch-add",
    topic: "response",
    rule: "one member per entry with ret_status: successful, or existed when already attached",
    source: `${ELB}/model_batch_member.go`,
  },
  {
    api: "slb",
    action: "DescribeVServerGroupAttribute",
    topic: "response",
    rule: "answers VServerGroupId, VServerGroupName, LoadBalancerId and the members under BackendServers.BackendServer[] with ServerId, Port and Weight (numbers), Type, ServerIp and Description",
    source: `${SLB}/DescribeVserverGroupAttributeResponseBody.ts`,
  },
  {
    api: "slb",
    action: "AddVServerGroupBackendServers",
    topic: "response",
    rule: "answers VServerGroupId and the members under BackendServers.BackendServer[] with Description, Port, ServerId, Type and Weight",
    source: `${SLB}/AddVserverGroupBackendServersResponseBody.ts`,
  },
  // A load balancer that is gone.
  {
    api: "ens",
    action: "DescribeLoadBalancerAttribute",
    topic: "response",
    rule: "a deleted load balancer can be answered with success and no LoadBalancerId (and no members): that is 'not found'",
    source: `${TF_ALI}/service_alicloud_ens_v2.go (DescribeEnsLoadBalancer)`,
  },
  {
    api: "ens",
    action: "DescribeLoadBalancerAttribute",
    topic: "response",
    rule: "a deleted load balancer can also be answered with the error LoadBalancerNotFound",
    source: "silent",
  },
  {
    api: "slb",
    action: "DescribeLoadBalancerAttribute",
    topic: "response",
    rule: "a missing load balancer is the error InvalidLoadBalancerId.NotFound, or a success without LoadBalancerId",
    source: `${TF_ALI}/service_alicloud_slb.go (DescribeSlb)`,
  },
  {
    api: "slb",
    action: "DescribeVServerGroupAttribute",
    topic: "response",
    rule: "a missing VServer group is HTTP 404 InvalidParameter ('The specified VServerGroupId does not exist.'), or a success without VServerGroupId",
    source:
      "https://help.aliyun.com/zh/slb/classic-load-balancer/developer-reference/api-slb-2014-05-15-errorcodes; " +
      `${TF_ALI}/service_alicloud_slb.go (DescribeSlbServerGroup)`,
  },
  {
    api: "elb",
    action: "list",
    topic: "response",
    rule: "a missing pool is HTTP 404 with error code ELB.8904",
    source: "silent",
  },
];

export const rows: ContractRow[] = [...SHAPES.flatMap(fieldRows), ...RULES];
