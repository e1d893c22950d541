// The contract of the ALB (alb 2020-06-16) and NLB (nlb 2022-04-30) server group actions the emulator
// serves: request fields, batch limits, identity, the asynchronous state machine of the writes (jobs,
// Configuring, busy refusals), idempotence, paging, health, quotas, errors and endpoints. Each row cites
// the vendor's SDK model or API page, or says `silent` where no vendor source says it (the emulator then
// does the least forgiving plausible thing, and docs/limits.md lists it). The handlers are
// serverGroupActions.ts and serverGroupState.ts.
import type { ActionShape } from "./actions";
import type { ContractRow } from "./row";

const SDK = "aliyun/alibabacloud-typescript-sdk";
const ALB = `${SDK}: alb-20200616/src/models`;
const NLB = `${SDK}: nlb-20220430/src/models`;
const ALB_CLIENT = `${SDK}: alb-20200616/src/client.ts`;
const NLB_CLIENT = `${SDK}: nlb-20220430/src/client.ts`;
const ENDPOINT_RULES = "aliyun/endpoint-util: ts/src/client.ts";
const TF_ALB = "aliyun/terraform-provider-alicloud: alicloud/resource_alicloud_alb_server_group.go";
const TF_NLB_ATTACHMENT =
  "aliyun/terraform-provider-alicloud: alicloud/resource_alicloud_nlb_server_group_server_attachment.go";
const NLB_PAGE = (action: string) =>
  `https://www.alibabacloud.com/help/en/slb/api-${action.toLowerCase()}-nlb`;
const ALB_ADD_RATE = "https://api.aliyun.com/document/Alb/2020-06-16/AddServersToServerGroup";
const ALB_LIMITS =
  "https://www.alibabacloud.com/help/en/slb/application-load-balancer/product-overview/quotas-and-limits";
const NLB_QUOTAS = "https://www.alibabacloud.com/help/en/slb/network-load-balancer/user-guide/nlb-quotas";

/** One entry of `Servers` in the three writes of each API (the request models' `...RequestServers`). */
const SERVER_FIELDS = ["ServerId", "ServerType", "ServerIp", "Port", "Weight", "Description"];
const WRITE = ["ServerGroupId", "Servers", "ClientToken", "DryRun"];
/** What names a server group's member: a server (one of its IPs where it has several) on a port. */
const SERVER_NAMES = ["ServerId", "ServerType", "ServerIp", "Port"];

function writes(api: "alb" | "nlb"): ActionShape[] {
  const models = api === "alb" ? ALB : NLB;
  const params = api === "alb" ? WRITE : [...WRITE, "RegionId"];
  return [
    {
      api,
      action: "AddServersToServerGroup",
      params,
      required: ["ServerGroupId", "Servers"],
      entry: {
        fields: api === "alb" ? [...SERVER_FIELDS, "RemoteIpEnabled"] : SERVER_FIELDS,
        required: ["ServerId", "ServerType"],
        applies: ["Weight", "Description"],
        names: SERVER_NAMES,
      },
      source: `${models}/AddServersToServerGroupRequest.ts`,
    },
    {
      api,
      action: "UpdateServerGroupServersAttribute",
      params,
      required: ["ServerGroupId", "Servers"],
      entry: {
        fields: SERVER_FIELDS,
        required: api === "alb" ? ["ServerId", "ServerType"] : ["ServerId", "ServerType"],
        applies: ["Weight", "Description"],
        names: SERVER_NAMES,
      },
      source: `${models}/UpdateServerGroupServersAttributeRequest.ts`,
    },
    {
      api,
      action: "RemoveServersFromServerGroup",
      params,
      required: ["ServerGroupId", "Servers"],
      entry: {
        fields: ["ServerId", "ServerType", "ServerIp", "Port"],
        required: ["ServerId", "ServerType"],
        applies: [],
        names: SERVER_NAMES,
      },
      source: `${models}/RemoveServersFromServerGroupRequest.ts`,
    },
  ];
}

