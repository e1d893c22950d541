// The ALB and NLB server groups, and the asynchronous state machine of their writes: a write is accepted
// at once and answered with a JobId; the group is Configuring and each server it touches Adding,
// Configuring or Removing until the job ends, on the emulator's clock; then the change is in place (or,
// for a failed job, undone) and the group is Available again. Rules and sources:
// emulator/contract/serverGroups.ts.
import { randomUUID } from "node:crypto";
import { canonicalIp } from "./ipAddress";
import type { ServerGroupApiSeed, ServerGroupSeed, ServerGroupServer } from "./types";

export type ServerGroupApi = "alb" | "nlb";

export interface ServerGroup {
  api: ServerGroupApi;
  serverGroupId: string;
  regionId: string;
  serverGroupType: "Instance" | "Ip";
  anyPortEnabled: boolean;
  servers: ServerGroupServer[];
  /** The job running on the group, if any: the group is Configuring while it runs. */
  job?: Job;
  loadBalancerId?: string;
  listeners: { listenerId: string; port: number; protocol: string; viaRule?: string }[];
  healthCheck: { enabled: boolean; interval: number; healthyThreshold: number };
  connectionDrain?: { enabled: boolean; timeout: number };
  /** Emulator time each server was attached at, by key; seeded servers are absent (checked long ago). */
  attachedAt: Map<string, number>;
}

export type JobStatus = "Processing" | "Succeeded" | "Failed";

export interface Job {
  id: string;
  api: ServerGroupApi;
  action: string;
  serverGroupId: string;
  createdAt: number;
  /** When it ends, on the emulator's clock. */
  dueAt: number;
  status: JobStatus;
  /** Set by the `job-fails` fault: the job ends Failed and its change is undone. */
  fails: boolean;
  /** What the end of the job does to the servers it touched, and what undoing it does. */
  finish(group: ServerGroup): void;
  undo(group: ServerGroup): void;
}

/** An accepted write by its ClientToken: a retry with the same token is answered with the same job. */
interface TokenRecord {
  signature: string;
  answer: Record<string, unknown>;
}

export interface ApiSettings {
  jobMs: number;
  serverQuota: number;
  pageCap: number;
  /** Server id to status, for the servers seeded; others count as running unless strict. */
  servers: Map<string, "Running" | "Released">;
}

/**
 * Server quotas: ALB "1,000 backend servers (IP addresses and ports) per server group" (the ALB quotas
 * and limits page); NLB 400 ECS, ENI or IP backends per NLB instance (nlb_quota_loadbalancer_noeci_servers_num
 * on the NLB quotas page), counted per group here, the least forgiving reading.
 */
export const SERVER_GROUP_DEFAULTS = {
  alb: { jobMs: 0, serverQuota: 1000, pageCap: 100 },
  nlb: { jobMs: 0, serverQuota: 400, pageCap: 100 },
} as const;

/** A server's identity in a group: the server, an ENI's or ECI's IP, and the port. */
export function serverKey(
  s: Pick<ServerGroupServer, "ServerId" | "ServerType" | "ServerIp" | "Port">,
): string {
  const ip = s.ServerType === "Eni" || s.ServerType === "Eci" ? canonicalIp(s.ServerIp ?? "") : "";
  const id = s.ServerType === "Ip" ? canonicalIp(s.ServerId) : s.ServerId;
  return `${s.ServerType}|${id}|${ip}|${s.Port}`;
}

const settingsOf = (api: ServerGroupApi): ApiSettings => ({
  ...SERVER_GROUP_DEFAULTS[api],
  servers: new Map(),
});

export class ServerGroupStore {
  readonly groups = new Map<string, ServerGroup>();
  readonly jobs = new Map<string, Job>();
  readonly tokens = new Map<string, TokenRecord>();
  settings: Record<ServerGroupApi, ApiSettings> = { alb: settingsOf("alb"), nlb: settingsOf("nlb") };

  constructor(private readonly now: () => number) {}

  seed(api: ServerGroupApi, seed: ServerGroupApiSeed): void {
    const settings = this.settings[api];
    if (seed.jobMs !== undefined) settings.jobMs = seed.jobMs;
    if (seed.serverQuota !== undefined) settings.serverQuota = seed.serverQuota;
    if (seed.pageCap !== undefined) settings.pageCap = seed.pageCap;
    for (const server of seed.servers ?? [])
      settings.servers.set(server.serverId, server.status ?? "Running");
    for (const group of seed.serverGroups ?? []) this.groups.set(group.serverGroupId, build(api, group));
  }

