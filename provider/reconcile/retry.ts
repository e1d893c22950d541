import { type Clock, realClock } from "./clock";
import { CloudError } from "./cloudError";

export interface RetryPolicy {
  /** First backoff ceiling; each retry doubles it up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts later than this after the reconcile began. */
  deadlineMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 500, maxDelayMs: 10_000, deadlineMs: 180_000 };

/** The delay before retry number `attempt` (1-based): exponential, with jitter in [ceiling/2, ceiling]. */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** A retry budget shared by every call of one reconcile: one deadline. */
export class RetryBudget {
  private deadlineAt: number;

  constructor(
    readonly policy: RetryPolicy,
    readonly clock: Clock = realClock,
  ) {
    this.deadlineAt = clock.now() + policy.deadlineMs;
  }

  /**
   * Waits before retry `attempt` of a failed call, or rethrows the error when it may not be retried:
   * anything that is not a `CloudError` (a bug), a class `retryable` refuses, or past the deadline.
   */
  async backoff(error: unknown, attempt: number, retryable: (e: CloudError) => boolean): Promise<void> {
    if (!(error instanceof CloudError) || !retryable(error)) throw error;
    const delay = backoffDelay(this.policy, attempt);
    if (this.clock.now() + delay > this.deadlineAt) throw error;
    await this.clock.sleep(delay);
  }

  /** Starts the deadline again: after a deliberate wait (a health gate, a drain) retries are owed anew. */
  renew(): void {
    this.deadlineAt = this.clock.now() + this.policy.deadlineMs;
  }

  /** Runs `call` until it succeeds or `backoff` gives up. */
  async run<T>(call: () => Promise<T>, retryable: (e: CloudError) => boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        await this.backoff(error, attempt, retryable);
      }
    }
  }
}

/** Writes are retried as they are only when the cloud surely did nothing. */
export const onlyTransient = (e: CloudError) => e.retry === "transient";
/** Reads change nothing, so every failure but a permanent one can be retried. */
export const anyButPermanent = (e: CloudError) => e.retry !== "permanent";
