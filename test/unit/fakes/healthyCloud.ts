import type { HealthReport, MemberHealth } from "../../../provider/core/health";
import type { Clock } from "../../../provider/reconcile/clock";
import { type CallKind, MemoryCloud, type SimpleMember } from "./memoryCloud";
import { scopeOf } from "./modelEngine";

/** A clock that only moves when the code under test sleeps. */
export class FakeClock implements Clock {
  t = 1_000_000;
  slept: number[] = [];
  now = () => this.t;
  sleep = async (ms: number) => {
    this.slept.push(ms);
    this.t += ms;
  };
}

/** A load balancer whose members turn healthy a fixed time after they were attached (or never). */
export class HealthyCloud extends MemoryCloud {
  attachedAt = new Map<string, number>();
  never = new Set<string>();
  /** Members whose server is stopped or gone: unhealthy, and the cloud says waiting will not help. */
  gone = new Set<string>();
  unchecked = false;
  connectionDrainSeconds = 0;
  healthReads = 0;
  constructor(
    private readonly clock: FakeClock,
    private readonly healthyAfterMs: number,
    initial: SimpleMember[],
    batchSize = 20,
  ) {
    super(initial, batchSize);
  }
  override async add(batch: readonly SimpleMember[]) {
    for (const m of batch) this.attachedAt.set(m.id, this.clock.t);
    return super.add(batch);
  }
  async health(members: readonly SimpleMember[]): Promise<HealthReport> {
    this.healthReads++;
    const health = (m: SimpleMember): MemberHealth => {
      if (this.unchecked) return { state: "unchecked", reported: "NO_MONITOR" };
      if (this.gone.has(m.id)) return { state: "unhealthy", reported: "OFFLINE", final: true };
      if (this.never.has(m.id)) return { state: "unhealthy", reported: "OFFLINE" };
      const since = this.attachedAt.get(m.id) ?? Number.NEGATIVE_INFINITY;
      return this.clock.t - since >= this.healthyAfterMs
        ? { state: "healthy", reported: "ONLINE" }
        : { state: "checking", reported: "INITIAL" };
    };
    return {
      members: new Map(members.map((m) => [m.id, health(m)])),
      connectionDrainSeconds: this.connectionDrainSeconds,
    };
  }
}

/**
 * The model's cloud in memory, for the executor alone: ports, and an update that names a scope (members
 * `s0`, `s1` are two IPs of one ENI: a weight set on one goes to both, as ENS's SetBackendServers does).
 */
export class ScopedCloud extends HealthyCloud {
  protected override names(kind: CallKind, member: SimpleMember): string {
    return kind === "update" ? scopeOf(member.id) : member.id;
  }

  override async update(batch: readonly { desired: SimpleMember; actual: SimpleMember }[]): Promise<void> {
    await super.update(batch);
    for (const { desired } of batch)
      for (const m of this.members.values())
        if (m.id !== desired.id && scopeOf(m.id) === scopeOf(desired.id)) m.weight = desired.weight;
  }
}
