import { type HealthReport, type HealthState, type MemberHealth, worstState } from "../../../core/health";
import type { AlicloudRpc } from "../rpcClient";

type Wire = Record<string, unknown>;

/**
 * The server group whose members' health is read: the load balancer's default server group, or one of its
 * VServer groups. A listener serves the members of the groups it forwards requests to, and
 * DescribeHealthStatus reports each member only on those listeners.
 */
export interface ClbGroup<M> {
  /** Whether a listener, as its Describe<Protocol>ListenerAttribute answer describes it, forwards to this group. */
  servedBy(listener: Wire): boolean;
  key(member: M): string;
  /** Whether a DescribeHealthStatus entry (of a listener serving this group) is about this member. */
  reports(entry: Wire, member: M): boolean;
}

/**
 * Where a listener forwards requests, from its attribute action's answer (aliyun/alibabacloud-typescript-sdk:
 * slb-20140515/src/models/DescribeLoadBalancer{Tcp,Udp,Http,Https}listenerAttributeResponseBody.ts):
 * `VServerGroupId`, the VServer group it forwards to; `MasterSlaveServerGroupId` (TCP, UDP), a
 * primary/secondary group; `Rules.Rule[].VServerGroupId` (HTTP, HTTPS), the groups its forwarding rules send
 * matching requests to; `ListenerForward` on (HTTP): it redirects every request to HTTPS and forwards none.
 * With no VServer and no primary/secondary group, a listener forwards to the default server group.
 * Domain extensions (HTTPS) only add certificates for more domains: they forward nothing by themselves.
 */
export const forwarding = {
  redirects: (listener: Wire) => listener.ListenerForward === "on",
  toDefaultGroup: (listener: Wire) =>
    !forwarding.redirects(listener) && !listener.VServerGroupId && !listener.MasterSlaveServerGroupId,
  toVServerGroup: (listener: Wire, id: string) =>
    !forwarding.redirects(listener) &&
    (listener.VServerGroupId === id ||
      (((listener.Rules as Wire | undefined)?.Rule as Wire[] | undefined) ?? []).some(
        (rule) => rule.VServerGroupId === id,
      )),
};

/** One listener serving the group, and its health check and connection draining. */
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

/**
 * Health of a CLB group's members: the load balancer's listeners (DescribeLoadBalancerAttribute), which of
 * them forward to the group, whether each checks health and drains connections (its attribute action),
 * and DescribeHealthStatus for all ports, of which only the entries of those listeners count. A listener
 * with its health check off is left out: CLB does not say what it reports for one, and it sends traffic
 * regardless. A member no checking listener of its group covers is "unchecked".
 *
 * The connection drain is the one every listener serving the group applies: the shortest of theirs (0
 * when one of them drains none, an HTTP listener say), since a removed member's connections through a
 * listener without draining end at once.
 */
export async function clbHealth<M>(
  rpc: AlicloudRpc,
  base: { RegionId: string; LoadBalancerId: string },
  target: string,
  members: readonly M[],
  group: ClbGroup<M>,
): Promise<HealthReport> {
  const attribute = await rpc.call<Wire>("DescribeLoadBalancerAttribute", base, target);
  const declared =
    ((attribute.ListenerPortsAndProtocol as Wire | undefined)?.ListenerPortAndProtocol as
      Wire[] | undefined) ?? [];
  const serving: Listener[] = [];
  for (const l of declared) {
    const protocol = String(l.ListenerProtocol ?? "").toLowerCase();
    const action = ATTRIBUTE_ACTION[protocol];
    if (!action) continue;
    const port = Number(l.ListenerPort);
    const detail = await rpc.call<Wire>(action, { ...base, ListenerPort: String(port) }, target);
    if (!group.servedBy(detail)) continue;
    serving.push({
      port,
      protocol,
      checksHealth: detail.HealthCheck !== "off",
      drainSeconds: detail.ConnectionDrain === "on" ? Number(detail.ConnectionDrainTimeout ?? 0) : 0,
    });
  }
  const checking = serving.filter((l) => l.checksHealth);
  const entries =
    checking.length === 0
      ? []
      : ((((await rpc.call<Wire>("DescribeHealthStatus", base, target)).BackendServers as Wire | undefined)
          ?.BackendServer as Wire[] | undefined) ?? []);

  const byMember = new Map<string, MemberHealth>();
  for (const member of members) {
    if (checking.length === 0) {
      byMember.set(group.key(member), {
        state: "unchecked",
        reported: "no listener forwarding to its group checks health",
      });
      continue;
    }
    const results = checking.map((listener) => {
      // A member can be reported more than once on a listener (the same server in the listener's group and
      // in a forwarding rule's): the worst report counts.
      const statuses = entries
        .filter(
          (e) =>
            Number(e.ListenerPort) === listener.port &&
            String(e.Protocol ?? listener.protocol).toLowerCase() === listener.protocol &&
            group.reports(e, member),
        )
        .map((e) => String(e.ServerHealthStatus));
      const state =
        statuses.length === 0 ? "checking" : worstState(statuses.map((s) => STATE[s] ?? "checking"));
      const said = statuses.length === 0 ? "not reported" : [...new Set(statuses)].join("/");
      return { state, text: `${listener.port}/${listener.protocol} ${said}` };
    });
    byMember.set(group.key(member), {
      state: worstState(results.map((r) => r.state)),
      reported: results.map((r) => r.text).join(", "),
    });
  }
  return {
    members: byMember,
    connectionDrainSeconds: serving.length === 0 ? 0 : Math.min(...serving.map((l) => l.drainSeconds)),
  };
}