function reads(api: "alb" | "nlb"): ActionShape[] {
  const rules: ActionShape[] =
    api === "alb"
      ? [
          {
            api,
            action: "ListRules",
            params: [
              "Direction",
              "ListenerIds",
              "LoadBalancerIds",
              "MaxResults",
              "NextToken",
              "RuleIds",
              "Tag",
            ],
            required: [],
            source: `${ALB}/ListRulesRequest.ts`,
          },
        ]
      : [];
  const models = api === "alb" ? ALB : NLB;
  const region = api === "alb" ? [] : ["RegionId"];
  const read = (action: string, params: string[], required: string[] = []): ActionShape => ({
    api,
    action,
    params: [...params, ...region],
    required,
    source: `${models}/${action}Request.ts`,
  });
  return [
    ...rules,
    // ALB's list takes tags, NLB's server IPs (the two request models).
    read("ListServerGroupServers", [
      "ServerGroupId",
      "ServerIds",
      "MaxResults",
      "NextToken",
      ...(api === "alb" ? ["Tag"] : ["ServerIps"]),
    ]),
    read("ListServerGroups", [
      "ServerGroupIds",
      "ServerGroupNames",
      "ServerGroupType",
      "ResourceGroupId",
      "VpcId",
      "MaxResults",
      "NextToken",
      "Tag",
    ]),
    read("ListListeners", [
      "ListenerIds",
      "ListenerProtocol",
      "LoadBalancerIds",
      "MaxResults",
      "NextToken",
      "Tag",
      ...(api === "nlb" ? ["SecSensorEnabled"] : []),
    ]),
    read(
      "GetListenerHealthStatus",
      api === "alb" ? ["ListenerId", "IncludeRule", "MaxResults", "NextToken"] : ["ListenerId"],
      ["ListenerId"],
    ),
    api === "alb"
      ? read("ListAsynJobs", [
          "ApiName",
          "BeginTime",
          "EndTime",
          "JobIds",
          "MaxResults",
          "NextToken",
          "ResourceIds",
          "ResourceType",
        ])
      : {
          api,
          action: "GetJobStatus",
          params: ["JobId", "ClientToken"],
          required: ["JobId"],
          source: `${NLB}/GetJobStatusRequest.ts`,
        },
  ];
}

/** What each ALB and NLB action the emulator serves accepts: the conformance check reads them. */
export const SERVER_GROUP_SHAPES: readonly ActionShape[] = [
  ...writes("alb"),
  ...reads("alb"),
  ...writes("nlb"),
  ...reads("nlb"),
];

const both = (row: Omit<ContractRow, "api">): ContractRow[] => [
  { api: "alb", ...row },
  { api: "nlb", ...row },
];

const shapeRows: ContractRow[] = SERVER_GROUP_SHAPES.flatMap((shape): ContractRow[] => {
  const list = (names: readonly string[]) => (names.length === 0 ? "nothing" : names.join(", "));
  const rows: ContractRow[] = [
    {
      api: shape.api,
      action: shape.action,
      topic: "field",
      rule: `accepts the parameters ${list(shape.params)}; requires ${list(shape.required)}`,
      source: shape.source,
    },
  ];
  if (shape.entry) {
    rows.push(
      {
        api: shape.api,
        action: shape.action,
        topic: "field",
        rule: `each Servers.N entry may carry ${list(shape.entry.fields)}; requires ${list(shape.entry.required)}`,
        source: shape.source,
      },
      {
        api: shape.api,
        action: shape.action,
        topic: "applies",
        rule: `applies ${list(shape.entry.applies)} of an entry`,
        source: shape.source,
      },
    );
  }
  return rows;
});

