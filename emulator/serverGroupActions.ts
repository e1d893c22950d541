// ALB (2020-06-16) and NLB (2022-04-30) server group actions over the emulator state, as the contract
// rows in contract/serverGroups.ts describe them. Writes take `Servers.N.<field>` form parameters (the
// request models' arrays of objects, flattened), are refused whole before anything changes, and start a
// job (serverGroupState.ts); a write while the group's job runs is refused as busy; a ClientToken seen
// before is answered with the first answer.
import { isIP } from "node:net";
import { RPC_COMMON_PARAMS } from "./alibabaAuth";
import { ApiError } from "./apiError";
import { integerWithin, isWellFormedServerId } from "./backendServerParams";
import { canonicalIp } from "./ipAddress";
import { type ServerGroup, type ServerGroupApi, type ServerGroupStore, serverKey } from "./serverGroupState";
import type { HealthBehaviour, ServerGroupServer, ServerGroupServerType } from "./types";

/** What a server group action sees besides its parameters. */
export interface ServerGroupCall {
  api: ServerGroupApi;
  store: ServerGroupStore;
  now: number;
  strictServers: boolean;
  accessKeyId: string;
  /** The injected fault that acts between the write and its completion, if any. */
  jobFault: { fails: boolean; extraMs: number };
  healthBehaviour(serverId: string): HealthBehaviour;
}

export type ServerGroupAction = (
  call: ServerGroupCall,
  params: Record<string, string>,
) => Record<string, unknown>;

/** What an accepted write does: at once, when its job ends, and when a failed job undoes it. */
interface Change {
  start(): void;
  finish(group: ServerGroup): void;
  undo(group: ServerGroup): void;
}

/** Servers per call (the request models): 200 everywhere but ALB's Update, 40. */
const MAX_SERVERS: Record<ServerGroupApi, Record<string, number>> = {
  alb: {
    AddServersToServerGroup: 200,
    RemoveServersFromServerGroup: 200,
    UpdateServerGroupServersAttribute: 40,
  },
  nlb: {
    AddServersToServerGroup: 200,
    RemoveServersFromServerGroup: 200,
    UpdateServerGroupServersAttribute: 200,
  },
};

const TYPES: readonly ServerGroupServerType[] = ["Ecs", "Eni", "Eci", "Ip"];
/** ALB spells its server group codes with a capital S, NLB with a small one (their error tables). */
const groupWord = (api: ServerGroupApi) => (api === "alb" ? "ServerGroup" : "serverGroup");

const illegal = (name: string, message = `The param of ${name} is illegal.`) =>
  new ApiError(400, `IllegalParam.${name}`, message);
const missing = (name: string) =>
  new ApiError(400, `MissingParam.${name}`, `The param of ${name} is missing.`);
const groupNotFound = (api: ServerGroupApi) =>
  new ApiError(
    404,
    `ResourceNotFound.${groupWord(api)}`,
    `The specified resource of ${groupWord(api)} is not found.`,
  );

/**
 * A numbered list parameter as pop-core flattens it: `Name.1.Field` entries to objects, `Name.1` values to
 * strings, in index order. A gap in the numbering is a malformed request.
 */
export function numberedList(
  params: Record<string, string>,
  name: string,
): Record<string, string>[] | string[] {
  const entries = new Map<number, Record<string, string> | string>();
  const pattern = new RegExp(`^${name}\\.(\\d+)(?:\\.(\\w+))?$`);
  for (const [key, value] of Object.entries(params)) {
    const match = pattern.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    if (match[2] === undefined) entries.set(index, value);
    else {
      const entry = entries.get(index);
      const object = typeof entry === "object" ? entry : {};
      object[match[2]] = value;
      entries.set(index, object);
    }
  }
  const indexes = [...entries.keys()].sort((a, b) => a - b);
  if (indexes.some((index, i) => index !== i + 1))
    throw illegal(name, `The param of ${name} is not numbered from 1 without gaps.`);
  return indexes.map((i) => entries.get(i)!) as Record<string, string>[] | string[];
}

function requireGroup(call: ServerGroupCall, params: Record<string, string>): ServerGroup {
  if (!params.ServerGroupId) throw missing("ServerGroupId");
  const group = call.store.group(call.api, params.ServerGroupId);
  if (!group || (call.api === "nlb" && params.RegionId && group.regionId !== params.RegionId))
    throw groupNotFound(call.api);
  return group;
}

