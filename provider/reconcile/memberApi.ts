import type { HealthReport } from "../core/health";
import type { MemberUpdate } from "../core/plan";

/**
 * The one small interface every cloud adapter implements: read the members of one load balancer (or
 * pool), and add, update or remove one batch of them. Adapters translate and classify errors into
 * `CloudError`; they never retry, log, chunk or decide anything.
 */
export interface MemberApi<M> {
  /** What the calls act on, for people: `load balancer lb-abc`. */
  readonly target: string;
  /** The most members one write call may carry. */
  readonly batchSize: number;
  /** The cloud's names for the calls, for progress lines and errors. */
  readonly actions: {
    readonly add: string;
    readonly update: string;
    readonly remove: string;
  };
  /** Every member attached now, or undefined when the load balancer or pool no longer exists. */
  list(): Promise<M[] | undefined>;
  /** Attaches the batch; returns the members as the cloud now has them (with cloud-assigned ids). */
  add(batch: readonly M[]): Promise<M[]>;
  /** Changes weight, description, name... of attached members in place. */
  update(batch: readonly MemberUpdate<M>[]): Promise<void>;
  /** Detaches the batch (members as read from the cloud). */
  remove(batch: readonly M[]): Promise<void>;
  /**
   * Optional: the cloud's health view of the given attached members, and its own connection draining.
   * Absent where the API reports no health per member (ENS). Read-only; may take several calls.
   */
  health?(members: readonly M[]): Promise<HealthReport>;
  /**
   * Optional: the member quotas an add to this target counts against, as the cloud reports them now, for a
   * preview to warn before a change would pass one (runtime/quotaPreview.ts). Absent where no API reports
   * them (CLB, ENS); a quota the cloud reports as unlimited is left out. Read-only; may take several calls.
   */
  memberQuotas?(): Promise<MemberQuota[]>;
}

/** One member quota, as the cloud reports it. */
export interface MemberQuota {
  /** What it counts, for people: `members per pool (members_per_pool)`. */
  readonly counts: string;
  readonly limit: number;
  /** Members it counts now. */
  readonly used: number;
}
