// startEmulator: one HTTP server emulating CLB, ENS, ALB, NLB and Huawei ELB members, with direct state access.
import type { AddressInfo } from "node:net";
import { EmulatorContext } from "./context";
import { type ClbHealth, clbServerHealth, elbMemberHealth } from "./health";
import { slbMemberKey, vServerMemberKey } from "./slbActions";
import { forwardsTo } from "./slbHealthActions";
import { createEmulatorServer } from "./server";
import { serverHealth } from "./serverGroupActions";
import { type ServerGroup, serverKey } from "./serverGroupState";
import type { ElbPool, EnsLoadBalancer, HealthCloud, SlbLoadBalancer, SlbVServerGroup } from "./state";
import type {
  CallRecord,
  Cloud,
  ElbMember,
  ElbMemberSeed,
  EmulatorSeed,
  EnsBackendServer,
  FaultRule,
  HealthBehaviour,
  ServerGroupServer,
  SlbBackendServer,
  SlbVServerBackendServer,
  StartOptions,
} from "./types";

export interface Emulator {
  /** http://127.0.0.1:<port> */
  url: string;
  /** What the provider's endpoint overrides point at. */
  endpoints: { slb: string; ens: string; elb: string; alb: string; nlb: string };
  /** Adds or replaces credentials, servers, load balancers and pools. */
  seed(seed: EmulatorSeed): void;
  /** Empties state, faults, the call log, nonces, locks and rate limits. */
  reset(): void;
  calls(filter?: { cloud?: Cloud; action?: string }): CallRecord[];
  clearCalls(): void;
  /** Calls `listener` with every call record as it is logged; returns the unsubscribe function. */
  onCall(listener: (record: CallRecord) => void): () => void;
  inject(rule: FaultRule): void;
  clearFaults(): void;
  slbMembers(loadBalancerId: string): SlbBackendServer[];
  setSlbMembers(loadBalancerId: string, members: SlbBackendServer[]): void;
  vServerGroupMembers(vServerGroupId: string): SlbVServerBackendServer[];
  setVServerGroupMembers(vServerGroupId: string, members: SlbVServerBackendServer[]): void;
  ensMembers(loadBalancerId: string): EnsBackendServer[];
  setEnsMembers(loadBalancerId: string, members: EnsBackendServer[]): void;
  elbMembers(poolId: string): ElbMember[];
  /** Accepts Omit<ElbMember, "id" | "operating_status">[] (and optionally ids); same address+port keeps its id. */
  setElbMembers(poolId: string, members: ElbMemberSeed[]): void;
  /**
   * An ALB or NLB server group's servers as ListServerGroupServers would list them now (its job ended
   * first if its time has come on the emulator's clock), Status included.
   */
  serverGroupServers(serverGroupId: string): ServerGroupServer[];
  /** Another client sets the group's servers (Available unless a Status is given). */
  setServerGroupServers(serverGroupId: string, servers: ServerGroupServer[]): void;
  /** Available, or Configuring while a write's job runs. */
  serverGroupStatus(serverGroupId: string): "Available" | "Configuring";
  /**
   * How a server answers health checks from now on: CLB, ALB and NLB by ServerId, Huawei by member
   * address. Default "passes": healthy once it passed the listener's or monitor's threshold on the
   * emulator's clock.
   */
  setHealth(cloud: HealthCloud, server: string, behaviour: HealthBehaviour): void;
  /**
   * What the health APIs would report now, on the emulator's clock, for tests that judge a rollout
   * from outside: CLB by ServerId, its ServerHealthStatus on every listener that forwards to the default
   * server group (DescribeHealthStatus); a VServer group's by `ServerId:Port`, on every listener that
   * forwards to it; Huawei by `address:protocol_port`, the member's operating_status.
   */
  slbHealth(loadBalancerId: string): Map<string, ClbHealth[]>;
  vServerGroupHealth(vServerGroupId: string): Map<string, ClbHealth[]>;
  elbHealth(poolId: string): Map<string, string>;
  /**
   * What GetListenerHealthStatus would say of each server of an ALB or NLB server group now, by
   * `ServerType|ServerId|ServerIp|Port`: "normal", or its NonNormalServers Status.
   */
  serverGroupHealth(serverGroupId: string): Map<string, string>;
  deleteSlbLoadBalancer(loadBalancerId: string): void;
  deleteVServerGroup(vServerGroupId: string): void;
  deleteEnsLoadBalancer(loadBalancerId: string): void;
  deleteElbPool(poolId: string): void;
  deleteServerGroup(serverGroupId: string): void;
  /** Ends promptly even with held or hung connections. */
  close(): Promise<void>;
}

function required<T>(map: ReadonlyMap<string, T>, id: string, what: string): T {
  const found = map.get(id);
  if (!found) throw new Error(`emulator: no ${what} ${id}`);
  return found;
}

