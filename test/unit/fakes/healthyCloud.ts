import type { HealthReport, MemberHealth } from "../../../provider/core/health";
import type { Clock } from "../../../provider/reconcile/clock";
import { MemoryCloud, type SimpleMember } from "./memoryCloud";

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
  ) {
    super(initial);
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
