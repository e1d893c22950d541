// Public data shapes of the emulator. Member shapes mirror what each cloud returns, so tests can compare
// them with what the provider reads back; seed shapes are the emulator's own configuration (camelCase).

export type Cloud = "slb" | "ens" | "elb" | "alb" | "nlb";

export interface EmulatorCredential {
  accessKeyId: string;
  accessKeySecret: string;
  /** When set, the credential is an STS one: requests must carry exactly this token. */
  securityToken?: string;
}

/** A member of a CLB load balancer's default server group, as DescribeLoadBalancerAttribute returns it. */
export interface SlbBackendServer {
  ServerId: string;
  Type: "ecs" | "eni" | "eci";
  ServerIp?: string;
  Weight: number;
  Port?: number;
  Description?: string;
}

/**
 * A member of a CLB VServer group, as DescribeVServerGroupAttribute returns it: a server on a port, so the
 * same server on two ports is two members.
 */
export interface SlbVServerBackendServer {
  ServerId: string;
  Type: "ecs" | "eni" | "eci";
  ServerIp?: string;
  Port: number;
  Weight: number;
  Description?: string;
}

/** A VServer group of a CLB load balancer. */
export interface SlbVServerGroupSeed {
  vServerGroupId: string;
  vServerGroupName?: string;
  backendServers?: SlbVServerBackendServer[];
}

/** A member of an ENS edge load balancer. */
export interface EnsBackendServer {
  ServerId: string;
  Type: "ens" | "eni";
  Ip?: string;
  Port?: number;
  Weight: number;
}

/** A Huawei ELB v3 member object. */
export interface ElbMember {
  id: string;
  name: string;
  address: string;
  protocol_port: number;
  subnet_cidr_id?: string;
  weight: number;
  operating_status: string;
  member_type: "ip" | "instance";
  admin_state_up: boolean;
  project_id: string;
  instance_id: string;
  port_id: string;
  ip_version: "v4" | "v6";
  availability_zone?: string;
  created_at: string;
  updated_at: string;
}

/** The types of backend server an ALB or NLB server group takes (Function Compute aside). */
export type ServerGroupServerType = "Ecs" | "Eni" | "Eci" | "Ip";

/** A backend server of an ALB or NLB server group, as ListServerGroupServers returns it. */
export interface ServerGroupServer {
  ServerId: string;
  ServerType: ServerGroupServerType;
  ServerIp?: string;
  /** 0 in an NLB group with multi-port forwarding (AnyPortEnabled). */
  Port: number;
  Weight: number;
  Description?: string;
  /** Where its last write stands: Adding, Configuring or Removing while a job runs; default Available. */
  Status?: "Adding" | "Available" | "Configuring" | "Removing";
}

/** One ALB or NLB server group, and what serves it. */
export interface ServerGroupSeed {
  serverGroupId: string;
  regionId: string;
  servers?: ServerGroupServer[];
  /** Instance (default): Ecs, Eni and Eci servers; Ip: Ip servers only. */
  serverGroupType?: "Instance" | "Ip";
  /** NLB only: multi-port forwarding, whose servers take no port. */
  anyPortEnabled?: boolean;
  /** The load balancer whose listeners forward to the group (ListServerGroups' RelatedLoadBalancerIds). */
  loadBalancerId?: string;
  /**
   * Those listeners; default none, and then no health is reported. An ALB listener with `viaRule`
   * forwards to the group through that forwarding rule rather than its default action.
   */
  listeners?: { listenerId: string; port: number; protocol: string; viaRule?: string }[];
  /** The group's health check: default on, every 2 s, healthy after 3 passes. */
  healthCheck?: { enabled?: boolean; interval?: number; healthyThreshold?: number };
  /** Default off. */
  connectionDrain?: { enabled: boolean; timeout: number };
}

/** The seed of the ALB or the NLB API. */
export interface ServerGroupApiSeed {
  /** Servers the API may attach; unseeded ids count as running unless strictServers. */
  servers?: { serverId: string; status?: "Running" | "Released" }[];
  serverGroups?: ServerGroupSeed[];
  /** Emulator milliseconds from a write's acceptance to the end of its job; default 0 (over by the next request). */
  jobMs?: number;
  /** Servers per group beyond which an add is refused; default ALB 1,000, NLB 400. */
  serverQuota?: number;
  /** The most servers one ListServerGroupServers page returns, whatever MaxResults says (default 100). */
  pageCap?: number;
}

/** What a seed (or setElbMembers) must give for a member; everything else gets the cloud's defaults. */
export type ElbMemberSeed = Pick<ElbMember, "address" | "protocol_port"> &
  Partial<Omit<ElbMember, "address" | "protocol_port">>;

/** A compute instance the Alibaba APIs may attach. Unseeded ids count as running unless strictServers. */
export interface SlbServer {
  serverId: string;
  /** Default "Running". A "Stopped" server is always refused on add. */
  status?: "Running" | "Stopped";
}

export interface EnsServer {
  serverId: string;
  status?: "Running" | "Stopped";
}

/**
 * How a backend server answers health checks: passes once attached long enough, or fails for ever; or,
 * Huawei only, "stopped": its ECS is shut down or gone (OFFLINE without a failed check).
 */
export type HealthBehaviour = "passes" | "fails" | "stopped";

