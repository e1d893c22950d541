/**
 * What the provider plugin's schema says of each kind that the kind itself does not carry: the words for
 * people and the type of each member field. Everything else (the type token, the inputs and outputs, which
 * are required, which replace the resource) comes from the kind (provider/runtime.ts KINDS). A kind added
 * there needs one entry here; the plugin's schema test fails until it has it.
 */

/** One field of a member, as the SDKs type it. */
export interface MemberFieldDoc {
  type: "string" | "integer";
  description: string;
  /** Must be given. */
  required?: boolean;
  /** The values allowed, for an enum in the SDKs. */
  values?: readonly string[];
  /** Reported by the cloud and recorded in state, never declared (Huawei's member id). */
  outputOnly?: boolean;
}

export interface KindDoc {
  /** The resource's description, Markdown. */
  description: string;
  /** The name of the member type in the SDKs: `BackendServer`, `Member`. */
  memberType: string;
  memberDescription: string;
  /** The description of each of the kind's target fields (its schema's `fields`). */
  fields: Readonly<Record<string, string>>;
  members: Readonly<Record<string, MemberFieldDoc>>;
  /** The environment variable (and `endpoints` key of the provider) that overrides the API's endpoint. */
  endpointSetting: string;
  /** A member key as an import id names it, for the docs and messages. */
  importExample: string;
}

const WEIGHT_100 = "0 to 100, default 100; 0 sends no new requests to the server.";

const CLB_REGION =
  "The load balancer's region. Default: the provider's `alicloudRegion`, else env `ALIBABA_CLOUD_REGION_ID` / `ALICLOUD_REGION`.";

/** The first member fields of both CLB kinds (default server group and VServer groups). */
const CLB_MEMBER: Readonly<Record<string, MemberFieldDoc>> = {
  serverId: {
    type: "string",
    required: true,
    description: "ECS instance (`i-...`), ENI (`eni-...`) or elastic container instance (`eci-...`) ID.",
  },
  type: { type: "string", values: ["ecs", "eni", "eci"], description: "Default `ecs`." },
  serverIp: {
    type: "string",
    description: "Required for `eni` and `eci`; an ENI with several IPs is declared once per IP.",
  },
};

const SERVER_GROUP_REGION =
  "The server group's region. Default: the provider's `alicloudRegion`, else env `ALIBABA_CLOUD_REGION_ID` / `ALICLOUD_REGION`. Changing it replaces the resource.";

/** The first member fields of ALB and NLB (their AddServersToServerGroup request models). */
const SERVER_GROUP_MEMBER: Readonly<Record<string, MemberFieldDoc>> = {
  serverId: {
    type: "string",
    required: true,
    description:
      "ECS instance (`i-...`), ENI (`eni-...`), elastic container instance (`eci-...`), or for `Ip` the IP address.",
  },
  serverType: {
    type: "string",
    values: ["Ecs", "Eni", "Eci", "Ip"],
    description: "Default `Ecs`.",
  },
  serverIp: {
    type: "string",
    description: "Required for `Eni` and `Eci`: a server with several IPs is declared once per IP.",
  },
};

