/**
 * A member's health in one word for every cloud, with the cloud's own words beside it:
 * - healthy: every health check the cloud runs on it passes;
 * - checking: a check runs but has no result yet (CLB unavailable, Huawei INITIAL);
 * - unhealthy: a check fails (CLB abnormal, Huawei OFFLINE);
 * - unchecked: no health check covers it (no listener forwarding to its group checks health, Huawei
 *   NO_MONITOR): the cloud sends it traffic regardless, so a health gate counts it as healthy and says so;
 * - unreported: the cloud reports no health per member at all (ENS).
 */
export type HealthState = "healthy" | "checking" | "unhealthy" | "unchecked" | "unreported";

export interface MemberHealth {
  state: HealthState;
  /** What the cloud said, for people: `80/http normal, 443/tcp abnormal`, `OFFLINE (CONNECT_REFUSED)`. */
  reported: string;
  /**
   * Waiting will not make it healthy: the cloud says the server behind the member is stopped or gone
   * (Huawei OFFLINE without a failed check). A health gate waiting for such a member fails at once.
   */
  final?: boolean;
}

/** What one read of a load balancer's or pool's health found. */
export interface HealthReport {
  /** By member key; a member the cloud did not mention is absent. */
  members: Map<string, MemberHealth>;
  /**
   * Seconds the load balancer itself keeps serving a removed member's open connections (CLB TCP
   * listener ConnectionDrainTimeout, Huawei pool connection_drain): 0 when it does not.
   */
  connectionDrainSeconds: number;
}

const SEVERITY: Record<HealthState, number> = {
  unhealthy: 4,
  checking: 3,
  unreported: 2,
  healthy: 1,
  unchecked: 0,
};

/** The state of a member with several checks (one per listener): the worst of them. */
export function worstState(states: readonly HealthState[]): HealthState {
  return states.reduce<HealthState>((worst, s) => (SEVERITY[s] > SEVERITY[worst] ? s : worst), "unchecked");
}

/** Whether a health gate may count the member as serving: healthy, or not covered by any check. */
export function passesGate(health: MemberHealth | undefined): boolean {
  return health?.state === "healthy" || health?.state === "unchecked";
}