/** One entry of a write's `Servers`, read with the rules of `action`. */
function parseServer(
  call: ServerGroupCall,
  group: ServerGroup,
  action: string,
  raw: Record<string, string>,
  index: number,
): ServerGroupServer {
  const at = `Servers.${index + 1}`;
  if (!isWellFormedServerId(raw.ServerId) && !(raw.ServerId && isIP(raw.ServerId)))
    throw missing(`${at}.ServerId`);
  if (!raw.ServerType) throw missing(`${at}.ServerType`);
  if (!TYPES.includes(raw.ServerType as ServerGroupServerType)) throw illegal(`${at}.ServerType`);
  const type = raw.ServerType as ServerGroupServerType;
  if ((type === "Ip") !== (group.serverGroupType === "Ip"))
    throw new ApiError(
      400,
      "Mismatch.ServerType",
      `The ServerType is mismatched for ${type} and ${group.serverGroupType}.`,
    );
  const server: ServerGroupServer = { ServerId: raw.ServerId, ServerType: type, Port: 0, Weight: 100 };
  if (type === "Ip") {
    if (isIP(raw.ServerId) === 0) throw illegal("IP", "The param of IP is illegal.");
    server.ServerId = canonicalIp(raw.ServerId);
    if (raw.ServerIp !== undefined && canonicalIp(raw.ServerIp) !== server.ServerId) throw illegal("IP");
    server.ServerIp = server.ServerId;
  } else if (raw.ServerIp !== undefined) {
    if (isIP(raw.ServerIp) === 0) throw illegal("IP");
    server.ServerIp = canonicalIp(raw.ServerIp);
  }
  if ((type === "Eni" || type === "Eci") && server.ServerIp === undefined) throw missing("IP");
  const port = integerWithin(raw.Port, 0, 65535);
  if (port === "invalid") throw illegal(`${at}.Port`);
  if (call.api === "alb") {
    // "This parameter is required if you set ServerType to Ecs, Eni, Eci, or Ip."
    if (port === undefined || port === 0) throw missing(`${at}.Port`);
    server.Port = port;
  } else {
    // NLB: 0 (the default) in a multi-port group, 1..65535 in any other.
    server.Port = port ?? 0;
    if ((server.Port === 0) !== group.anyPortEnabled) throw illegal("RSPortConflictWithServerGroup");
  }
  if (action !== "RemoveServersFromServerGroup") {
    const weight = integerWithin(raw.Weight, 0, 100);
    if (weight === "invalid") throw illegal(`${at}.Weight`);
    server.Weight = weight ?? 100;
    if (raw.Description !== undefined) {
      const ok =
        call.api === "alb"
          ? [...raw.Description].length >= 2 &&
            [...raw.Description].length <= 256 &&
            !/^https?:\/\//i.test(raw.Description)
          : /^[\p{L}\p{N},.;/@_-]{2,256}$/u.test(raw.Description);
      if (!ok) throw illegal("description", "The parameter description of server is illegal.");
      server.Description = raw.Description;
    }
  }
  return server;
}

/** A write's servers, refused whole: too many, duplicated, malformed. */
function serversOf(
  call: ServerGroupCall,
  group: ServerGroup,
  action: string,
  params: Record<string, string>,
) {
  const raw = numberedList(params, "Servers");
  if (raw.length === 0) throw missing("Servers");
  if (raw.some((entry) => typeof entry !== "object")) throw illegal("Servers");
  const limit = MAX_SERVERS[call.api][action];
  if (raw.length > limit)
    throw illegal("Servers", `The param of Servers is illegal: at most ${limit} servers in each call.`);
  const servers = (raw as Record<string, string>[]).map((entry, i) =>
    parseServer(call, group, action, entry, i),
  );
  const keys = new Set<string>();
  for (const server of servers) {
    if (keys.has(serverKey(server)))
      throw new ApiError(400, "DuplicatedParam.Server", "The param of Server is duplicated.");
    keys.add(serverKey(server));
  }
  return servers;
}

/** The write's signature for idempotence: everything it asked but the token and the request's signing. */
const signatureOf = (action: string, params: Record<string, string>) =>
  JSON.stringify([
    action,
    Object.entries(params)
      .filter(([key]) => key !== "ClientToken" && !RPC_COMMON_PARAMS.has(key))
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  ]);