export const KIND_DOCS: Readonly<Record<string, KindDoc>> = {
  "alicloud.slb": {
    description:
      "The backend servers of an Alibaba Cloud CLB (SLB) load balancer's default server group, reconciled in batches of 20.",
    memberType: "BackendServer",
    memberDescription: "One backend server of the default server group.",
    fields: {
      loadBalancerId: "The CLB instance (`lb-...`). Changing it replaces the resource.",
      regionId: CLB_REGION,
    },
    members: {
      ...CLB_MEMBER,
      weight: { type: "integer", description: WEIGHT_100 },
      port: { type: "integer", description: "1 to 65535." },
      description: { type: "string", description: "1 to 80 letters, digits, `-`, `/`, `.` or `_`." },
    },
    endpointSetting: "ALIBABA_CLOUD_SLB_ENDPOINT",
    importExample:
      "lb-2ze7o5h52g02kkzze7lru/ecs:i-2zej4lxhjoq1icue6kup,eni:eni-2ze1u9ywulp5pbvvc7hv@10.0.0.5",
  },
  "alicloud.slb.vserver": {
    description:
      "The backend servers of an Alibaba Cloud CLB (SLB) VServer group, reconciled in batches of 20. A member is a server on a port: the same ECS instance on two ports is two members.",
    memberType: "VServerBackendServer",
    memberDescription: "One backend server of the VServer group, on a port.",
    fields: {
      vServerGroupId:
        "The VServer group (`rsp-...`); its load balancer is read from the group. Changing it replaces the resource.",
      regionId: CLB_REGION,
    },
    members: {
      ...CLB_MEMBER,
      weight: { type: "integer", description: WEIGHT_100 },
      port: {
        type: "integer",
        required: true,
        description: "The backend port, 1 to 65535: a VServer group member is a server on a port.",
      },
      description: { type: "string", description: "1 to 80 letters, digits, `-`, `/`, `.` or `_`." },
    },
    endpointSetting: "ALIBABA_CLOUD_SLB_ENDPOINT",
    importExample:
      "rsp-2zeb1kdjwcmfwz3a/ecs:i-2zej4lxhjoq1icue6kup:80,eni:eni-2ze1u9ywulp5pbvvc7hv@10.0.0.5:8080",
  },
  "alicloud.ens": {
    description:
      "The backend servers of an Alibaba Cloud ENS edge load balancer, reconciled in batches of 20 and paced to the account's 10 calls per second.",
    memberType: "BackendServer",
    memberDescription: "One backend server of the edge load balancer.",
    fields: {
      loadBalancerId:
        "The ENS edge load balancer (`lb-...`). ENS has one central endpoint: there is no region. Changing it replaces the resource.",
    },
    members: {
      serverId: {
        type: "string",
        required: true,
        description: "ENS instance (`i-...`) or ENI (`eni-...`) ID.",
      },
      type: { type: "string", values: ["ens", "eni"], description: "Default `ens`." },
      ip: {
        type: "string",
        description: "Required for `eni`; an ENI with several IPs is declared once per IP.",
      },
      weight: { type: "integer", description: WEIGHT_100 },
      port: {
        type: "integer",
        description:
          "The backend port, 1 to 65535; a change detaches and attaches the member. Unset: left as the cloud has it.",
      },
    },
    endpointSetting: "ALIBABA_CLOUD_ENS_ENDPOINT",
    importExample: "lb-5qzdmxefgrpxd7oz2mefonvtx/ens:i-5uf6dwyzch3wly790k2x",
  },
  "alicloud.alb": {
    description:
      "The backend servers of an Alibaba Cloud ALB server group, written in batches of 200 (40 for weight and description updates); each write is an asynchronous job that the resource waits out. A member is a server on a port: the same ECS instance on two ports is two members.",
    memberType: "Server",
    memberDescription: "One backend server of the server group, on a port.",
    fields: {
      serverGroupId:
        "The ALB server group (`sgp-...`); this resource manages its servers, never the group. Changing it replaces the resource.",
      regionId: SERVER_GROUP_REGION,
    },
    members: {
      ...SERVER_GROUP_MEMBER,
      port: {
        type: "integer",
        required: true,
        description: "The backend port, 1 to 65535: a new port is another member.",
      },
      weight: { type: "integer", description: WEIGHT_100 },
      description: {
        type: "string",
        description: "2 to 256 characters, not starting with `http://` or `https://`. Unset: left as it is.",
      },
    },
    endpointSetting: "ALIBABA_CLOUD_ALB_ENDPOINT",
    importExample: "sgp-atstuj3rtoptyui0bc/Ecs:i-bp1f9kdprbgy9uiu8xyz:80,Ip:10.0.0.5:8080",
  },
  "alicloud.nlb": {
    description:
      "The backend servers of an Alibaba Cloud NLB server group, written in batches of 200; each write is an asynchronous job that the resource waits out, retried with the same client token. A member is a server on a port (no port in a multi-port group).",
    memberType: "Server",
    memberDescription: "One backend server of the server group, on a port.",
    fields: {
      serverGroupId:
        "The NLB server group (`sgp-...`); this resource manages its servers, never the group. Changing it replaces the resource.",
      regionId: SERVER_GROUP_REGION,
    },
    members: {
      ...SERVER_GROUP_MEMBER,
      port: {
        type: "integer",
        description:
          "The backend port, 1 to 65535: a new port is another member. Left out in a server group with multi-port forwarding (AnyPortEnabled).",
      },
      weight: { type: "integer", description: WEIGHT_100 },
      description: {
        type: "string",
        description: "2 to 256 letters, digits, `,`, `.`, `;`, `/`, `@`, `_` or `-`. Unset: left as it is.",
      },
    },
    endpointSetting: "ALIBABA_CLOUD_NLB_ENDPOINT",
    importExample:
      "sgp-atstuj3rtoptyui0bc/Ecs:i-bp1f9kdprbgy9uiu8xyz:80,Eni:eni-bp1e0u8f10by57wlabcd@10.0.0.5:80",
  },
  "huaweicloud.elb": {
    description:
      "The members of a Huawei Cloud ELB v3 backend server group (pool), reconciled in batches of 200.",
    memberType: "Member",
    memberDescription: "One member of the pool.",
    fields: {
      poolId: "The backend server group (pool). Changing it replaces the resource.",
      projectId:
        "Default: the provider's `huaweicloudProjectId`, else env `HUAWEICLOUD_SDK_PROJECT_ID` / `HW_PROJECT_ID`.",
      region:
        "Default: the provider's `huaweicloudRegion`, else env `HUAWEICLOUD_REGION` / `HW_REGION_NAME`.",
    },
    members: {
      address: {
        type: "string",
        required: true,
        description:
          'The member\'s IPv4 or IPv6 address; without `subnetCidrId`, a private IPv4 address ("IP as backend").',
      },
      protocolPort: {
        type: "integer",
        required: true,
        description: "0 to 65535; 0 for the pools of gateway load balancers.",
      },
      subnetCidrId: {
        type: "string",
        description: "The IPv4 or IPv6 subnet of the address, in the load balancer's VPC.",
      },
      weight: {
        type: "integer",
        description: "0 to 100, default 1 (ELB's default); 0 sends no new requests to the member.",
      },
      name: {
        type: "string",
        description: "At most 255 characters. Left as it is in the cloud when not declared.",
      },
      id: { type: "string", outputOnly: true, description: "The member's id, assigned by ELB." },
      operatingStatus: {
        type: "string",
        outputOnly: true,
        description: "ELB's health view of the member (`ONLINE`, `OFFLINE`, `NO_MONITOR`...).",
      },
    },
    endpointSetting: "HUAWEICLOUD_ELB_ENDPOINT",
    importExample: "04a9bc65-b75b-478d-b4d6-e693bb61dd35/192.168.0.48:8080,[2001:db8::5]:8080",
  },
};
