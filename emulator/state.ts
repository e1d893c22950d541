// The emulated clouds' data: credentials, servers, load balancers and pools, plus seeding and reset.
import { buildElbMember, elbMemberKey } from "./elbMember";
import type { ElbHealthMonitor } from "./health";
import { ServerGroupStore } from "./serverGroupState";
import type {
  ElbMember,
  ElbMemberSeed,
  EmulatorCredential,
  EmulatorSeed,
  EnsBackendServer,
  EnsServer,
  HealthBehaviour,
  SlbBackendServer,
  SlbListenerSeed,
  SlbServer,
  SlbVServerBackendServer,
} from "./types";

/** A listener with every default filled in; "" where it forwards to no VServer or primary/secondary group. */
export type SlbListener = Required<SlbListenerSeed>;

export interface SlbVServerGroup {
  vServerGroupId: string;
  vServerGroupName: string;
  members: SlbVServerBackendServer[];
  /** Emulator time each member was attached at, by member key; seeded members are absent. */
  attachedAt: Map<string, number>;
}

export interface SlbLoadBalancer {
  loadBalancerId: string;
  regionId: string;
  members: SlbBackendServer[];
  listeners: SlbListener[];
  /** Emulator time each member was attached at, by member key; seeded members are absent (checked long ago). */
  attachedAt: Map<string, number>;
  vServerGroups: Map<string, SlbVServerGroup>;
}

export interface EnsLoadBalancer {
  loadBalancerId: string;
  status: string;
  members: EnsBackendServer[];
}

export interface ElbPool {
  poolId: string;
  projectId: string;
  ipTargetEnable: boolean;
  members: ElbMember[];
  healthMonitor?: ElbHealthMonitor;
  listenerIds: string[];
  connectionDrain?: { enable: boolean; timeout: number };
  /** Emulator time each member was attached at, by member id; seeded members are absent. */
  attachedAt: Map<string, number>;
}

export type ServerStatus = "running" | "stopped" | "unknown";

/** The APIs whose servers answer health checks, each keyed by its own server name. */
export type HealthCloud = "slb" | "elb" | "alb" | "nlb";

/** How DescribeLoadBalancerAttribute answers for a load balancer that does not exist. */
export type GoneAnswer = "no-id" | "error";

export const DEFAULTS = {
  ensBackendServerQuota: 200,
  elbMemberQuota: 500,
  elbAccountMemberQuota: 500,
  elbPageCap: 2000,
} as const;

export class EmulatorState {
  readonly credentials = new Map<string, EmulatorCredential>();
  readonly slbServers = new Map<string, SlbServer>();
  readonly ensServers = new Map<string, EnsServer>();
  readonly slbLoadBalancers = new Map<string, SlbLoadBalancer>();
  readonly ensLoadBalancers = new Map<string, EnsLoadBalancer>();
  readonly elbProjects = new Set<string>();
  readonly elbPools = new Map<string, ElbPool>();
  strictServers = false;
  ensBackendServerQuota: number = DEFAULTS.ensBackendServerQuota;
  ensGoneAnswer: GoneAnswer = "no-id";
  slbGoneAnswer: GoneAnswer = "error";
  elbMemberQuota: number = DEFAULTS.elbMemberQuota;
  elbAccountMemberQuota: number = DEFAULTS.elbAccountMemberQuota;
  elbPageCap: number = DEFAULTS.elbPageCap;
  /**
   * How each server answers health checks, by `slb:<ServerId>`, `elb:<address>`, `alb:<ServerId>` or
   * `nlb:<ServerId>`; default passes.
   */
  readonly healthBehaviours = new Map<string, HealthBehaviour>();
  /** ALB's and NLB's server groups and their jobs. */
  readonly serverGroups: ServerGroupStore;

  constructor(readonly now: () => number) {
    this.serverGroups = new ServerGroupStore(now);
  }

  healthBehaviour(cloud: HealthCloud, server: string): HealthBehaviour {
    return this.healthBehaviours.get(`${cloud}:${server}`) ?? "passes";
  }