/**
 * The frame of every write: a token seen before gets the first answer (or a mismatch); the servers are
 * read whole; a group whose job still runs is busy; DryRun stops there; else `apply` starts the job.
 */
function write(
  action: string,
  apply: (call: ServerGroupCall, group: ServerGroup, servers: ServerGroupServer[]) => Change,
): ServerGroupAction {
  return (call, params) => {
    const group = requireGroup(call, params);
    const tokenKey = params.ClientToken ? `${call.api}/${call.accessKeyId}/${params.ClientToken}` : undefined;
    const signature = signatureOf(action, params);
    const seen = tokenKey === undefined ? undefined : call.store.remembered(tokenKey);
    if (seen) {
      if (seen.signature !== signature) {
        throw new ApiError(
          400,
          "IdempotenceSignatureMismatch",
          "The idempotence token of request is same with the prev one, but the signature is different.",
        );
      }
      return structuredClone(seen.answer);
    }
    const servers = serversOf(call, group, action, params);
    if (group.job) {
      throw new ApiError(
        400,
        `IncorrectStatus.${groupWord(call.api)}`,
        `The status of servergroup [${group.serverGroupId}] is incorrect.`,
      );
    }
    const change = apply(call, group, servers);
    if (params.DryRun === "true")
      throw new ApiError(400, "DryRunOperation", "Request validation has been passed with DryRun flag set.");
    change.start();
    const job = call.store.start(group, action, { finish: change.finish, undo: change.undo }, call.jobFault);
    const answer: Record<string, unknown> = { JobId: job.id };
    if (call.api === "nlb") answer.ServerGroupId = group.serverGroupId;
    if (tokenKey !== undefined) call.store.remember(tokenKey, { signature, answer });
    return structuredClone(answer);
  };
}

const byKey = (group: ServerGroup) => new Map(group.servers.map((s) => [serverKey(s), s]));

function requireAttached(call: ServerGroupCall, group: ServerGroup, servers: ServerGroupServer[]) {
  const attached = byKey(group);
  return servers.map((server) => {
    const found = attached.get(serverKey(server));
    if (!found || found.Status === "Removing") {
      throw new ApiError(
        404,
        "ResourceNotFound.BackendServer",
        `The specified resource of BackendServer ${server.ServerId} is not found.`,
      );
    }
    return { found, wanted: server };
  });
}

const add = write("AddServersToServerGroup", (call, group, servers) => {
  const attached = byKey(group);
  for (const server of servers) {
    if (attached.has(serverKey(server))) {
      throw new ApiError(
        400,
        "ResourceAlreadyAssociated.BackendServer",
        `The backend server ${server.ServerId} is already in server group ${group.serverGroupId}.`,
      );
    }
    if (
      server.ServerType !== "Ip" &&
      call.store.serverStatus(call.api, server.ServerId, call.strictServers) === "released"
    ) {
      throw new ApiError(
        404,
        `ResourceNotFound.${server.ServerType}`,
        `The specified resource of ${server.ServerType} is not found.`,
      );
    }
  }
  const usage = group.servers.filter((s) => s.Status !== "Removing").length;
  const quota = call.store.settings[call.api].serverQuota;
  if (usage + servers.length > quota) {
    throw new ApiError(
      400,
      "QuotaExceeded.QuotaInsufficient",
      `The quota of servers per server group is exceeded, usage ${usage + servers.length}/${quota}.`,
    );
  }
  const keys = new Set(servers.map(serverKey));
  const mine = (s: ServerGroupServer) => keys.has(serverKey(s));
  return {
    start: () => {
      for (const server of servers) {
        group.servers.push({ ...server, Status: "Adding" });
        group.attachedAt.set(serverKey(server), call.now);
      }
    },
    finish: (g) => {
      for (const s of g.servers) if (mine(s) && s.Status === "Adding") s.Status = "Available";
    },
    undo: (g) => {
      g.servers = g.servers.filter((s) => !(mine(s) && s.Status === "Adding"));
      for (const key of keys) g.attachedAt.delete(key);
    },
  };
});

