// CLB (2014-05-15) health readers over the emulator state: DescribeHealthStatus and the listener
// attribute actions that say whether a listener checks health and drains connections. Sources:
// emulator/contract/health.ts.
import { ApiError } from "./apiError";
import { clbServerHealth } from "./health";
import type { EmulatorState, SlbListener, SlbLoadBalancer } from "./state";

export type SlbRead = (
  state: EmulatorState,
  lb: SlbLoadBalancer,
  params: Record<string, string>,
) => Record<string, unknown>;

/** Member key as slbActions computes it; passed in to keep one definition. */
type KeyOf = (m: { ServerId: string; Type?: string; ServerIp?: string }) => string;

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

/** One entry per listener and server, optionally narrowed to one listener port and protocol. */
export function describeHealthStatus(keyOf: KeyOf): SlbRead {
  return (state, lb, params) => {
    const port = params.ListenerPort === undefined ? undefined : Number(params.ListenerPort);
    if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
      throw new ApiError(400, "InvalidParameter", "The specified ListenerPort is invalid.");
    }
    const protocol = params.ListenerProtocol?.toLowerCase();
    const listeners = lb.listeners.filter(
      (l) => (port === undefined || l.port === port) && (protocol === undefined || l.protocol === protocol),
    );
    const now = state.now();
    const entries = listeners.flatMap((listener) =>
      lb.members.map((m) => {
        const entry: Record<string, unknown> = {
          ServerId: m.ServerId,
          Port: m.Port ?? listener.port,
          ListenerPort: listener.port,
          Protocol: listener.protocol,
          ServerHealthStatus: clbServerHealth(
            listener,
            state.healthBehaviour("slb", m.ServerId),
            lb.attachedAt.get(keyOf(m)),
            now,
          ),
        };
        if (m.ServerIp !== undefined) entry.ServerIp = m.ServerIp;
        return entry;
      }),
    );
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
    return answer;
  };
}
