import type { HealthReport } from "../core/health";
import type { MemberUpdate } from "../core/plan";

/** The three kinds of write, by the name the executor gives them. */
export type WriteKind = "add" | "update" | "remove";

/**
 * A write an asynchronous API accepted and is still applying (ALB and NLB answer with a JobId and apply
 * the change in the background): what the executor follows until the cloud says it is done
 * (`completion.ts`).
 */
export interface Job {
  /** For people and errors: `job 72dcd26b-f12d-4c27-b3af-18f6aed5`. */
  readonly id: string;
  /**
   * One read of where the write stands: true once the cloud reports it done. A write the cloud reports
   * failed is thrown as a `CloudError`; a read that fails is retried like any read.
   */
  done(): Promise<boolean>;
}

/** What the executor gives each write call of an asynchronous API. */
export interface WriteOptions {
  /**
   * The idempotency token (`ClientToken`) of this batch: the same for every attempt at the same batch, so
   * a retried write the cloud did apply is answered with the first attempt's job, not applied twice.
   */
  clientToken: string;
}

/** How an asynchronous API's writes are followed to completion: how often, and for how long at most. */
export interface CompletionTiming {
  /** The least wait before each read of a job's status (reads are also paced by the API's read quota). */
  pollMs: number;
  /** A job not done after this long is given up on: its members are read again, as after a time-out. */
  timeoutMs: number;
}

/**
 * The one small interface every cloud adapter implements: read the members of one load balancer (or
 * pool), and add, update or remove one batch of them. Adapters translate and classify errors into
 * `CloudError`; they never retry, log, chunk or decide anything.
 *
 * An asynchronous API (one whose writes return before they are applied) sets `completion` and returns a
 * `Job` from each write; the executor then waits for every job (`completion.ts`) before it counts the
 * write as done, and gives each batch an idempotency token.
 */
export interface MemberApi<M> {
  /** What the calls act on, for people: `load balancer lb-abc`. */
  readonly target: string;
  /** The most members one write call may carry. */
  readonly batchSize: number;
  /** Where one kind of write takes fewer members per call than `batchSize` (ALB's update: 40). */
  readonly batchSizes?: Partial<Record<WriteKind, number>>;
  /** The cloud's names for the calls, for progress lines and errors. */
  readonly actions: Readonly<Record<WriteKind, string>>;
  /** Every member attached now, or undefined when the load balancer or pool no longer exists. */
  list(): Promise<M[] | undefined>;
  /**
   * Attaches the batch; returns the members as the cloud now has them (with cloud-assigned ids), or, on
   * an asynchronous API, the job that attaches them.
   */
  add(batch: readonly M[], write?: WriteOptions): Promise<M[] | Job>;
  /** Changes weight, description, name... of attached members in place. */
  update(batch: readonly MemberUpdate<M>[], write?: WriteOptions): Promise<void | Job>;
  /** Detaches the batch (members as read from the cloud). */
  remove(batch: readonly M[], write?: WriteOptions): Promise<void | Job>;
  /**
   * Optional: the cloud's health view of the given attached members, and its own connection draining.
   * Absent where the API reports no health per member (ENS). Read-only; may take several calls.
   */
  health?(members: readonly M[]): Promise<HealthReport>;
  /** Set by asynchronous APIs, whose writes return a `Job`. */
  readonly completion?: CompletionTiming;
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

/** A member API whose writes are done when they return: every synchronous adapter, and what the executor drives. */
export interface SyncMemberApi<M> extends Omit<MemberApi<M>, "add" | "update" | "remove" | "completion"> {
  add(batch: readonly M[]): Promise<M[]>;
  update(batch: readonly MemberUpdate<M>[]): Promise<void>;
  remove(batch: readonly M[]): Promise<void>;
}

/** The most members one `kind` of write carries per call. */
export const batchSizeOf = (api: Pick<MemberApi<unknown>, "batchSize" | "batchSizes">, kind: WriteKind) =>
  api.batchSizes?.[kind] ?? api.batchSize;