export async function startEmulator(options: StartOptions = {}): Promise<Emulator> {
  const ctx = new EmulatorContext(options.now ?? Date.now, options.random ?? Math.random, options.quotas);
  const { state } = ctx;
  if (options.seed) state.seed(options.seed);
  const slb = (id: string): SlbLoadBalancer => required(state.slbLoadBalancers, id, "CLB load balancer");
  const ens = (id: string): EnsLoadBalancer => required(state.ensLoadBalancers, id, "ENS load balancer");
  const pool = (id: string): ElbPool => required(state.elbPools, id, "ELB pool");
  const group = (id: string): ServerGroup => {
    const found = required(state.serverGroups.groups, id, "ALB or NLB server group");
    state.serverGroups.settle(found);
    return found;
  };
  const vServerGroup = (id: string): { lb: SlbLoadBalancer; group: SlbVServerGroup } => {
    const found = state.findVServerGroup(id);
    if (!found) throw new Error(`emulator: no CLB VServer group ${id}`);
    return found;
  };
  /** Each listener's check of a server attached at `attachedAt`, for the listeners forwarding to a group. */
  const checksOf = (lb: SlbLoadBalancer, group: string | undefined, serverId: string, at?: number) =>
    lb.listeners
      .filter((listener) => forwardsTo(listener, group))
      .map((listener) => clbServerHealth(listener, state.healthBehaviour("slb", serverId), at, state.now()));

  const api = {
    seed: (seed: EmulatorSeed) => state.seed(seed),
    reset: () => ctx.reset(),
    calls: (filter?: { cloud?: Cloud; action?: string }) => ctx.log.list(filter),
    clearCalls: () => ctx.log.clear(),
    onCall: (listener: (record: CallRecord) => void) => ctx.log.subscribe(listener),
    inject: (rule: FaultRule) => ctx.faults.inject(rule),
    clearFaults: () => ctx.faults.clear(),
    setHealth: (cloud: HealthCloud, server: string, behaviour: HealthBehaviour) => {
      // ELB reports a stopped server as OFFLINE; the other clouds have no such state.
      const allowed = cloud === "elb" ? ["passes", "fails", "stopped"] : ["passes", "fails"];
      if (!allowed.includes(behaviour)) {
        throw new Error(
          `health behaviour ${JSON.stringify(behaviour)} for ${cloud}: use ${allowed.map((b) => `"${b}"`).join(", ")}`,
        );
      }
      state.healthBehaviours.set(`${cloud}:${server}`, behaviour);
    },
    snapshot: () => ({
      credentials: [...state.credentials.keys()],
      slb: Object.fromEntries(
        [...state.slbLoadBalancers].map(([id, lb]) => [
          id,
          {
            regionId: lb.regionId,
            backendServers: lb.members,
            vServerGroups: Object.fromEntries(
              [...lb.vServerGroups].map(([groupId, g]) => [groupId, { backendServers: g.members }]),
            ),
          },
        ]),
      ),
      ens: Object.fromEntries(
        [...state.ensLoadBalancers].map(([id, lb]) => [
          id,
          { status: lb.status, backendServers: lb.members },
        ]),
      ),
      elb: Object.fromEntries(
        [...state.elbPools].map(([id, p]) => [id, { projectId: p.projectId, members: p.members }]),
      ),
      serverGroups: Object.fromEntries(
        [...state.serverGroups.groups].map(([id, g]) => [
          id,
          { api: g.api, status: g.job ? "Configuring" : "Available", servers: g.servers },
        ]),
      ),
    }),
  };

  const server = createEmulatorServer(ctx, api);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    endpoints: { slb: `${url}/slb`, ens: `${url}/ens`, elb: url, alb: `${url}/alb`, nlb: `${url}/nlb` },
    seed: api.seed,
    reset: api.reset,
    calls: api.calls,
    clearCalls: api.clearCalls,
    onCall: api.onCall,
    inject: api.inject,
    clearFaults: api.clearFaults,
    setHealth: api.setHealth,
    slbMembers: (id) => structuredClone(slb(id).members),
    setSlbMembers: (id, members) => {
      slb(id).members = structuredClone(members);
    },
    vServerGroupMembers: (id) => structuredClone(vServerGroup(id).group.members),
    setVServerGroupMembers: (id, members) => {
      vServerGroup(id).group.members = structuredClone(members);
    },
    ensMembers: (id) => structuredClone(ens(id).members),
    setEnsMembers: (id, members) => {
      ens(id).members = structuredClone(members);
    },
    serverGroupServers: (id) => structuredClone(group(id).servers),
    setServerGroupServers: (id, servers) => state.serverGroups.replace(group(id), servers),
    serverGroupStatus: (id) => (group(id).job ? "Configuring" : "Available"),
    serverGroupHealth: (id) => {
      const g = group(id);
      return new Map(
        g.servers.map((s) => [
          serverKey(s),
          serverHealth(g, s, state.healthBehaviour(g.api, s.ServerId), state.now()),
        ]),
      );
    },
    elbMembers: (id) => structuredClone(pool(id).members),
    setElbMembers: (id, members) => state.replaceElbMembers(pool(id), members),
    slbHealth: (id) => {
      const lb = slb(id);
      return new Map(
        lb.members.map((m) => [
          m.ServerId,
          checksOf(lb, undefined, m.ServerId, lb.attachedAt.get(slbMemberKey(m))),
        ]),
      );
    },
    vServerGroupHealth: (id) => {
      const { lb, group } = vServerGroup(id);
      return new Map(
        group.members.map((m) => [
          `${m.ServerId}:${m.Port}`,
          checksOf(lb, id, m.ServerId, group.attachedAt.get(vServerMemberKey(m))),
        ]),
      );
    },
    elbHealth: (id) => {
      const p = pool(id);
      return new Map(
        p.members.map((m) => [
          `${m.address}:${m.protocol_port}`,
          elbMemberHealth(
            p.healthMonitor,
            p.listenerIds,
            m.operating_status,
            state.healthBehaviour("elb", m.address),
            p.attachedAt.get(m.id),
            state.now(),
          ).operating_status,
        ]),
      );
    },
    deleteSlbLoadBalancer: (id) => {
      state.slbLoadBalancers.delete(id);
    },
    deleteVServerGroup: (id) => {
      vServerGroup(id).lb.vServerGroups.delete(id);
    },
    deleteEnsLoadBalancer: (id) => {
      state.ensLoadBalancers.delete(id);
    },
    deleteElbPool: (id) => {
      state.elbPools.delete(id);
    },
    deleteServerGroup: (id) => {
      state.serverGroups.groups.delete(id);
    },
    close: async () => {
      ctx.delays.cancelAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