const update = write("UpdateServerGroupServersAttribute", (call, group, servers) => {
  const pairs = requireAttached(call, group, servers);
  return {
    // The new weight and description take effect when the job ends (the least forgiving reading).
    start: () => {
      for (const { found } of pairs) found.Status = "Configuring";
    },
    finish: () => {
      for (const { found, wanted } of pairs) {
        found.Weight = wanted.Weight;
        if (wanted.Description !== undefined) found.Description = wanted.Description;
        found.Status = "Available";
      }
    },
    undo: () => {
      for (const { found } of pairs) found.Status = "Available";
    },
  };
});

const remove = write("RemoveServersFromServerGroup", (call, group, servers) => {
  const pairs = requireAttached(call, group, servers);
  const gone = new Set(pairs.map(({ found }) => found));
  return {
    start: () => {
      for (const server of gone) server.Status = "Removing";
    },
    finish: (g) => {
      g.servers = g.servers.filter((s) => !gone.has(s));
      for (const server of gone) g.attachedAt.delete(serverKey(server));
    },
    undo: () => {
      for (const server of gone) server.Status = "Available";
    },
  };
});

/** An opaque page token: where the next page starts, for the group it was given for. */
const pageToken = (scope: string, offset: number) => Buffer.from(`${scope}:${offset}`).toString("base64url");
function pageStart(scope: string, token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  const [tokenScope, offset] = Buffer.from(token, "base64url").toString().split(":");
  if (tokenScope !== scope || !/^\d+$/.test(offset ?? "")) throw illegal("NextToken");
  return Number(offset);
}

function pageSize(call: ServerGroupCall, params: Record<string, string>, max: number): number {
  const size = integerWithin(params.MaxResults, 1, max);
  if (size === "invalid") throw illegal("MaxResults");
  return Math.min(size ?? 20, call.store.settings[call.api].pageCap);
}

/** One page of a list, and the token of the next one while more follow. */
function page<T>(items: readonly T[], start: number, size: number, scope: string) {
  const next = start + size < items.length ? { NextToken: pageToken(scope, start + size) } : {};
  return { items: items.slice(start, start + size), more: next, total: items.length };
}

function wireServer(group: ServerGroup, s: ServerGroupServer): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ServerGroupId: group.serverGroupId,
    ServerId: s.ServerId,
    ServerType: s.ServerType,
    Port: s.Port,
    Weight: s.Weight,
    Status: s.Status ?? "Available",
  };
  if (s.ServerIp !== undefined) out.ServerIp = s.ServerIp;
  if (s.Description !== undefined) out.Description = s.Description;
  return out;
}

const listServers: ServerGroupAction = (call, params) => {
  const group = requireGroup(call, params);
  const ids = numberedList(params, "ServerIds") as string[];
  const servers = group.servers.filter((s) => ids.length === 0 || ids.includes(s.ServerId));
  const size = pageSize(call, params, 100);
  const { items, more, total } = page(
    servers,
    pageStart(group.serverGroupId, params.NextToken),
    size,
    group.serverGroupId,
  );
  return { Servers: items.map((s) => wireServer(group, s)), MaxResults: size, TotalCount: total, ...more };
};

/** The groups of this API of the request's region, optionally those named. */
function groupsOf(call: ServerGroupCall, params: Record<string, string>): ServerGroup[] {
  const ids = numberedList(params, "ServerGroupIds") as string[];
  if (ids.length > 20) throw illegal("ServerGroupIds");
  return [...call.store.groups.values()]
    .filter((g) => g.api === call.api && (ids.length === 0 || ids.includes(g.serverGroupId)))
    .filter((g) => call.api === "alb" || !params.RegionId || g.regionId === params.RegionId)
    .map((g) => (call.store.settle(g), g));
}

const listGroups: ServerGroupAction = (call, params) => {
  const groups = groupsOf(call, params).map((g) => {
    const live = g.servers.filter((s) => s.Status !== "Removing").length;
    const out: Record<string, unknown> = {
      ServerGroupId: g.serverGroupId,
      ServerGroupStatus: g.job ? "Configuring" : "Available",
      ServerGroupType: g.serverGroupType,
      ServerCount: live,
      RelatedLoadBalancerIds: g.loadBalancerId && g.listeners.length > 0 ? [g.loadBalancerId] : [],
    };
    const drain = g.connectionDrain ?? { enabled: false, timeout: 0 };
    if (call.api === "alb") {
      out.ConnectionDrainConfig = {
        ConnectionDrainEnabled: drain.enabled,
        ConnectionDrainTimeout: drain.timeout,
      };
      out.HealthCheckConfig = {
        HealthCheckEnabled: g.healthCheck.enabled,
        HealthCheckInterval: g.healthCheck.interval,
        HealthyThreshold: g.healthCheck.healthyThreshold,
      };
    } else {
      out.ConnectionDrainEnabled = drain.enabled;
      out.ConnectionDrainTimeout = drain.timeout;
      out.AnyPortEnabled = g.anyPortEnabled;
      out.RegionId = g.regionId;
      out.HealthCheck = {
        HealthCheckEnabled: g.healthCheck.enabled,
        HealthCheckInterval: g.healthCheck.interval,
        HealthyThreshold: g.healthCheck.healthyThreshold,
      };
    }
    return out;
  });
  return { ServerGroups: groups, TotalCount: groups.length, MaxResults: pageSize(call, params, 100) };
};

