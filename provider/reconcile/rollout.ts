import type { MemberApi } from "./memberApi";
import { type MemberHealth, passesGate } from "../core/health";
import type { MemberModel } from "../core/model";
import type { MemberUpdate, Plan } from "../core/plan";
import { type Rollout, removalLimit } from "../core/rollout";
import type { Clock } from "./clock";
import { readHealth } from "./health";
import type { RetryBudget } from "./retry";

/** What a rollout left unfinished, recorded in state so that the next `pulumi up` continues it. */
export interface RolloutProgress {
  /** Members added whose health gate has not passed yet. */
  gating: string[];
  /** Members set to weight 0 for removal, with when that was (epoch ms). */
  draining: Record<string, number>;
}

export const NO_PROGRESS: RolloutProgress = { gating: [], draining: {} };

/** `maxRemovals` refused the plan: nothing was written. */
export class RemovalRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RemovalRefused";
  }
}

/** The added members did not become healthy in time: nothing was removed. */
export class HealthGateTimeout extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HealthGateTimeout";
  }
}

export interface RolloutOptions {
  clock: Clock;
  /** How often health is read while waiting. */
  pollMs: number;
  log: (line: string) => void;
}

/** The moves of one reconcile the rollout needs to see: what it adds and what it is about to remove. */
export interface RemovalStep<M> {
  plan: Plan<M>;
  /** Sends weight changes in batches, through the executor's retries and ledger. */
  setWeights(updates: MemberUpdate<M>[]): Promise<void>;
  budget: RetryBudget;
}

/**
 * One `pulumi up`'s rollout on one load balancer or pool: refuses a plan that removes more than allowed,
 * waits for added members to be healthy before anything is removed, and drains members (weight 0, then a
 * wait) before removing them. What is left unfinished is in `progress()`.
 */
export class RolloutRun<M> {
  private readonly gating: Set<string>;
  private readonly draining: Map<string, number>;

  constructor(
    private readonly model: MemberModel<M>,
    private readonly api: MemberApi<M>,
    private readonly rollout: Rollout,
    private readonly desired: readonly M[],
    /** How many members the resource managed before this run: the base of a `maxRemovals` share. */
    private readonly managedBefore: number,
    recorded: RolloutProgress,
    private readonly options: RolloutOptions,
  ) {
    const declared = new Set(desired.map((m) => model.key(m)));
    this.gating = new Set(recorded.gating.filter((key) => declared.has(key)));
    this.draining = new Map(Object.entries(recorded.draining).filter(([key]) => !declared.has(key)));
  }

  progress(): RolloutProgress {
    return { gating: [...this.gating].sort(), draining: Object.fromEntries([...this.draining].sort()) };
  }

  /** Before any write of a plan: `maxRemovals`. */
  guard(plan: Plan<M>): void {
    const limit = removalLimit(this.rollout.maxRemovals, this.managedBefore);
    if (plan.remove.length <= limit) return;
    throw new RemovalRefused(
      removalRefusal(
        this.rollout.maxRemovals!,
        limit,
        plan.remove.map((m) => this.model.key(m)),
        this.managedBefore,
        this.api.target,
      ),
    );
  }

  /**
   * Members attached (or perhaps attached) by this run: gated from the moment they are sent, so that a
   * fault later in the run, whose re-read leaves them out of the next plan's additions, cannot skip
   * their gate.
   */
  added(members: readonly M[]): void {
    if (!this.rollout.healthGate) return;
    for (const member of members) this.gating.add(this.model.key(member));
  }

  /** After additions and in-place changes, before removals: the health gate, then the drain. */
  async beforeRemoval(step: RemovalStep<M>): Promise<void> {
    if (this.rollout.healthGate) await this.gate(step.budget);
    if (this.rollout.drainSeconds !== undefined && step.plan.remove.length > 0) await this.drain(step);
  }

  private async gate(budget: RetryBudget): Promise<void> {
    const members = this.desired.filter((m) => this.gating.has(this.model.key(m)));
    if (members.length === 0) return;
    const { timeoutSeconds, minHealthyRatio } = this.rollout.healthGate!;
    const { clock, pollMs, log } = this.options;
    const needed = Math.ceil(minHealthyRatio * members.length - 1e-9);
    const started = clock.now();
    let said = -1;
    for (;;) {
      const report = await readHealth(this.model, this.api, members, budget);
      const healthy = members.filter((m) => passesGate(report.members.get(this.model.key(m))));
      const waited = Math.round((clock.now() - started) / 1000);
      if (healthy.length >= needed) {
        log(
          `health gate ${this.api.target}: ${healthy.length} of ${members.length} added members healthy after ${waited} s`,
        );
        this.gating.clear();
        budget.renew();
        return;
      }
      if (clock.now() - started >= timeoutSeconds * 1000) {
        throw new HealthGateTimeout(
          gateTimeout(
            this.api.target,
            members.length,
            healthy.length,
            needed,
            timeoutSeconds,
            this.unhealthy(members, report.members),
          ),
        );
      }
      if (healthy.length !== said) {
        log(
          `health gate ${this.api.target}: ${healthy.length} of ${members.length} added members healthy, ${needed} needed; waiting up to ${timeoutSeconds} s`,
        );
        said = healthy.length;
      }
      await clock.sleep(Math.max(0, Math.min(pollMs, started + timeoutSeconds * 1000 - clock.now())));
    }
  }

