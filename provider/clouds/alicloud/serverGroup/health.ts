import { type HealthReport, type HealthState, type MemberHealth, worstState } from "../../../core/health";
import { canonicalIp } from "../../../core/ipAddress";
import { CloudError } from "../../../reconcile/cloudError";
import type { AlicloudRpc } from "../rpcClient";
import { type ServerGroupMember, serverGroupMemberKey } from "./members";
import { paged } from "./paging";

type Wire = Record<string, unknown>;

/** What differs between ALB's and NLB's health reads (alb-20200616 and nlb-20220430 models). */
export interface HealthSpec {
  api: "alb" | "nlb";
  serverGroupId: string;
  /** NLB's RegionId; nothing for ALB, whose endpoint is the region. */
  scope: Record<string, string>;
  target: string;
}

/**
 * GetListenerHealthStatus's Status of a server that is not normal (the response models'
 * NonNormalServers[].Status): Initial (checks configured, no result yet), Unhealthy, Unused (weight 0, no
 * check runs: it serves nothing) and Unavailable (health checks disabled). A server it does not list is
 * normal.
 */
const STATE: Record<string, HealthState> = {
  Initial: "checking",
  Unhealthy: "unhealthy",
  Unused: "unchecked",
  Unavailable: "unchecked",
};

/** One listener (or ALB forwarding rule) that forwards to the server group, and what it reports. */
interface Check {
  name: string;
  checksHealth: boolean;
  nonNormal: Wire[];
}

/**
 * Health of a server group's members as the listeners forwarding to it report it: ListServerGroups (the
 * load balancers the group serves, and its connection draining), ListListeners of those load balancers,
 * and GetListenerHealthStatus of each listener that forwards to this group, and of no other: NLB names a
 * listener's server group in ListListeners; ALB forwards from a listener's default action
 * (ForwardGroupConfig) or from its forwarding rules (ListRules), and a listener reached through a rule is
 * read with IncludeRule. Of each answer only the entries naming this group count. A member none of them
 * covers is "unchecked": no listener forwards to it.
 */
export async function serverGroupHealth(
  rpc: AlicloudRpc,
  spec: HealthSpec,
  members: readonly ServerGroupMember[],
): Promise<HealthReport> {
  const group = await serverGroupOf(rpc, spec);
  const related = Array.isArray(group.RelatedLoadBalancerIds)
    ? (group.RelatedLoadBalancerIds as string[])
    : [];
  const listeners =
    related.length === 0 ? [] : await listed(rpc, spec, "ListListeners", "Listeners", related);
  // ALB forwards to a group from a listener's default action or from its forwarding rules.
  const viaRules = new Set<string>();
  if (spec.api === "alb" && listeners.length > 0) {
    for (const rule of await listed(rpc, spec, "ListRules", "Rules", related))
      if (forwardsTo(rule.RuleActions, spec.serverGroupId)) viaRules.add(String(rule.ListenerId));
  }
  const checks: Check[] = [];
  for (const listener of listeners) {
    const id = String(listener.ListenerId);
    const forwards =
      spec.api === "nlb"
        ? listener.ServerGroupId === spec.serverGroupId
        : forwardsTo(listener.DefaultActions, spec.serverGroupId) || viaRules.has(id);
    if (forwards) checks.push(...(await checksOf(rpc, spec, listener, viaRules.has(id))));
  }
  const health = new Map<string, MemberHealth>();
  for (const member of members) {
    const key = serverGroupMemberKey(member);
    if (checks.length === 0) {
      health.set(key, { state: "unchecked", reported: "no listener forwards to this server group" });
      continue;
    }
    const results = checks.map((check) => {
      if (!check.checksHealth)
        return { state: "unchecked" as HealthState, text: `${check.name} no health check` };
      const entry = check.nonNormal.find((server) => names(server, member));
      const status = entry ? String(entry.Status) : "normal";
      const reason = (entry?.Reason as Wire | undefined)?.ReasonCode;
      return {
        state: entry ? (STATE[status] ?? "checking") : ("healthy" as HealthState),
        text: `${check.name} ${status}${typeof reason === "string" && reason ? ` (${reason})` : ""}`,
      };
    });
    health.set(key, {
      state: worstState(results.map((r) => r.state)),
      reported: results.map((r) => r.text).join(", "),
    });
  }
  return { members: health, connectionDrainSeconds: drainSeconds(spec, group) };
}

/** Whether a NonNormalServers entry is this member: the server, its port, and an ENI's or ECI's IP. */
function names(server: Wire, member: ServerGroupMember): boolean {
  if (String(server.ServerId ?? "") !== member.serverId) return false;
  if (server.Port !== undefined && Number(server.Port) !== (member.port ?? 0)) return false;
  if ((member.serverType === "Eni" || member.serverType === "Eci") && member.serverIp !== undefined)
    return typeof server.ServerIp === "string" && canonicalIp(server.ServerIp) === member.serverIp;
  return true;
}