export const rows: ContractRow[] = [
  ...shapeRows,

  // ---- Request framing and batch limits ----
  ...both({
    action: "*",
    topic: "field",
    rule:
      "Servers, JobIds, ServerGroupIds and LoadBalancerIds are arrays in the request models, sent as numbered " +
      "form parameters (Servers.1.ServerId, JobIds.1); pop-core flattens them so, and a gap in the numbering " +
      "is refused",
    source: "aliyun/openapi-core-nodejs-sdk: lib/rpc.js",
  }),
  {
    api: "alb",
    action: "AddServersToServerGroup",
    topic: "field",
    rule: "at most 200 servers in each call",
    source: `${ALB}/AddServersToServerGroupRequest.ts`,
  },
  {
    api: "alb",
    action: "RemoveServersFromServerGroup",
    topic: "field",
    rule: "at most 200 servers in each call",
    source: `${ALB}/RemoveServersFromServerGroupRequest.ts`,
  },
  {
    api: "alb",
    action: "UpdateServerGroupServersAttribute",
    topic: "field",
    rule: "at most 40 servers in each call",
    source: `${ALB}/UpdateServerGroupServersAttributeRequest.ts`,
  },
  {
    api: "nlb",
    action: "AddServersToServerGroup",
    topic: "field",
    rule:
      "up to 200 servers in each call: the SDK's current model (its 2024 model and older API pages said 40; " +
      "the current definition is followed)",
    source: `${NLB}/AddServersToServerGroupRequest.ts`,
  },
  {
    api: "nlb",
    action: "RemoveServersFromServerGroup",
    topic: "field",
    rule: "up to 200 servers in each call",
    source: `${NLB}/RemoveServersFromServerGroupRequest.ts`,
  },
  {
    api: "nlb",
    action: "UpdateServerGroupServersAttribute",
    topic: "field",
    rule: "at most 200 servers in each call",
    source: `${NLB}/UpdateServerGroupServersAttributeRequest.ts`,
  },
  {
    api: "alb",
    action: "AddServersToServerGroup",
    topic: "field",
    rule:
      "Port (1 to 65535) is required for Ecs, Eni, Eci and Ip servers; Weight 0 to 100, default 100; " +
      "Description 2 to 256 characters, not starting with http:// or https://",
    source: `${ALB}/AddServersToServerGroupRequest.ts`,
  },
  {
    api: "nlb",
    action: "AddServersToServerGroup",
    topic: "field",
    rule:
      "Port 0 to 65535, default 0; in a multi-port group (AnyPortEnabled) a server takes no port, and a port " +
      "where the group has none (or none where it has ports) is refused 400 IllegalParam.RSPortConflictWithServerGroup",
    source: NLB_PAGE("AddServersToServerGroup"),
  },
  {
    api: "nlb",
    action: "AddServersToServerGroup",
    topic: "field",
    rule:
      "Description 2 to 256 letters, digits, commas, periods, semicolons, forward slashes, at signs, " +
      "underscores and hyphens; otherwise 400 IllegalParam.description",
    source: NLB_PAGE("AddServersToServerGroup"),
  },
  {
    api: "nlb",
    action: "UpdateServerGroupServersAttribute",
    topic: "field",
    rule:
      "The model requires Port (1 to 65535); in a multi-port group, whose servers have none, an entry without " +
      "one is taken to name the server",
    source: "silent",
  },
  ...both({
    action: "AddServersToServerGroup",
    topic: "field",
    rule:
      "ServerType Ecs, Eni, Eci or Ip (Fc aside); an Ip server's ServerId is its address; ServerIp names one IP " +
      "of an ENI or ECI, and is taken to be required for them",
    source: `${ALB}/AddServersToServerGroupRequest.ts; ${NLB}/AddServersToServerGroupRequest.ts`,
  }),
  ...both({
    action: "AddServersToServerGroup",
    topic: "error",
    rule:
      "An Ip server in an Instance group, or another server in an Ip group, is refused 400 Mismatch.ServerType; " +
      "two entries naming one server 400 DuplicatedParam.Server",
    source: NLB_PAGE("AddServersToServerGroup"),
  }),
  ...both({
    action: "*",
    topic: "applies",
    rule: "a write is refused whole before anything changes: no server of a refused request is touched",
    source: "silent",
  }),

  // ---- Identity ----
  ...both({
    action: "*",
    topic: "identity",
    rule:
      "a backend is (ServerType, ServerId, the ServerIp of an ENI or ECI, Port): the writes name a server so, " +
      "and ALB counts its quota in backend servers (IP addresses and ports)",
    source: `${ALB}/RemoveServersFromServerGroupRequest.ts; ${ALB_LIMITS}`,
  }),
  ...both({
    action: "*",
    topic: "identity",
    rule: "IP addresses are compared as addresses, not as text: 2001:DB8:0::1 and 2001:db8::1 are one IP",
    source: "silent",
  }),
  ...both({
    action: "AddServersToServerGroup",
    topic: "error",
    rule:
      "adding a backend that is already in the group (being added, configured or removed included) is refused; " +
      "the code is undocumented: the emulator answers 400 ResourceAlreadyAssociated.BackendServer",
    source: "silent",
  }),
  {
    api: "nlb",
    action: "RemoveServersFromServerGroup",
    topic: "error",
    rule: "a backend that is not in the group is refused 404 ResourceNotFound.BackendServer",
    source: NLB_PAGE("RemoveServersFromServerGroup"),
  },
  {
    api: "alb",
    action: "*",
    topic: "error",
    rule:
      "removing or updating a backend that is not in the group is refused as NLB documents it, 404 " +
      "ResourceNotFound.BackendServer, the same for UpdateServerGroupServersAttribute on both APIs",
    source: "silent",
  },

  // ---- The asynchronous state machine ----
  ...both({
    action: "*",
    topic: "response",
    rule:
      "AddServersToServerGroup, RemoveServersFromServerGroup and UpdateServerGroupServersAttribute are " +
      "asynchronous: each answers RequestId and JobId at once and runs its task in the background",
    source: `${ALB}/AddServersToServerGroupResponseBody.ts; ${NLB}/AddServersToServerGroupResponseBody.ts`,
  }),
  {
    api: "alb",
    action: "*",
    topic: "applies",
    rule:
      "while a write's task runs the server group is Configuring, then Available; an added server is Adding " +
      "then Available, an updated one Configuring then Available, a removed one Removing then gone",
    source: `${ALB_CLIENT} (addServersToServerGroup, removeServersFromServerGroup, updateServerGroupServersAttribute remarks)`,
  },
  {
    api: "nlb",
    action: "*",
    topic: "applies",
    rule:
      "while a write's task runs the server group is Configuring, then Available; an updated server is " +
      "Configuring then Available; ListServerGroupServers reports Adding, Available, Configuring and Removing",
    source: `${NLB_CLIENT} (updateServerGroupServersAttribute remarks); ${NLB}/ListServerGroupServersResponseBody.ts`,
  },
  ...both({
    action: "*",
    topic: "applies",
    rule:
      "how long a task runs is undocumented: the emulator ends it jobMs after its write was accepted (seed " +
      "alb.jobMs, nlb.jobMs; default 0, over by the next request), on its own clock",
    source: "silent",
  }),
  ...both({
    action: "UpdateServerGroupServersAttribute",
    topic: "applies",
    rule: "the new weight and description take effect when the task ends, not when the write is accepted",
    source: "silent",
  }),
  ...both({
    action: "*",
    topic: "error",
    rule:
      "a write while the group is Configuring (another write's task still running) is refused 400 " +
      "IncorrectStatus.ServerGroup on ALB and IncorrectStatus.serverGroup on NLB: retried after a backoff",
    source: `${NLB_PAGE("AddServersToServerGroup")}; ${TF_ALB}`,
  }),
  ...both({
    action: "*",
    topic: "error",
    rule:
      "Conflict.Lock (`The Lock [%s] is conflict.`), SystemBusy and ResourceInUse.ServerGroup (`please try " +
      "again later`) are retried after a backoff",
    source: `${NLB_PAGE("RemoveServersFromServerGroup")}; ${NLB_PAGE("DeleteServerGroup")}`,
  }),
  {
    api: "alb",
    action: "ListAsynJobs",
    topic: "response",
    rule:
      "Jobs[] by JobIds, each with Id, ApiName, ResourceId, Status Succeeded, Failed or Processing, and " +
      "ErrorCode and ErrorMessage when it failed",
    source: `${ALB}/ListAsynJobsResponseBody.ts`,
  },
  {
    api: "nlb",
    action: "GetJobStatus",
    topic: "response",
    rule: "Status Succeeded (done) or processing (running)",
    source: `${NLB}/GetJobStatusResponseBody.ts`,
  },
  {
    api: "nlb",
    action: "GetJobStatus",
    topic: "response",
    rule:
      "a failed task is not in the model: the emulator answers Status Failed (the job-fails fault), and the " +
      "provider takes any status but Succeeded and processing as the write's failure",
    source: "silent",
  },
  ...both({
    action: "*",
    topic: "applies",
    rule:
      "a failed task undoes its change: the servers it was adding are gone, those it was updating or " +
      "removing are Available as they were",
    source: "silent",
  }),

  // ---- Idempotence ----
  ...both({
    action: "*",
    topic: "applies",
    rule:
      "ClientToken makes a write idempotent: a write with the token of an earlier accepted one is answered " +
      "with that one's answer (its JobId) and applied no second time; without one, the RequestId is used",
    source: `${ALB}/AddServersToServerGroupRequest.ts; ${NLB}/AddServersToServerGroupRequest.ts`,
  }),
  ...both({
    action: "*",
    topic: "error",
    rule: "the same ClientToken with other parameters is refused 400 IdempotenceSignatureMismatch",
    source: NLB_PAGE("RemoveServersFromServerGroup"),
  }),
  ...both({
    action: "*",
    topic: "applies",
    rule:
      "a refused write leaves no trace of its token: a later write with it is handled afresh; tokens are kept " +
      "for the emulator's life",
    source: "silent",
  }),
  {
    api: "nlb",
    action: "*",
    topic: "applies",
    rule:
      "Alibaba's Terraform provider draws a new ClientToken for every retry of the same write, so a retried " +
      "add whose first attempt was applied is applied twice or refused; the provider here keeps one per batch",
    source: TF_NLB_ATTACHMENT,
  },
  ...both({
    action: "*",
    topic: "error",
    rule: "DryRun true checks the request and answers 400 DryRunOperation, changing nothing",
    source: `${ALB}/AddServersToServerGroupRequest.ts; ${NLB}/AddServersToServerGroupRequest.ts`,
  }),

  // ---- Paging ----
  ...both({
    action: "ListServerGroupServers",
    topic: "response",
    rule:
      "pages of MaxResults servers (1 to 100, default 20) with NextToken while more follow; Servers[] carry " +
      "ServerId, ServerType, ServerIp, Port, Weight, Description and Status",
    source: `${ALB}/ListServerGroupServersRequest.ts; ${ALB}/ListServerGroupServersResponseBody.ts`,
  }),
  ...both({
    action: "ListServerGroupServers",
    topic: "response",
    rule:
      "Alibaba's Terraform provider read one default page of 20, so a group of more showed a diff for ever " +
      "(pull requests 9044, 9126): every page must be read; the emulator may cap a page lower (seed pageCap)",
    source: "https://github.com/aliyun/terraform-provider-alicloud/pull/9126",
  }),
  ...both({
    action: "ListServerGroupServers",
    topic: "response",
    rule: "a server group that does not exist is refused 404 ResourceNotFound.ServerGroup (NLB: .serverGroup)",
    source: NLB_PAGE("RemoveServersFromServerGroup"),
  }),
  ...both({
    action: "*",
    topic: "field",
    rule: "a NextToken the API did not give is refused 400 IllegalParam.NextToken",
    source: "silent",
  }),

  // ---- Health ----
  ...both({
    action: "GetListenerHealthStatus",
    topic: "response",
    rule:
      "ListenerHealthStatus[].ServerGroupInfos[] per server group forwarded to, each with its NonNormalServers " +
      "(ServerId, ServerIp, Port, Status Initial, Unhealthy, Unused or Unavailable, Reason): a server not " +
      "listed is normal",
    source: `${ALB}/GetListenerHealthStatusResponseBody.ts; ${NLB}/GetListenerHealthStatusResponseBody.ts`,
  }),
  {
    api: "alb",
    action: "GetListenerHealthStatus",
    topic: "response",
    rule: "HealthCheckEnabled is `on` or `off`; IncludeRule adds RuleHealthStatus[] for forwarding rules",
    source: `${ALB}/GetListenerHealthStatusResponseBody.ts; ${ALB}/GetListenerHealthStatusRequest.ts`,
  },
  {
    api: "nlb",
    action: "GetListenerHealthStatus",
    topic: "response",
    rule: "the health check switch is a boolean spelt HeathCheckEnabled",
    source: `${NLB}/GetListenerHealthStatusResponseBody.ts`,
  },
  {
    api: "alb",
    action: "ListListeners",
    topic: "response",
    rule: "a listener forwards to server groups named in DefaultActions[].ForwardGroupConfig.ServerGroupTuples",
    source: `${ALB}/ListListenersResponseBody.ts`,
  },
  {
    api: "alb",
    action: "ListRules",
    topic: "response",
    rule:
      "a forwarding rule (Rules[], each with its ListenerId) forwards to server groups named in " +
      "RuleActions[].ForwardGroupConfig.ServerGroupTuples; GetListenerHealthStatus reports them under " +
      "RuleHealthStatus[] when IncludeRule is true",
    source: `${ALB}/ListRulesResponseBody.ts; ${ALB}/GetListenerHealthStatusRequest.ts`,
  },
  {
    api: "nlb",
    action: "ListListeners",
    topic: "response",
    rule: "a listener forwards to the one server group named by its ServerGroupId",
    source: `${NLB}/ListListenersResponseBody.ts`,
  },
  {
    api: "alb",
    action: "ListServerGroups",
    topic: "response",
    rule:
      "ServerGroupStatus Available or Configuring, RelatedLoadBalancerIds, and ConnectionDrainConfig " +
      "{ConnectionDrainEnabled, ConnectionDrainTimeout}",
    source: `${ALB}/ListServerGroupsResponseBody.ts`,
  },
  {
    api: "nlb",
    action: "ListServerGroups",
    topic: "response",
    rule:
      "ServerGroupStatus, RelatedLoadBalancerIds, AnyPortEnabled, ConnectionDrainEnabled and " +
      "ConnectionDrainTimeout",
    source: `${NLB}/ListServerGroupsResponseBody.ts`,
  },
  ...both({
    action: "GetListenerHealthStatus",
    topic: "applies",
    rule:
      "when a new server's first check result appears is undocumented: Initial until it passed the group's " +
      "healthy threshold at its interval on the emulator's clock, Unhealthy from the first check when it fails",
    source: "silent",
  }),

  // ---- Quotas ----
  {
    api: "alb",
    action: "AddServersToServerGroup",
    topic: "quota",
    rule: "200 calls per 60 s, counted per region, API and main account",
    source: ALB_ADD_RATE,
  },
  {
    api: "alb",
    action: "*",
    topic: "quota",
    rule:
      "RemoveServersFromServerGroup and UpdateServerGroupServersAttribute are taken to be 200 per 60 s like " +
      "AddServersToServerGroup; no page read gives ALB's read quotas: NLB's 20 per second per API is taken",
    source: "silent",
  },
  {
    api: "nlb",
    action: "*",
    topic: "quota",
    rule:
      "the server group writes 200 calls per 60 s, ListServerGroupServers and GetJobStatus 20 per second, " +
      "per region, API and main account; the other reads are taken to be 20 per second",
    source: NLB_QUOTAS,
  },
  ...both({
    action: "*",
    topic: "quota",
    rule:
      "counted over a sliding window, the least forgiving reading, refused calls included; a call over it is " +
      "refused 400 Throttling.User",
    source: "silent",
  }),
  {
    api: "alb",
    action: "AddServersToServerGroup",
    topic: "quota",
    rule: "at most 1,000 backend servers (IP addresses and ports) per server group",
    source: ALB_LIMITS,
  },
  {
    api: "nlb",
    action: "AddServersToServerGroup",
    topic: "quota",
    rule:
      "400 ECS, ENI or IP backends per NLB instance by default (counted per server group by the emulator); " +
      "beyond it 400 QuotaExceeded.QuotaInsufficient",
    source: `${NLB_QUOTAS}; ${NLB_PAGE("AddServersToServerGroup")}`,
  },

  // ---- Endpoints ----
  {
    api: "alb",
    action: "*",
    topic: "endpoint",
    rule: "no endpoint map: every region is served by alb.<region>.aliyuncs.com (the `regional` rule)",
    source: `${ALB_CLIENT} (constructor); ${ENDPOINT_RULES}`,
  },
  {
    api: "nlb",
    action: "*",
    topic: "endpoint",
    rule: "no endpoint map: every region is served by nlb.<region>.aliyuncs.com (the `regional` rule)",
    source: `${NLB_CLIENT} (constructor); ${ENDPOINT_RULES}`,
  },
  {
    api: "alb",
    action: "*",
    topic: "field",
    rule: "the ALB requests carry no RegionId: the endpoint names the region",
    source: `${ALB}/AddServersToServerGroupRequest.ts`,
  },
  {
    api: "alb",
    action: "RemoveServersFromServerGroup",
    topic: "applies",
    rule:
      "ReplaceServersInServerGroup adds and removes in one task: one job whose failure does not say which half " +
      "was applied; the provider never sends it (docs/alicloud-alb.md)",
    source: `${ALB}/ReplaceServersInServerGroupRequest.ts; ${ALB_CLIENT} (replaceServersInServerGroup remarks)`,
  },
];
