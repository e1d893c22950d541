// CLB (2014-05-15) health readers over the emulator state: DescribeHealthStatus and the listener
// attribute actions that say whether a listener checks health and drains connections. Sources:
// emulator/contract/health.ts.
import { ApiError } from "./apiError";
import { type ClbHealth, clbServerHealth } from "./health";
import type { EmulatorState, SlbListener, SlbLoadBalancer } from "./state";

export type SlbRead = (
  state: EmulatorState,
  lb: SlbLoadBalancer,
  params: Record<string, string>,
) => Record<string, unknown>;

/** Member keys as the actions compute them (default group, VServer group); passed in to keep one definition. */
export interface MemberKeys {
  default: (m: { ServerId: string; Type?: string; ServerIp?: string }) => string;
  vServer: (m: { ServerId: string; Type?: string; ServerIp?: string; Port: number }) => string;
}

/** One backend server a listener forwards to, on its backend port. */
interface Served {
  ServerId: string;
  ServerIp?: string;
  Port: number;
  /** Emulator time it was attached; undefined for seeded members (checked long ago). */
  attachedAt: number | undefined;
}

/**
 * Whether a listener forwards requests to a group (contract/health.ts): to its VServer group, to a
 * forwarding rule's (HTTP, HTTPS), or, with neither a VServer nor a primary/secondary group, to the default
 * server group (`undefined`). A redirecting HTTP listener forwards to none.
 */
export function forwardsTo(listener: SlbListener, vServerGroupId: string | undefined): boolean {
  if (listener.listenerForward === "on") return false;
  if (vServerGroupId === undefined) return !listener.vServerGroupId && !listener.masterSlaveServerGroupId;
  return (
    listener.vServerGroupId === vServerGroupId ||
    listener.rules.some((rule) => rule.vServerGroupId === vServerGroupId)
  );
}

/** The backend servers a listener forwards to, on their backend ports. */
function servedBy(lb: SlbLoadBalancer, listener: SlbListener, keys: MemberKeys): Served[] {
  const served: Served[] = forwardsTo(listener, undefined)
    ? lb.members.map((m) => ({
        ServerId: m.ServerId,
        ServerIp: m.ServerIp,
        Port: m.Port ?? listener.port,
        attachedAt: lb.attachedAt.get(keys.default(m)),
      }))
    : [];
  for (const group of lb.vServerGroups.values()) {
    if (!forwardsTo(listener, group.vServerGroupId)) continue;
    for (const m of group.members) {
      served.push({
        ServerId: m.ServerId,
        ServerIp: m.ServerIp,
        Port: m.Port,
        attachedAt: group.attachedAt.get(keys.vServer(m)),
      });
    }
  }
  return served;
}

/** Each listener's health of every backend server it forwards to, as DescribeHealthStatus reports it. */
export function listenerHealth(
  state: EmulatorState,
  lb: SlbLoadBalancer,
  keys: MemberKeys,
  listeners: readonly SlbListener[] = lb.listeners,
): { listener: SlbListener; served: Served; status: ClbHealth }[] {
  const now = state.now();
  return listeners.flatMap((listener) =>
    servedBy(lb, listener, keys).map((served) => ({
      listener,
      served,
      status: clbServerHealth(
        listener,
        state.healthBehaviour("slb", served.ServerId),
        served.attachedAt,
        now,
      ),
    })),
  );
}

/** Listeners in DescribeLoadBalancerAttribute's answer (slb-20140515 DescribeLoadBalancerAttributeResponseBody). */
export function listenerSummary(lb: SlbLoadBalancer): Record<string, unknown> {
  return {
    ListenerPorts: { ListenerPort: lb.listeners.map((l) => l.port) },
    ListenerPortsAndProtocol: {
      ListenerPortAndProtocol: lb.listeners.map((l) => ({
        ListenerPort: l.port,
        ListenerProtocol: l.protocol,
      })),
    },
  };
}

/** One entry per listener and server it forwards to, optionally narrowed to one listener port and protocol. */
export function describeHealthStatus(keys: MemberKeys): SlbRead {
  return (state, lb, params) => {
    const port = params.ListenerPort === undefined ? undefined : Number(params.ListenerPort);
    if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
      throw new ApiError(400, "InvalidParameter", "The specified ListenerPort is invalid.");
    }
    const protocol = params.ListenerProtocol?.toLowerCase();
    const listeners = lb.listeners.filter(
      (l) => (port === undefined || l.port === port) && (protocol === undefined || l.protocol === protocol),
    );
    const entries = listenerHealth(state, lb, keys, listeners).map(({ listener, served, status }) => {
      const entry: Record<string, unknown> = {
        ServerId: served.ServerId,
        Port: served.Port,
        ListenerPort: listener.port,
        Protocol: listener.protocol,
        ServerHealthStatus: status,
      };
      if (served.ServerIp !== undefined) entry.ServerIp = served.ServerIp;
      return entry;
    });
    return { BackendServers: { BackendServer: entries } };
  };
}

/**
 * DescribeLoadBalancer<Protocol>ListenerAttribute: the listener on ListenerPort with that protocol.
 * Only TCP listeners report connection draining (slb-20140515 Describe*ListenerAttributeResponseBody).
 */
export function describeListener(protocol: SlbListener["protocol"]): SlbRead {
  return (_state, lb, params) => {
    if (!params.ListenerPort) {
      throw new ApiError(
        400,
        "MissingParameter",
        'The input parameter "ListenerPort" that is mandatory for processing this request is not supplied.',
      );
    }
    const listener = lb.listeners.find(
      (l) => l.port === Number(params.ListenerPort) && l.protocol === protocol,
    );
    // The code for a listener that does not exist is not documented (contract: silent).
    if (!listener) throw new ApiError(400, "InvalidParameter", "The specified listener does not exist.");
    const answer: Record<string, unknown> = {
      LoadBalancerId: lb.loadBalancerId,
      ListenerPort: listener.port,
      Status: "running",
      HealthCheck: listener.healthCheck,
      HealthCheckInterval: listener.healthCheckInterval,
      HealthyThreshold: listener.healthyThreshold,
      UnhealthyThreshold: 3,
    };
    if (protocol === "tcp") {
      answer.ConnectionDrain = listener.connectionDrain;
      if (listener.connectionDrain === "on") answer.ConnectionDrainTimeout = listener.connectionDrainTimeout;
    }
    // What the listener forwards to: its VServer group, its primary/secondary group (TCP, UDP), its
    // forwarding rules and its redirect (HTTP, HTTPS); none of them: the default server group.
    if (listener.vServerGroupId) answer.VServerGroupId = listener.vServerGroupId;
    if (listener.masterSlaveServerGroupId && (protocol === "tcp" || protocol === "udp"))
      answer.MasterSlaveServerGroupId = listener.masterSlaveServerGroupId;
    if (protocol === "http" || protocol === "https") {
      answer.Rules = {
        Rule: listener.rules.map((r, i) => ({
          RuleId: r.ruleId ?? `rule-${listener.port}-${i}`,
          ...(r.domain === undefined ? {} : { Domain: r.domain }),
          ...(r.url === undefined ? {} : { Url: r.url }),
          VServerGroupId: r.vServerGroupId,
        })),
      };
      if (protocol === "http") answer.ListenerForward = listener.listenerForward;
    }
    return answer;
  };
}