/** The listeners forwarding to any group of this API, each with the group it forwards to. */
function listenersOf(call: ServerGroupCall) {
  return [...call.store.groups.values()]
    .filter((g) => g.api === call.api && g.loadBalancerId !== undefined)
    .flatMap((group) => group.listeners.map((listener) => ({ group, listener })));
}

const listListeners: ServerGroupAction = (call, params) => {
  const lbs = numberedList(params, "LoadBalancerIds") as string[];
  const ids = numberedList(params, "ListenerIds") as string[];
  const found = listenersOf(call).filter(
    ({ group, listener }) =>
      (lbs.length === 0 || lbs.includes(group.loadBalancerId!)) &&
      (ids.length === 0 || ids.includes(listener.listenerId)),
  );
  const size = pageSize(call, params, 100);
  const { items, more, total } = page(found, pageStart("listeners", params.NextToken), size, "listeners");
  return {
    Listeners: items.map(({ group, listener }) => ({
      ListenerId: listener.listenerId,
      ListenerPort: listener.port,
      ListenerProtocol: listener.protocol,
      LoadBalancerId: group.loadBalancerId,
      ListenerStatus: "Running",
      ...(call.api === "nlb"
        ? { ServerGroupId: group.serverGroupId }
        : { DefaultActions: listener.viaRule ? [] : forwardingTo(group) }),
    })),
    MaxResults: size,
    TotalCount: total,
    ...more,
  };
};

/** ALB's forwarding actions to one group (ListListenersResponseBody.ts, ListRulesResponseBody.ts). */
const forwardingTo = (group: ServerGroup) => [
  {
    Type: "ForwardGroup",
    ForwardGroupConfig: { ServerGroupTuples: [{ ServerGroupId: group.serverGroupId }] },
  },
];

/** ALB: ListRules, the forwarding rules of the load balancers' listeners that forward to a group. */
const listRules: ServerGroupAction = (call, params) => {
  const lbs = numberedList(params, "LoadBalancerIds") as string[];
  const rules = listenersOf(call)
    .filter(
      ({ group, listener }) => listener.viaRule && (lbs.length === 0 || lbs.includes(group.loadBalancerId!)),
    )
    .map(({ group, listener }) => ({
      RuleId: listener.viaRule,
      ListenerId: listener.listenerId,
      LoadBalancerId: group.loadBalancerId,
      RuleActions: forwardingTo(group),
    }));
  return { Rules: rules, MaxResults: pageSize(call, params, 100), TotalCount: rules.length };
};

/**
 * A server's health as GetListenerHealthStatus reports it: "normal" (not listed), or its NonNormalServers
 * Status. A new server is Initial until it passed the group's healthy threshold on the emulator's clock; a
 * failing one is Unhealthy from its first check; weight 0 is Unused; with checks off, Unavailable.
 */
export function serverHealth(
  group: ServerGroup,
  server: ServerGroupServer,
  behaviour: HealthBehaviour,
  now: number,
): "normal" | "Initial" | "Unhealthy" | "Unused" | "Unavailable" {
  if (!group.healthCheck.enabled) return "Unavailable";
  if (server.Weight === 0) return "Unused";
  const attachedAt = group.attachedAt.get(serverKey(server));
  const checks =
    attachedAt === undefined
      ? Number.POSITIVE_INFINITY
      : Math.floor((now - attachedAt) / (group.healthCheck.interval * 1000));
  if (checks < 1) return "Initial";
  if (behaviour === "fails") return "Unhealthy";
  return checks >= group.healthCheck.healthyThreshold ? "normal" : "Initial";
}

