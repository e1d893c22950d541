import { type HealthReport, type HealthState, type MemberHealth, worstState } from "../../../core/health";
import type { AlicloudRpc } from "../rpcClient";
import { type SlbBackendServer, slbMemberKey } from "./members";

/** One listener and its health check, as DescribeLoadBalancer<Protocol>ListenerAttribute reports it. */
interface Listener {
  port: number;
  protocol: string;
  checksHealth: boolean;
  drainSeconds: number;
}

/** The listener attribute action of each protocol (slb-20140515). */
const ATTRIBUTE_ACTION: Record<string, string> = {
  tcp: "DescribeLoadBalancerTCPListenerAttribute",
  udp: "DescribeLoadBalancerUDPListenerAttribute",
  http: "DescribeLoadBalancerHTTPListenerAttribute",
  https: "DescribeLoadBalancerHTTPSListenerAttribute",
};

/** DescribeHealthStatus's ServerHealthStatus values (slb-20140515 DescribeHealthStatusResponseBody). */
const STATE: Record<string, HealthState> = {
  normal: "healthy",
  abnormal: "unhealthy",
  unavailable: "checking",
};

type Wire = Record<string, unknown>;

/**
 * Health of a CLB load balancer's members: its listeners (DescribeLoadBalancerAttribute), whether each
 * checks health and drains connections (its attribute action), and DescribeHealthStatus for all ports.
 * A listener with its health check off is left out: CLB does not say what it reports for one, and it
 * sends traffic regardless. A member no checking listener covers is "unchecked".
 */
export async function slbHealth(
  rpc: AlicloudRpc,
  base: Record<string, string>,
  target: string,
  members: readonly SlbBackendServer[],
): Promise<HealthReport> {
  const attribute = await rpc.call<Wire>("DescribeLoadBalancerAttribute", base, target);
  const declared =
    ((attribute.ListenerPortsAndProtocol as Wire | undefined)?.ListenerPortAndProtocol as
      Wire[] | undefined) ?? [];
  const listeners: Listener[] = [];
  for (const l of declared) {
    const protocol = String(l.ListenerProtocol ?? "").toLowerCase();
    const action = ATTRIBUTE_ACTION[protocol];
    if (!action) continue;
    const port = Number(l.ListenerPort);
    const detail = await rpc.call<Wire>(action, { ...base, ListenerPort: String(port) }, target);
    listeners.push({
      port,
      protocol,
      checksHealth: detail.HealthCheck !== "off",
      drainSeconds: detail.ConnectionDrain === "on" ? Number(detail.ConnectionDrainTimeout ?? 0) : 0,
    });
  }
  const checking = listeners.filter((l) => l.checksHealth);
  const entries =
    checking.length === 0
      ? []
      : ((((await rpc.call<Wire>("DescribeHealthStatus", base, target)).BackendServers as Wire | undefined)
          ?.BackendServer as Wire[] | undefined) ?? []);

  const byMember = new Map<string, MemberHealth>();
  for (const member of members) {
    if (checking.length === 0) {
      byMember.set(slbMemberKey(member), { state: "unchecked", reported: "no listener checks health" });
      continue;
    }
    const results = checking.map((listener) => {
      const entry = entries.find(
        (e) =>
          Number(e.ListenerPort) === listener.port &&
          String(e.Protocol ?? listener.protocol).toLowerCase() === listener.protocol &&
          String(e.ServerId) === member.serverId &&
          (member.type === "ecs" || member.serverIp === undefined || String(e.ServerIp) === member.serverIp),
      );
      const status = entry ? String(entry.ServerHealthStatus) : "not reported";
      return { state: STATE[status] ?? "checking", text: `${listener.port}/${listener.protocol} ${status}` };
    });
    byMember.set(slbMemberKey(member), {
      state: worstState(results.map((r) => r.state)),
      reported: results.map((r) => r.text).join(", "),
    });
  }
  return {
    members: byMember,
    connectionDrainSeconds: Math.max(0, ...listeners.map((l) => l.drainSeconds)),
  };
}