/** ALB nests the group's draining in ConnectionDrainConfig; NLB gives the two fields at the top. */
function drainSeconds(spec: HealthSpec, group: Wire): number {
  const config = spec.api === "alb" ? ((group.ConnectionDrainConfig as Wire | undefined) ?? {}) : group;
  return config.ConnectionDrainEnabled === true ? Number(config.ConnectionDrainTimeout ?? 0) : 0;
}

async function serverGroupOf(rpc: AlicloudRpc, spec: HealthSpec): Promise<Wire> {
  const answer = await rpc.call<Wire>(
    "ListServerGroups",
    { ...spec.scope, ServerGroupIds: [spec.serverGroupId] },
    spec.target,
  );
  const found = (Array.isArray(answer.ServerGroups) ? (answer.ServerGroups as Wire[]) : []).find(
    (g) => g.ServerGroupId === spec.serverGroupId,
  );
  if (!found) {
    throw new CloudError({
      action: "ListServerGroups",
      target: spec.target,
      code: spec.api === "alb" ? "ResourceNotFound.ServerGroup" : "ResourceNotFound.serverGroup",
      message: "the server group is not listed",
      retry: "permanent",
    });
  }
  return found;
}

/** Whether actions (a listener's DefaultActions, a rule's RuleActions) forward to the group. */
function forwardsTo(actions: unknown, serverGroupId: string): boolean {
  return (Array.isArray(actions) ? (actions as Wire[]) : []).some((action) => {
    const tuples = (action.ForwardGroupConfig as Wire | undefined)?.ServerGroupTuples;
    return Array.isArray(tuples) && (tuples as Wire[]).some((t) => t.ServerGroupId === serverGroupId);
  });
}

/**
 * Every listener (ListListeners) or forwarding rule (ALB's ListRules) of the load balancers, page by
 * page (MaxResults 1 to 100: ListListenersRequest.ts, ListRulesRequest.ts).
 */
async function listed(
  rpc: AlicloudRpc,
  spec: HealthSpec,
  action: "ListListeners" | "ListRules",
  field: "Listeners" | "Rules",
  loadBalancerIds: string[],
): Promise<Wire[]> {
  const found: Wire[] = [];
  await paged(action, spec.target, async (token) => {
    const page = await rpc.call<Wire>(
      action,
      {
        ...spec.scope,
        LoadBalancerIds: loadBalancerIds,
        MaxResults: "100",
        ...(token ? { NextToken: token } : {}),
      },
      spec.target,
    );
    if (Array.isArray(page[field])) found.push(...(page[field] as Wire[]));
    return page;
  });
  return found;
}

/** The listener's (and, on ALB, its rules') entries for this server group. */
async function checksOf(
  rpc: AlicloudRpc,
  spec: HealthSpec,
  listener: Wire,
  includeRules: boolean,
): Promise<Check[]> {
  const listenerId = String(listener.ListenerId);
  const name = `listener ${listenerId} ${listener.ListenerPort}/${listener.ListenerProtocol}`;
  const checks: Check[] = [];
  const collect = (infos: unknown, where: string) => {
    for (const info of Array.isArray(infos) ? (infos as Wire[]) : []) {
      if (info.ServerGroupId !== spec.serverGroupId) continue;
      checks.push({
        name: where,
        // ALB answers "on" or "off"; NLB a boolean, spelt HeathCheckEnabled in its model.
        checksHealth:
          spec.api === "alb" ? info.HealthCheckEnabled !== "off" : info.HeathCheckEnabled !== false,
        nonNormal: Array.isArray(info.NonNormalServers) ? (info.NonNormalServers as Wire[]) : [],
      });
    }
  };
  const read = async (token?: string) => {
    const page = await rpc.call<Wire>(
      "GetListenerHealthStatus",
      {
        ...spec.scope,
        ListenerId: listenerId,
        ...(spec.api === "alb" ? { IncludeRule: String(includeRules), MaxResults: "30" } : {}),
        ...(token ? { NextToken: token } : {}),
      },
      spec.target,
    );
    for (const status of Array.isArray(page.ListenerHealthStatus)
      ? (page.ListenerHealthStatus as Wire[])
      : [])
      collect(status.ServerGroupInfos, name);
    for (const rule of Array.isArray(page.RuleHealthStatus) ? (page.RuleHealthStatus as Wire[]) : [])
      collect(rule.ServerGroupInfos, `${name} rule ${rule.RuleId}`);
    return page;
  };
  // Only ALB's request takes a page token (GetListenerHealthStatusRequest.ts; NLB's has ListenerId only).
  if (spec.api === "alb") await paged("GetListenerHealthStatus", spec.target, read);
  else await read();
  return checks;
}