  private unhealthy(members: readonly M[], health: ReadonlyMap<string, MemberHealth>): string[] {
    return members
      .map((m) => [this.model.key(m), health.get(this.model.key(m))] as const)
      .filter(([, h]) => !passesGate(h))
      .map(([key, h]) => `${key} ${h?.state ?? "checking"} (${h?.reported ?? "not reported"})`);
  }

  /**
   * Weight 0 first (members already at 0 are not sent again), then the rest of the drain period, counted
   * from when each member was first set to 0 (recorded in state across runs). The load balancer's own
   * connection draining keeps serving a removed member's open connections for its timeout, so that much
   * of the period is left to it.
   */
  private async drain(step: RemovalStep<M>): Promise<void> {
    const { clock, log } = this.options;
    const remove = step.plan.remove;
    const weighted = (m: M) => (m as { weight?: number }).weight;
    const toZero = remove.filter((m) => weighted(m) !== 0);
    const now = clock.now();
    for (const member of remove) {
      const key = this.model.key(member);
      // A member found at weight 0 with no record (a run killed after setting it) drains from now on.
      if (weighted(member) === 0 && !this.draining.has(key)) this.draining.set(key, now);
    }
    if (toZero.length > 0) {
      await step.setWeights(toZero.map((actual) => ({ actual, desired: { ...actual, weight: 0 } })));
      // The drain counts from when the cloud confirmed weight 0, not from before the request was sent;
      // a member found above 0 (someone put its weight back) starts its drain again.
      const zeroed = clock.now();
      for (const member of toZero) this.draining.set(this.model.key(member), zeroed);
    }
    const drainMs = this.rollout.drainSeconds! * 1000;
    const cloudDrainMs =
      drainMs > 0
        ? (await readHealth(this.model, this.api, remove, step.budget)).connectionDrainSeconds * 1000
        : 0;
    const since = Math.min(...remove.map((m) => this.draining.get(this.model.key(m))!));
    const until =
      Math.max(...remove.map((m) => this.draining.get(this.model.key(m))!)) + drainMs - cloudDrainMs;
    const wait = Math.max(0, until - clock.now());
    log(
      `drain ${this.api.target}: ${remove.length} ${remove.length === 1 ? "member" : "members"} at weight 0 since ` +
        `${new Date(since).toISOString()}, removing in ${Math.ceil(wait / 1000)} s` +
        (cloudDrainMs > 0
          ? ` (the load balancer's own connection drain covers the last ${cloudDrainMs / 1000} s)`
          : ""),
    );
    if (wait > 0) await clock.sleep(wait);
    step.budget.renew();
  }

  /** Removed members no longer drain. */
  removed(members: readonly M[]): void {
    for (const member of members) this.draining.delete(this.model.key(member));
  }
}

export function removalRefusal(
  maxRemovals: number | string,
  limit: number,
  keys: readonly string[],
  managed: number,
  target: string,
): string {
  const shown =
    keys.length > 20 ? `${keys.slice(0, 20).join(", ")} and ${keys.length - 20} more` : keys.join(", ");
  return (
    `rollout.maxRemovals ${JSON.stringify(maxRemovals)} allows ${limit} removal${limit === 1 ? "" : "s"} ` +
    `(of ${managed} managed members) from ${target}, and this change would remove ${keys.length}: ${shown}. ` +
    `Nothing was changed. Remove fewer members per pulumi up, or raise maxRemovals`
  );
}

function gateTimeout(
  target: string,
  total: number,
  healthy: number,
  needed: number,
  timeoutSeconds: number,
  unhealthy: string[],
): string {
  return (
    `health gate ${target}: after ${timeoutSeconds} s, ${healthy} of ${total} added members are healthy and ` +
    `${needed} are needed; not healthy: ${unhealthy.join(", ")}. Nothing was removed: the old and the new ` +
    `members all stay attached. Run pulumi up again to keep waiting`
  );
}