const listenerHealth: ServerGroupAction = (call, params) => {
  if (!params.ListenerId) throw missing("ListenerId");
  const found = listenersOf(call).filter(({ listener }) => listener.listenerId === params.ListenerId);
  if (found.length === 0)
    throw new ApiError(404, "ResourceNotFound.listener", "The specified resource of listener is not found.");
  if (call.api === "alb") pageSize(call, params, 30);
  const { listener } = found[0];
  const infos = found.map(({ group }) => {
    call.store.settle(group);
    const nonNormal = group.servers
      .filter((s) => s.Status !== "Removing")
      .map((s) => ({ s, status: serverHealth(group, s, call.healthBehaviour(s.ServerId), call.now) }))
      .filter(({ status }) => status !== "normal")
      .map(({ s, status }) => ({
        ServerId: s.ServerId,
        Port: s.Port,
        Status: status,
        ...(s.ServerIp !== undefined ? { ServerIp: s.ServerIp } : {}),
        ...(status === "Unhealthy" ? { Reason: { ReasonCode: "CONNECT_TIMEOUT" } } : {}),
      }));
    return {
      ServerGroupId: group.serverGroupId,
      ...(call.api === "alb"
        ? { HealthCheckEnabled: group.healthCheck.enabled ? "on" : "off", ActionType: "ForwardGroup" }
        : { HeathCheckEnabled: group.healthCheck.enabled }),
      NonNormalServers: nonNormal,
    };
  });
  // A group reached through a rule is reported under the rule, and only when rules are asked for.
  const direct = infos.filter((_, i) => !found[i].listener.viaRule);
  const rules = found
    .map(({ listener: l }, i) => ({ rule: l.viaRule, info: infos[i] }))
    .filter(({ rule }) => rule !== undefined && params.IncludeRule === "true");
  return {
    ListenerHealthStatus: [
      {
        ListenerId: listener.listenerId,
        ListenerPort: listener.port,
        ListenerProtocol: listener.protocol,
        ServerGroupInfos: direct,
      },
    ],
    ...(call.api === "alb"
      ? { RuleHealthStatus: rules.map(({ rule, info }) => ({ RuleId: rule, ServerGroupInfos: [info] })) }
      : {}),
  };
};

/** ALB: ListAsynJobs by JobIds. */
const listJobs: ServerGroupAction = (call, params) => {
  const ids = numberedList(params, "JobIds") as string[];
  const jobs = ids
    .map((id) => call.store.job("alb", id))
    .filter((job) => job !== undefined)
    .map((job) => ({
      Id: job.id,
      ApiName: job.action,
      ResourceId: job.serverGroupId,
      ResourceType: "servergroup",
      OperateType: "Update",
      Status: job.status,
      CreateTime: job.createdAt,
      ...(job.status === "Processing" ? {} : { ModifyTime: Math.max(job.dueAt, job.createdAt) }),
      ...(job.status === "Failed" ? { ErrorCode: "JobFailed", ErrorMessage: `${job.action} failed` } : {}),
    }));
  return { Jobs: jobs, TotalCount: jobs.length, MaxResults: pageSize(call, params, 100) };
};

/** NLB: GetJobStatus answers Succeeded or processing (and Failed, which its model does not list). */
const jobStatus: ServerGroupAction = (call, params) => {
  if (!params.JobId) throw missing("JobId");
  const job = call.store.job("nlb", params.JobId);
  if (!job) throw new ApiError(404, "ResourceNotFound.job", "The specified resource of job is not found.");
  return { Status: job.status === "Processing" ? "processing" : job.status };
};

const COMMON: [string, ServerGroupAction][] = [
  ["ListServerGroupServers", listServers],
  ["AddServersToServerGroup", add],
  ["RemoveServersFromServerGroup", remove],
  ["UpdateServerGroupServersAttribute", update],
  ["ListServerGroups", listGroups],
  ["ListListeners", listListeners],
  ["GetListenerHealthStatus", listenerHealth],
];

/** The actions each API serves, by name. */
export const SERVER_GROUP_ACTIONS: Record<ServerGroupApi, ReadonlyMap<string, ServerGroupAction>> = {
  alb: new Map([...COMMON, ["ListAsynJobs", listJobs], ["ListRules", listRules]]),
  nlb: new Map([...COMMON, ["GetJobStatus", jobStatus]]),
};
