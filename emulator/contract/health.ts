// The health side of the contracts: how each API reports a backend server's health, what configures the
// health check and connection draining, and how the emulator moves a member's health over time. Each row
// cites the vendor's own source; `silent` marks what no vendor source says (the emulator then does the
// least forgiving plausible thing, and README "Limits" lists it).
import type { ActionShape } from "./actions";
import type { ContractRow } from "./row";

const SLB_MODELS = "aliyun/alibabacloud-typescript-sdk: slb-20140515/src/models";
const ENS_MODELS = "aliyun/alibabacloud-typescript-sdk: ens-20171110/src/models";
const ELB_MODELS = "huaweicloud/huaweicloud-sdk-go-v3: services/elb/v3/model";

/** CLB takes these account parameters on every action besides its own (the SDK request models). */
const SLB_OWNER = ["OwnerAccount", "OwnerId", "ResourceOwnerAccount", "ResourceOwnerId"];

const listenerAttribute = (protocol: string, model: string): ActionShape => ({
  api: "slb",
  action: `DescribeLoadBalancer${protocol}ListenerAttribute`,
  params: ["RegionId", "LoadBalancerId", "ListenerPort", ...SLB_OWNER],
  required: ["LoadBalancerId", "ListenerPort"],
  source: `${SLB_MODELS}/DescribeLoadBalancer${model}listenerAttributeRequest.ts`,
});

/** The requests of the health readers: what each accepts and requires (no entries: they only read). */
export const HEALTH_SHAPES: readonly ActionShape[] = [
  {
    api: "slb",
    action: "DescribeHealthStatus",
    params: ["RegionId", "LoadBalancerId", "ListenerPort", "ListenerProtocol", ...SLB_OWNER],
    required: ["LoadBalancerId"],
    source: `${SLB_MODELS}/DescribeHealthStatusRequest.ts`,
  },
  listenerAttribute("TCP", "Tcp"),
  listenerAttribute("UDP", "Udp"),
  listenerAttribute("HTTP", "Http"),
  listenerAttribute("HTTPS", "Https"),
  {
    api: "elb",
    action: "show-pool",
    params: [],
    required: [],
    source: `${ELB_MODELS}/model_show_pool_request.go`,
  },
];

