import { LimiterRegistry, type RateLimit, type RateLimiter } from "../../../reconcile/rateLimiter";

/**
 * ENS allows "up to 10 times per second per account" (seed documents of AddBackendServers and
 * RemoveBackendServers), shared by every resource that uses the account. Every dynamic resource of one
 * `pulumi up` runs in one plugin process, so this module-level registry makes all ENS resources of a
 * deployment draw from one limiter per AccessKeyId (the secret is never a key).
 */
const accounts = new LimiterRegistry();

/**
 * The pace for `callsPerSecond`: that rate, with a burst of half a second's calls. The server's bucket
 * holds one second's calls (10); leaving half of it unused is the margin for requests that reach the
 * server earlier or later than they were sent (connection set-up, a busy event loop), which would
 * otherwise meet a bucket drained to its last token. It costs at most half a second per deployment.
 */
export function ensAccountLimit(callsPerSecond: number): RateLimit {
  return { callsPerSecond, burst: Math.max(1, Math.floor(callsPerSecond / 2)) };
}

export function ensAccountLimiter(accessKeyId: string, callsPerSecond: number): RateLimiter {
  return accounts.limiterFor(accessKeyId, ensAccountLimit(callsPerSecond));
}