  reset(): void {
    this.groups.clear();
    this.jobs.clear();
    this.tokens.clear();
    this.settings = { alb: settingsOf("alb"), nlb: settingsOf("nlb") };
  }

  /** The group of `api` by id, its job ended first if its time has come; undefined when there is none. */
  group(api: ServerGroupApi, id: string): ServerGroup | undefined {
    const group = this.groups.get(id);
    if (!group || group.api !== api) return undefined;
    this.settle(group);
    return group;
  }

  /** Ends the group's job once its time has come: the change is in place, or undone for a failed job. */
  settle(group: ServerGroup): void {
    const job = group.job;
    if (!job || this.now() < job.dueAt) return;
    if (job.fails) job.undo(group);
    else job.finish(group);
    job.status = job.fails ? "Failed" : "Succeeded";
    group.job = undefined;
  }

  /** The job by id, ended first if its time has come. */
  job(api: ServerGroupApi, id: string): Job | undefined {
    const job = this.jobs.get(id);
    if (!job || job.api !== api) return undefined;
    const group = this.groups.get(job.serverGroupId);
    if (group) this.settle(group);
    // A job whose group was deleted meanwhile ends with it.
    else if (job.status === "Processing" && this.now() >= job.dueAt) job.status = "Succeeded";
    return job;
  }

  /** Starts a job on the group: Configuring until `dueAt`. */
  start(
    group: ServerGroup,
    action: string,
    change: Pick<Job, "finish" | "undo">,
    fault: { fails: boolean; extraMs: number },
  ): Job {
    const now = this.now();
    const job: Job = {
      id: randomUUID(),
      api: group.api,
      action,
      serverGroupId: group.serverGroupId,
      createdAt: now,
      dueAt: now + this.settings[group.api].jobMs + fault.extraMs,
      status: "Processing",
      fails: fault.fails,
      ...change,
    };
    this.jobs.set(job.id, job);
    group.job = job;
    return job;
  }

  /** The answer an accepted write with this token got, if any, keyed by API and account. */
  remembered(key: string): TokenRecord | undefined {
    return this.tokens.get(key);
  }

  remember(key: string, record: TokenRecord): void {
    this.tokens.set(key, record);
  }

  serverStatus(api: ServerGroupApi, serverId: string, strict: boolean): "running" | "released" {
    const status = this.settings[api].servers.get(serverId);
    if (status === undefined) return strict ? "released" : "running";
    return status === "Released" ? "released" : "running";
  }

  /**
   * Replaces a group's servers out of band (another client): Available unless said otherwise; a server
   * that was there keeps its attachment time, a new one was checked long ago.
   */
  replace(group: ServerGroup, servers: readonly ServerGroupServer[]): void {
    group.servers = servers.map((s) => ({ ...structuredClone(s), Status: s.Status ?? "Available" }));
    const kept = new Set(group.servers.map(serverKey));
    group.attachedAt = new Map([...group.attachedAt].filter(([key]) => kept.has(key)));
  }
}

function build(api: ServerGroupApi, seed: ServerGroupSeed): ServerGroup {
  const group: ServerGroup = {
    api,
    serverGroupId: seed.serverGroupId,
    regionId: seed.regionId,
    serverGroupType: seed.serverGroupType ?? "Instance",
    anyPortEnabled: api === "nlb" && seed.anyPortEnabled === true,
    servers: [],
    listeners: (seed.listeners ?? []).map((l) => ({ ...l })),
    healthCheck: {
      enabled: seed.healthCheck?.enabled ?? true,
      interval: seed.healthCheck?.interval ?? 2,
      healthyThreshold: seed.healthCheck?.healthyThreshold ?? 3,
    },
    attachedAt: new Map(),
  };
  if (seed.loadBalancerId !== undefined) group.loadBalancerId = seed.loadBalancerId;
  if (seed.connectionDrain) group.connectionDrain = { ...seed.connectionDrain };
  group.servers = (seed.servers ?? []).map((s) => ({
    ...structuredClone(s),
    Status: s.Status ?? "Available",
  }));
  return group;
}