/** A CLB listener, with the health check and connection draining its attribute action reports. */
export interface SlbListenerSeed {
  port: number;
  protocol: "tcp" | "udp" | "http" | "https";
  /** Default "on". */
  healthCheck?: "on" | "off";
  /** Seconds, default 2 (CLB's console default). */
  healthCheckInterval?: number;
  /** Default 3. */
  healthyThreshold?: number;
  /** TCP listeners only; default "off". */
  connectionDrain?: "on" | "off";
  /** Seconds (10..900), when connectionDrain is on; default 300. */
  connectionDrainTimeout?: number;
  /** The VServer group the listener forwards to; default none: the load balancer's default server group. */
  vServerGroupId?: string;
  /** TCP and UDP listeners: a primary/secondary server group it forwards to instead (its members are not modelled). */
  masterSlaveServerGroupId?: string;
  /** HTTP and HTTPS listeners: forwarding rules, each sending the requests it matches to a VServer group. */
  rules?: { ruleId?: string; domain?: string; url?: string; vServerGroupId: string }[];
  /** HTTP listeners: "on" redirects every request to HTTPS and forwards none. Default "off". */
  listenerForward?: "on" | "off";
}

export interface EmulatorSeed {
  credentials?: EmulatorCredential[];
  slb?: {
    servers?: SlbServer[];
    loadBalancers?: {
      loadBalancerId: string;
      regionId: string;
      backendServers?: SlbBackendServer[];
      /** Default none: DescribeHealthStatus then reports nothing. */
      listeners?: SlbListenerSeed[];
      /** Default none. */
      vServerGroups?: SlbVServerGroupSeed[];
    }[];
    /**
     * How DescribeLoadBalancerAttribute answers for a load balancer that does not exist: "error" (the
     * default), InvalidLoadBalancerId.NotFound; "no-id", a success without LoadBalancerId. The same for
     * DescribeVServerGroupAttribute and a VServer group (404 InvalidParameter, or no VServerGroupId).
     */
    goneAnswer?: "no-id" | "error";
  };
  ens?: {
    servers?: EnsServer[];
    loadBalancers?: { loadBalancerId: string; backendServers?: EnsBackendServer[]; status?: string }[];
    /** Members per load balancer beyond which AddBackendServers fails with QuotaExceed.BackendServer (200). */
    backendServerQuota?: number;
    /**
     * How DescribeLoadBalancerAttribute answers for a load balancer that does not exist: "no-id" (the
     * default), a success without LoadBalancerId and members; "error", the LoadBalancerNotFound code.
     */
    goneAnswer?: "no-id" | "error";
  };
  elb?: {
    projects?: string[];
    pools?: {
      poolId: string;
      projectId: string;
      members?: ElbMemberSeed[];
      ipTargetEnable?: boolean;
      /** Default none: members report NO_MONITOR. */
      healthMonitor?: { delay: number; maxRetries: number; adminStateUp?: boolean };
      /** Listeners using the pool, each reported in a member's status[] (default none). */
      listenerIds?: string[];
      connectionDrain?: { enable: boolean; timeout: number };
    }[];
    /** Members per pool (default 500). */
    memberQuota?: number;
    /** Members of one project (an account in a region) across all its pools (default 500). */
    accountMemberQuota?: number;
    /** Max items per list page whatever `limit` says (default 2000). */
    pageCap?: number;
  };
  alb?: ServerGroupApiSeed;
  nlb?: ServerGroupApiSeed;
  /** Default false: any well-formed server id not seeded counts as a running server. */
  strictServers?: boolean;
}

/**
 * `job-fails` and `slow-job` act between an asynchronous write (ALB, NLB) and its completion: the job
 * ends Failed and its change is rolled back, or runs `latencyMs` longer.
 */
export type FaultKind =
  | "throttle"
  | "server-error"
  | "latency"
  | "drop"
  | "drop-after-apply"
  | "timeout-after-apply"
  | "job-fails"
  | "slow-job";

export interface FaultRule {
  cloud?: Cloud;
  action?: string;
  kind: FaultKind;
  /** 0..1 share of matching requests (drawn with StartOptions.random); default 1. */
  rate?: number;
  /** Only the first N matching requests are eligible. */
  count?: number;
  /**
   * latency: delay before answering; timeout-after-apply: how long the answer is withheld (60000);
   * slow-job: how much longer the job runs (60000).
   */
  latencyMs?: number;
}

export interface CallRecord {
  seq: number;
  cloud: Cloud;
  /**
   * Alibaba: the Action parameter; Huawei: batch-add, batch-delete, batch-update, list, show-pool or
   * quota-details. Numbered parameters (`Servers.1.ServerId`, `JobIds.1`) are logged as the lists they
   * stand for.
   */
  action: string;
  accessKeyId?: string;
  /** Business parameters only, never a signature, secret or security token. */
  params: Record<string, unknown>;
  /** 0 when the connection was dropped without an answer. */
  httpStatus: number;
  code?: string;
  requestId: string;
  fault?: FaultKind;
  startedAt: number;
}

export interface StartOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  seed?: EmulatorSeed;
  /** Draws for fault rates; default Math.random. */
  random?: () => number;
  /**
   * Rate quotas in place of the documented ones (rateQuotas.ts), for tests that prove a pacing property
   * with a smaller window: `{ "slb.write": { calls: 20, windowMs: 500 } }`.
   */
  quotas?: Partial<
    Record<
      "slb.write" | "slb.read" | "ens" | "elb" | "alb.write" | "alb.read" | "nlb.write" | "nlb.read",
      { calls: number; windowMs: number }
    >
  >;
  /**
   * Clock (epoch ms) for timestamp windows, nonce memory, AccessKey locks and the rate quotas;
   * default Date.now. Tests freeze or advance it instead of sleeping.
   */
  now?: () => number;
}