export const rows: ContractRow[] = [
  // ---- CLB: DescribeHealthStatus ----
  {
    api: "slb",
    action: "DescribeHealthStatus",
    topic: "field",
    rule:
      "Takes RegionId and LoadBalancerId (required), and optionally ListenerPort (1..65535) and " +
      "ListenerProtocol; without ListenerPort the health on every listener port is returned",
    source: `${SLB_MODELS}/DescribeHealthStatusRequest.ts`,
  },
  {
    api: "slb",
    action: "DescribeHealthStatus",
    topic: "response",
    rule:
      "Answers BackendServers.BackendServer[], one entry per backend server and listener: ServerId, " +
      "ServerIp, Port (backend port), ListenerPort, Protocol and ServerHealthStatus",
    source: `${SLB_MODELS}/DescribeHealthStatusResponseBody.ts`,
  },
  {
    api: "slb",
    action: "DescribeHealthStatus",
    topic: "response",
    rule:
      "ServerHealthStatus is normal (healthy), abnormal (unhealthy) or unavailable (the health check " +
      "has not completed)",
    source: `${SLB_MODELS}/DescribeHealthStatusResponseBody.ts`,
  },
  {
    api: "slb",
    action: "DescribeHealthStatus",
    topic: "response",
    rule:
      "What is reported for a listener whose health check is off: no vendor source says; the emulator " +
      "answers unavailable (never normal), so a reader that does not look at the listener's HealthCheck " +
      "switch waits forever",
    source: "silent",
  },
  {
    api: "slb",
    action: "DescribeHealthStatus",
    topic: "applies",
    rule:
      "How a newly added server moves from unavailable to normal is not documented beyond the listener's " +
      "thresholds; the emulator answers unavailable until the first check interval has passed, abnormal " +
      "until HealthyThreshold intervals have passed, then normal (or abnormal for ever for a server set to " +
      "fail)",
    source: "silent",
  },
  // ---- CLB: listeners, their health check and connection draining ----
  {
    api: "slb",
    action: "DescribeLoadBalancerAttribute",
    topic: "response",
    rule:
      "Lists the load balancer's listeners in ListenerPortsAndProtocol.ListenerPortAndProtocol[] " +
      "(ListenerPort, ListenerProtocol)",
    source: `${SLB_MODELS}/DescribeLoadBalancerAttributeResponseBody.ts`,
  },
  {
    api: "slb",
    action: "DescribeLoadBalancerTCPListenerAttribute",
    topic: "response",
    rule:
      "A TCP listener reports HealthCheck (on/off), HealthCheckInterval (1..50 s), HealthyThreshold " +
      "(2..10 consecutive passes before a server is declared healthy), UnhealthyThreshold, and " +
      "ConnectionDrain (on/off) with ConnectionDrainTimeout (10..900 s) when draining is on",
    source: `${SLB_MODELS}/DescribeLoadBalancerTcplistenerAttributeResponseBody.ts`,
  },
  {
    api: "slb",
    action: "DescribeLoadBalancerUDPListenerAttribute",
    topic: "response",
    rule: "A UDP listener reports HealthCheck, HealthCheckInterval and HealthyThreshold; no connection draining",
    source: `${SLB_MODELS}/DescribeLoadBalancerUdplistenerAttributeResponseBody.ts`,
  },
  {
    api: "slb",
    action: "DescribeLoadBalancerHTTPListenerAttribute",
    topic: "response",
    rule:
      "An HTTP (and HTTPS) listener reports HealthCheck, HealthCheckInterval and HealthyThreshold; no " +
      "connection draining",
    source: `${SLB_MODELS}/DescribeLoadBalancerHttplistenerAttributeResponseBody.ts`,
  },
  {
    api: "slb",
    action: "DescribeLoadBalancerTCPListenerAttribute",
    topic: "response",
    rule:
      "Each listener (TCP, UDP, HTTP, HTTPS) reports VServerGroupId, the VServer group it forwards to; TCP " +
      "and UDP listeners also MasterSlaveServerGroupId, a primary/secondary group. A listener with neither " +
      "forwards to the default server group",
    source:
      `${SLB_MODELS}/DescribeLoadBalancerTcplistenerAttributeResponseBody.ts; ` +
      `${SLB_MODELS}/DescribeLoadBalancerUdplistenerAttributeResponseBody.ts`,
  },
  {
    api: "slb",
    action: "DescribeLoadBalancerHTTPListenerAttribute",
    topic: "response",
    rule:
      "An HTTP (and HTTPS) listener reports its forwarding rules in Rules.Rule[] (RuleId, Domain, Url, " +
      "VServerGroupId): the requests a rule matches go to that VServer group; an HTTP listener also " +
      "reports ListenerForward, on when it redirects every request to HTTPS (then it forwards none)",
    source: `${SLB_MODELS}/DescribeLoadBalancerHttplistenerAttributeResponseBody.ts`,
  },
  {
    api: "slb",
    action: "DescribeHealthStatus",
    topic: "response",
    rule:
      "Which backend servers are reported on a listener: no vendor source says. The emulator reports the " +
      "servers the listener forwards to and no others: its VServer group's members (on their own ports), or " +
      "with neither a VServer nor a primary/secondary group the default group's, plus each forwarding " +
      "rule's group; a default-group member is never reported on a listener that forwards to a VServer group",
    source: "silent",
  },
  {
    api: "slb",
    action: "DescribeHealthStatus",
    topic: "applies",
    rule:
      "A forwarding rule's own health check settings (ListenerSync off) and a primary/secondary group's " +
      "members are not modelled: a rule's members are checked as the listener checks, and nothing is " +
      "reported for a primary/secondary group",
    source: "silent",
  },
  {
    api: "slb",
    action: "DescribeLoadBalancerTCPListenerAttribute",
    topic: "error",
    rule:
      "A listener port the load balancer does not have: the code is not documented in the models; the " +
      "emulator answers 400 InvalidParameter (permanent)",
    source: "silent",
  },
  // ---- ENS: no per-backend health ----
  {
    api: "ens",
    action: "DescribeLoadBalancerAttribute",
    topic: "response",
    rule:
      "ENS reports no health per backend server: no action of ens-20171110 returns a backend server's " +
      "health status, and BackendServers carries only ServerId, Ip, Port, Weight and Type",
    source: `${ENS_MODELS}/DescribeLoadBalancerAttributeResponseBody.ts`,
  },
  {
    api: "ens",
    action: "DescribeLoadBalancerTCPListenerAttribute",
    topic: "response",
    rule:
      "What ENS does offer: each listener's health check configuration (HealthCheck on/off, " +
      "HealthCheckInterval 1..50 s, HealthyThreshold 2..10), not its results",
    source: `${ENS_MODELS}/DescribeLoadBalancerTcplistenerAttributeResponseBody.ts`,
  },
  // ---- Huawei ELB: member health ----
  {
    api: "elb",
    action: "list",
    topic: "response",
    rule:
      "Each member carries operating_status: NO_MONITOR (its pool has no health check), INITIAL (a " +
      "health check is configured but has no result yet), ONLINE (healthy), OFFLINE (the ECS behind the " +
      "member does not exist or is shut down), UNKNOWN (a member of a pool no load balancer uses, or an " +
      "instance member never associated with an ECS)",
    source: `${ELB_MODELS}/model_member.go`,
  },
  {
    api: "elb",
    action: "list",
    topic: "response",
    rule:
      "admin_state_up is not what a request set but whether the ECS behind the member exists: the " +
      "emulator answers false for a member whose server is stopped or gone",
    source: `${ELB_MODELS}/model_member.go`,
  },
  {
    api: "elb",
    action: "list",
    topic: "applies",
    rule:
      "A member whose server is stopped or gone is OFFLINE at once, with no reason (no health check " +
      "failed), on every listener",
    source: `${ELB_MODELS}/model_member.go`,
  },
  {
    api: "elb",
    action: "list",
    topic: "applies",
    rule:
      "Whether a pool without a health monitor reports NO_MONITOR or OFFLINE for a member whose server " +
      "is stopped is not said: the emulator answers OFFLINE, under which a gate does not count it as serving",
    source: "silent",
  },
  {
    api: "elb",
    action: "list",
    topic: "applies",
    rule:
      "Per listener, OFFLINE also covers a server whose service fails its health check; the emulator " +
      "then gives the reason (CONNECT_REFUSED) that tells a failed check apart from a server gone",
    source: `${ELB_MODELS}/model_listener_member_info.go`,
  },
  {
    api: "elb",
    action: "list",
    topic: "applies",
    rule:
      "A member of a pool with a health monitor but no listener (no load balancer uses the pool) is " +
      "UNKNOWN, on no listener",
    source: `${ELB_MODELS}/model_load_balancer_status_member.go`,
  },
  {
    api: "elb",
    action: "list",
    topic: "response",
    rule:
      "Each member also carries status[], one entry per listener (listener_id, operating_status, reason); " +
      "when status is not empty it takes precedence over the member's operating_status",
    source: `${ELB_MODELS}/model_member_status.go`,
  },
  {
    api: "elb",
    action: "list",
    topic: "response",
    rule:
      "A failing health check gives reason { reason_code (CONNECT_TIMEOUT, CONNECT_REFUSED, " +
      "CONNECT_FAILED, RESPONSE_MISMATCH...), expected_response, healthcheck_response }",
    source: `${ELB_MODELS}/model_member_health_check_failed_reason.go`,
  },
  {
    api: "elb",
    action: "list",
    topic: "applies",
    rule:
      "A member of a pool with a health monitor is INITIAL after it is added, and ONLINE once it passed " +
      "max_retries consecutive checks, one every delay seconds (the monitor's documented meaning); the " +
      "exact moment of the first result is not documented: the emulator waits the full delay x max_retries",
    source: `${ELB_MODELS}/model_health_monitor.go`,
  },
  {
    api: "elb",
    action: "show-pool",
    topic: "response",
    rule:
      "A pool carries healthmonitor_id (its health check, empty without one) and connection_drain " +
      "{ enable, timeout 10..4000 s }: deregistration delay applied when a member is removed",
    source: `${ELB_MODELS}/model_pool.go`,
  },
  {
    api: "elb",
    action: "show-pool",
    topic: "field",
    rule:
      "A health monitor has admin_state_up (false: checks off), delay (1..50 s between checks), " +
      "max_retries (1..10 passes before ONLINE), max_retries_down and timeout",
    source: `${ELB_MODELS}/model_health_monitor.go`,
  },
  {
    api: "elb",
    action: "batch-update",
    topic: "applies",
    rule: "A member with weight 0 receives no new requests (existing connections are left alone)",
    source: `${ELB_MODELS}/model_member.go`,
  },
  {
    api: "slb",
    action: "SetBackendServers",
    topic: "applies",
    rule: "A backend server set to weight 0 is forwarded no requests",
    source: `${SLB_MODELS}/SetBackendServersRequest.ts`,
  },
];