  /** Adds or replaces by id; a replaced load balancer or pool takes the seed's members (none if omitted). */
  seed(seed: EmulatorSeed): void {
    for (const credential of seed.credentials ?? [])
      this.credentials.set(credential.accessKeyId, { ...credential });
    for (const server of seed.slb?.servers ?? []) this.slbServers.set(server.serverId, { ...server });
    for (const lb of seed.slb?.loadBalancers ?? []) {
      this.slbLoadBalancers.set(lb.loadBalancerId, {
        loadBalancerId: lb.loadBalancerId,
        regionId: lb.regionId,
        members: structuredClone(lb.backendServers ?? []),
        listeners: (lb.listeners ?? []).map(listenerWithDefaults),
        attachedAt: new Map(),
        vServerGroups: new Map(
          (lb.vServerGroups ?? []).map((g) => [
            g.vServerGroupId,
            {
              vServerGroupId: g.vServerGroupId,
              vServerGroupName: g.vServerGroupName ?? "",
              members: structuredClone(g.backendServers ?? []),
              attachedAt: new Map(),
            },
          ]),
        ),
      });
    }
    for (const server of seed.ens?.servers ?? []) this.ensServers.set(server.serverId, { ...server });
    for (const lb of seed.ens?.loadBalancers ?? []) {
      this.ensLoadBalancers.set(lb.loadBalancerId, {
        loadBalancerId: lb.loadBalancerId,
        status: lb.status ?? "Active",
        members: structuredClone(lb.backendServers ?? []),
      });
    }
    if (seed.ens?.backendServerQuota !== undefined) this.ensBackendServerQuota = seed.ens.backendServerQuota;
    if (seed.ens?.goneAnswer !== undefined) this.ensGoneAnswer = seed.ens.goneAnswer;
    if (seed.slb?.goneAnswer !== undefined) this.slbGoneAnswer = seed.slb.goneAnswer;
    for (const project of seed.elb?.projects ?? []) this.elbProjects.add(project);
    for (const pool of seed.elb?.pools ?? []) {
      this.elbProjects.add(pool.projectId);
      const created: ElbPool = {
        poolId: pool.poolId,
        projectId: pool.projectId,
        ipTargetEnable: pool.ipTargetEnable ?? true,
        members: [],
        listenerIds: [...(pool.listenerIds ?? [])],
        attachedAt: new Map(),
      };
      if (pool.healthMonitor) {
        created.healthMonitor = { adminStateUp: true, ...pool.healthMonitor };
      }
      if (pool.connectionDrain) created.connectionDrain = { ...pool.connectionDrain };
      this.elbPools.set(pool.poolId, created);
      this.replaceElbMembers(created, pool.members ?? []);
    }
    if (seed.elb?.memberQuota !== undefined) this.elbMemberQuota = seed.elb.memberQuota;
    if (seed.elb?.accountMemberQuota !== undefined) this.elbAccountMemberQuota = seed.elb.accountMemberQuota;
    if (seed.elb?.pageCap !== undefined) this.elbPageCap = seed.elb.pageCap;
    if (seed.alb) this.serverGroups.seed("alb", seed.alb);
    if (seed.nlb) this.serverGroups.seed("nlb", seed.nlb);
    if (seed.strictServers !== undefined) this.strictServers = seed.strictServers;
  }

  /** Replaces a pool's members; a member keeps its id when one with the same address and port was there. */
  replaceElbMembers(pool: ElbPool, members: readonly ElbMemberSeed[]): void {
    const previous = new Map(pool.members.map((m) => [elbMemberKey(m), m.id]));
    pool.members = members.map((m) =>
      buildElbMember(m, pool.projectId, this.now(), previous.get(elbMemberKey(m))),
    );
  }

  reset(): void {
    this.credentials.clear();
    this.slbServers.clear();
    this.ensServers.clear();
    this.slbLoadBalancers.clear();
    this.ensLoadBalancers.clear();
    this.elbProjects.clear();
    this.elbPools.clear();
    this.strictServers = false;
    this.ensBackendServerQuota = DEFAULTS.ensBackendServerQuota;
    this.ensGoneAnswer = "no-id";
    this.slbGoneAnswer = "error";
    this.elbMemberQuota = DEFAULTS.elbMemberQuota;
    this.elbAccountMemberQuota = DEFAULTS.elbAccountMemberQuota;
    this.elbPageCap = DEFAULTS.elbPageCap;
    this.healthBehaviours.clear();
    this.serverGroups.reset();
  }

  /** The VServer group with this id and the load balancer it belongs to. */
  findVServerGroup(id: string): { lb: SlbLoadBalancer; group: SlbVServerGroup } | undefined {
    for (const lb of this.slbLoadBalancers.values()) {
      const group = lb.vServerGroups.get(id);
      if (group) return { lb, group };
    }
    return undefined;
  }

  slbServerStatus(serverId: string): ServerStatus {
    return statusOf(this.slbServers.get(serverId), this.strictServers);
  }

  ensServerStatus(serverId: string): ServerStatus {
    return statusOf(this.ensServers.get(serverId), this.strictServers);
  }
}

/** CLB's console defaults where a seed leaves a listener's health check settings out. */
function listenerWithDefaults(seed: SlbListenerSeed): SlbListener {
  return {
    port: seed.port,
    protocol: seed.protocol,
    healthCheck: seed.healthCheck ?? "on",
    healthCheckInterval: seed.healthCheckInterval ?? 2,
    healthyThreshold: seed.healthyThreshold ?? 3,
    connectionDrain: seed.connectionDrain ?? "off",
    connectionDrainTimeout: seed.connectionDrainTimeout ?? 300,
    vServerGroupId: seed.vServerGroupId ?? "",
    masterSlaveServerGroupId: seed.masterSlaveServerGroupId ?? "",
    rules: structuredClone(seed.rules ?? []),
    listenerForward: seed.listenerForward ?? "off",
  };
}

function statusOf(server: { status?: string } | undefined, strict: boolean): ServerStatus {
  if (!server) return strict ? "unknown" : "running";
  return server.status === "Stopped" ? "stopped" : "running";
}
