// How the emulator moves a backend server's health over time, on its own clock (StartOptions.now), so
// tests advance time instead of sleeping. Rules and their sources: emulator/contract/health.ts.
import type { HealthBehaviour } from "./types";

/** CLB's ServerHealthStatus values (slb-20140515 DescribeHealthStatusResponseBody). */
export type ClbHealth = "normal" | "abnormal" | "unavailable";

/** A CLB listener's health check, as DescribeLoadBalancer<Protocol>ListenerAttribute reports it. */
export interface ClbHealthCheck {
  healthCheck: "on" | "off";
  /** Seconds between checks (1..50). */
  healthCheckInterval: number;
  /** Consecutive passes before a server is declared healthy (2..10). */
  healthyThreshold: number;
}

/** Whole check intervals completed since the member was attached; members the emulator did not see
 * attached (seeded) have been checked for ever. */
function checksSince(attachedAt: number | undefined, now: number, intervalSeconds: number): number {
  if (attachedAt === undefined) return Number.POSITIVE_INFINITY;
  return Math.floor((now - attachedAt) / (intervalSeconds * 1000));
}

/**
 * One server's health on one listener. No vendor source says what a listener without health check
 * reports, nor exactly when a new server's first result appears: the emulator takes the least forgiving
 * reading (unavailable, never normal, and normal only after the full threshold).
 */
export function clbServerHealth(
  check: ClbHealthCheck,
  behaviour: HealthBehaviour,
  attachedAt: number | undefined,
  now: number,
): ClbHealth {
  if (check.healthCheck === "off") return "unavailable";
  const checks = checksSince(attachedAt, now, check.healthCheckInterval);
  if (checks < 1) return "unavailable";
  if (behaviour === "fails") return "abnormal";
  return checks >= check.healthyThreshold ? "normal" : "abnormal";
}

/** A Huawei ELB health monitor (services/elb/v3/model/model_health_monitor.go). */
export interface ElbHealthMonitor {
  adminStateUp: boolean;
  /** Seconds between checks (1..50). */
  delay: number;
  /** Consecutive passes before OFFLINE turns ONLINE (1..10). */
  maxRetries: number;
}

export interface ElbListenerHealth {
  listener_id: string;
  operating_status: string;
  reason?: { reason_code: string; expected_response: string | null; healthcheck_response: string | null };
}

/**
 * A member's health as ELB reports it (rows and sources in contract/health.ts): a member whose server is
 * stopped or gone is OFFLINE with no failed check and admin_state_up false, monitor or not; without a
 * monitor (or with it switched off) the stored status stays (NO_MONITOR unless a seed said otherwise);
 * with one, a pool no listener uses gives UNKNOWN; otherwise INITIAL until the member passed max_retries
 * checks, then ONLINE, and a failing server is INITIAL until its first check and OFFLINE with a reason
 * after.
 */
export function elbMemberHealth(
  monitor: ElbHealthMonitor | undefined,
  listenerIds: readonly string[],
  stored: string,
  behaviour: HealthBehaviour,
  attachedAt: number | undefined,
  now: number,
): { operating_status: string; status: ElbListenerHealth[]; admin_state_up?: false } {
  const everywhere = (operating: string, reason?: ElbListenerHealth["reason"]) => ({
    operating_status: operating,
    status: listenerIds.map((id) => ({
      listener_id: id,
      operating_status: operating,
      ...(reason ? { reason } : {}),
    })),
  });
  if (behaviour === "stopped") return { ...everywhere("OFFLINE"), admin_state_up: false };
  if (!monitor || !monitor.adminStateUp) return everywhere(stored);
  if (listenerIds.length === 0) return everywhere("UNKNOWN");
  const checks = checksSince(attachedAt, now, monitor.delay);
  const failing = behaviour === "fails" && checks >= 1;
  const operating = failing
    ? "OFFLINE"
    : checks >= monitor.maxRetries && behaviour !== "fails"
      ? "ONLINE"
      : "INITIAL";
  return everywhere(
    operating,
    failing
      ? { reason_code: "CONNECT_REFUSED", expected_response: null, healthcheck_response: null }
      : undefined,
  );
}
