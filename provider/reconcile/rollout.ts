import type { MemberApi } from "./memberApi";
import { type MemberHealth, passesGate } from "../core/health";
import type { MemberModel } from "../core/model";
import { type MemberUpdate, type Plan, weightOf } from "../core/plan";
import { type Rollout, removalLimit } from "../core/rollout";
import type { Clock } from "./clock";
import { readHealth } from "./health";
import { PlanRefused } from "./refusal";
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
export class RemovalRefused extends PlanRefused {
  constructor(message: string) {
    super(message);
    this.name = "RemovalRefused";
  }
}

/** The added members did not become healthy in time, or cannot: nothing was removed. */
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
  /** The run deletes the resource: a refusal says how to get past it for a delete. */
  deleting?: boolean;
}

/** What the rollout needs of the executor to detach members: weight changes, and the retries' budget. */
export interface DetachStep<M> {
  /** Sends weight changes in batches, through the executor's retries and ledger. */
  setWeights(updates: MemberUpdate<M>[]): Promise<void>;
  budget: RetryBudget;
}

/**
 * One `pulumi up`'s (or delete's) rollout on one load balancer or pool: refuses a plan that detaches more
 * than allowed, or that it could not drain member by member; waits for added members to be healthy
 * before anything is detached; and drains members (weight 0, then a wait) before detaching them, whether
 * for good or to attach them again. What is left unfinished is in `progress()`.
 *
 * The gate is the cloud's view, not this process's: every declared member the recorded state did not own
 * is gated, whoever attached it, so a run that died while waiting (nothing of it recorded) leaves the next
 * one to wait for the same members, not to find them attached and go on.
 */
export class RolloutRun<M> {
  private readonly gating: Set<string>;
  private readonly draining: Map<string, number>;
  private readonly declared: Set<string>;
  /** Declared members drained in this run to be attached again, until they are. */
  private readonly reattaching = new Set<string>();
  /** A delete's members that cannot be set to weight 0 alone: removed without their drain. */
  private readonly undrainable = new Set<string>();
  /** How many members the resource managed before this run: the base of a `maxRemovals` share. */
  private readonly managedBefore: number;

  constructor(
    private readonly model: MemberModel<M>,
    private readonly api: MemberApi<M>,
    private readonly rollout: Rollout,
    private readonly desired: readonly M[],
    /** What the resource owned after its last recorded run. */
    previouslyManaged: readonly M[],
    recorded: RolloutProgress,
    private readonly options: RolloutOptions,
  ) {
    this.declared = new Set(desired.map((m) => model.key(m)));
    this.managedBefore = previouslyManaged.length;
    const owned = new Set(previouslyManaged.map((m) => model.key(m)));
    // What an earlier run left gated stays gated until a gate passes, through runs without a gate and
    // while it is given up but still attached (declared again, it is not a member whose gate passed).
    this.gating = new Set([
      ...recorded.gating.filter((key) => this.declared.has(key) || owned.has(key)),
      ...(rollout.healthGate ? [...this.declared].filter((key) => !owned.has(key)) : []),
    ]);
    this.draining = new Map(Object.entries(recorded.draining));
  }

  /** Whether members are drained before they are detached. */
  get drains(): boolean {
    return this.rollout.drainSeconds !== undefined;
  }

  progress(): RolloutProgress {
    const draining = [...this.draining].filter(
      ([key]) => !this.declared.has(key) || this.reattaching.has(key),
    );
    return { gating: [...this.gating].sort(), draining: Object.fromEntries(draining.sort()) };
  }

  /**
   * Before any write of a plan: `maxRemovals`, counting re-attachments (each detaches a member for a
   * while), and, with `drainSeconds`, that every weight 0 the drain will send changes only members
   * drained together (a cloud whose update names a whole server cannot drain one of its IPs alone).
   */
  guard(plan: Plan<M>, waves: readonly MemberUpdate<M>[][], actual: readonly M[]): void {
    const key = (m: M) => this.model.key(m);
    const detached = [...plan.remove.map(key), ...waves.flat().map((u) => `${key(u.actual)} (re-attached)`)];
    const limit = removalLimit(this.rollout.maxRemovals, this.managedBefore);
    if (detached.length > limit) {
      throw new RemovalRefused(
        removalRefusal(
          this.rollout.maxRemovals!,
          limit,
          detached,
          this.managedBefore,
          this.api.target,
          this.options.deleting ? DELETING : CHANGING,
        ),
      );
    }
    if (this.rollout.drainSeconds === undefined || !this.model.updateScope) return;
    // What may be attached when a weight 0 is sent: the members there now, those the plan adds first, and
    // each changed one at its old and new weight.
    const present = [
      ...actual,
      ...plan.add,
      ...plan.update.map((u) => u.desired),
      ...plan.reattach.map((u) => u.desired),
    ];
    for (const drained of [plan.remove, ...waves.map((w) => w.map((u) => u.actual))])
      this.guardScopes(drained, present, this.model.updateScope);
  }

  /**
   * Every member `drained` whose weight 0 would also go to an attached member of its update scope that
   * is not drained with it (and serves). An update refuses the plan; a delete, which no change of the
   * program could let through, removes such members without their drain, and says so.
   */
  private guardScopes(drained: readonly M[], present: readonly M[], scopeOf: (m: M) => string): void {
    const keys = new Set(drained.map((m) => this.model.key(m)));
    const scopes = new Set(drained.filter((m) => weightOf(m) !== 0).map(scopeOf));
    const spared = present.filter(
      (m) => scopes.has(scopeOf(m)) && !keys.has(this.model.key(m)) && weightOf(m) !== 0,
    );
    if (spared.length === 0) return;
    const staying = new Set(spared.map(scopeOf));
    const alone = drained.filter((m) => staying.has(scopeOf(m)) && weightOf(m) !== 0);
    if (this.options.deleting) {
      for (const member of alone) this.undrainable.add(this.model.key(member));
      return;
    }
    const scope = scopeOf(spared[0]);
    const named = alone.filter((m) => scopeOf(m) === scope).map((m) => this.model.key(m));
    const others = spared.filter((m) => scopeOf(m) === scope).map((m) => this.model.key(m));
    throw new PlanRefused(
      `rollout.drainSeconds: ${named.join(", ")} cannot be drained alone on ${this.api.target}: ` +
        `${this.api.actions.update} names ${scope} as a whole, so weight 0 would also go to ` +
        `${others.join(", ")}, which ${others.length === 1 ? "stays" : "stay"} attached. Nothing was changed. ` +
        `Detach or change every attached member of ${scope} in one change, or leave drainSeconds out of ` +
        `rollout for this change`,
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

  /** Members detached and attached again: no longer draining, gated like any member added. */
  reattached(members: readonly M[]): void {
    for (const member of members) {
      this.draining.delete(this.model.key(member));
      this.reattaching.delete(this.model.key(member));
    }
    this.added(members);
  }

  /**
   * Before members are detached (removed, or detached to be attached again): the health gate for what
   * was added, then the drain of `members`. The gate runs even with nothing to detach: a run that adds
   * members ends once they are healthy.
   */
  async beforeDetach(members: readonly M[], step: DetachStep<M>, reattach = false): Promise<void> {
    if (this.rollout.healthGate) await this.gate(step.budget);
    if (this.rollout.drainSeconds !== undefined && members.length > 0)
      await this.drain(members, step, reattach);
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
        for (const member of members) this.gating.delete(this.model.key(member));
        budget.renew();
        return;
      }
      const lost = members.filter((m) => report.members.get(this.model.key(m))?.final === true);
      if (members.length - lost.length < needed) {
        throw new HealthGateTimeout(
          gateLost(this.api.target, members.length, needed, this.describe(lost, report.members)),
        );
      }
      if (clock.now() - started >= timeoutSeconds * 1000) {
        throw new HealthGateTimeout(
          gateTimeout(
            this.api.target,
            members.length,
            healthy.length,
            needed,
            timeoutSeconds,
            this.describe(
              members.filter((m) => !passesGate(report.members.get(this.model.key(m)))),
              report.members,
            ),
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

  private describe(members: readonly M[], health: ReadonlyMap<string, MemberHealth>): string[] {
    return members
      .map((m) => [this.model.key(m), health.get(this.model.key(m))] as const)
      .map(([key, h]) => `${key} ${h?.state ?? "checking"} (${h?.reported ?? "not reported"})`);
  }

  /**
   * Weight 0 first (members already at 0 are not sent again), then the rest of the drain period, counted
   * from when each member was first set to 0 (recorded in state across runs). The load balancer's own
   * connection draining keeps serving a removed member's open connections for its timeout, so that much
   * of the period is left to it.
   */
  private async drain(detached: readonly M[], step: DetachStep<M>, reattach: boolean): Promise<void> {
    const { clock, log } = this.options;
    const undrainable = detached.filter((m) => this.undrainable.has(this.model.key(m)));
    if (undrainable.length > 0) {
      log(
        `drain ${this.api.target}: ${undrainable.map((m) => this.model.key(m)).join(", ")} cannot be set to ` +
          `weight 0 alone (${this.api.actions.update} would change members that stay): removed without a drain`,
      );
    }
    const members = detached.filter((m) => !this.undrainable.has(this.model.key(m)));
    if (members.length === 0) return;
    const toZero = members.filter((m) => weightOf(m) !== 0);
    const now = clock.now();
    for (const member of members) {
      const key = this.model.key(member);
      if (reattach) this.reattaching.add(key);
      // A member found at weight 0 with no record (a run killed after setting it) drains from now on.
      if (weightOf(member) === 0 && !this.draining.has(key)) this.draining.set(key, now);
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
        ? (await readHealth(this.model, this.api, members, step.budget)).connectionDrainSeconds * 1000
        : 0;
    const since = Math.min(...members.map((m) => this.draining.get(this.model.key(m))!));
    const until =
      Math.max(...members.map((m) => this.draining.get(this.model.key(m))!)) + drainMs - cloudDrainMs;
    const wait = Math.max(0, until - clock.now());
    log(
      `drain ${this.api.target}: ${members.length} ${members.length === 1 ? "member" : "members"} at weight 0 since ` +
        `${new Date(since).toISOString()}, ${reattach ? "detaching to attach again" : "removing"} in ${Math.ceil(wait / 1000)} s` +
        (cloudDrainMs > 0
          ? ` (the load balancer's own connection drain covers the last ${cloudDrainMs / 1000} s)`
          : ""),
    );
    if (wait > 0) await clock.sleep(wait);
    step.budget.renew();
  }

  /** Removed members no longer drain, nor wait for a gate. */
  removed(members: readonly M[]): void {
    for (const member of members) {
      this.draining.delete(this.model.key(member));
      this.gating.delete(this.model.key(member));
    }
  }
}

/** What a refusal says was asked, and the way out. */
export interface RefusalWording {
  verb: string;
  advice: string;
}

export const CHANGING: RefusalWording = {
  verb: "this change would remove",
  advice: "Remove fewer members per pulumi up, or raise maxRemovals",
};

export const DELETING: RefusalWording = {
  verb: "deleting this attachment would remove",
  advice:
    'To delete it, first raise rollout.maxRemovals (to "100%", say) or leave it out, and run pulumi up ' +
    "with the attachment still declared; then delete it (pulumi destroy, or remove it from the program)",
};

export function removalRefusal(
  maxRemovals: number | string,
  limit: number,
  keys: readonly string[],
  managed: number,
  target: string,
  wording: RefusalWording = CHANGING,
): string {
  const shown =
    keys.length > 20 ? `${keys.slice(0, 20).join(", ")} and ${keys.length - 20} more` : keys.join(", ");
  return (
    `rollout.maxRemovals ${JSON.stringify(maxRemovals)} allows ${limit} removal${limit === 1 ? "" : "s"} ` +
    `(of ${managed} managed members) from ${target}, and ${wording.verb} ${keys.length}: ${shown}. ` +
    `Nothing was changed. ${wording.advice}`
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

function gateLost(target: string, total: number, needed: number, lost: string[]): string {
  const one = lost.length === 1;
  return (
    `health gate ${target}: ${lost.join(", ")} cannot become healthy: the cloud reports ` +
    `${one ? "its server" : "their servers"} stopped or gone, so at most ${total - lost.length} of ${total} ` +
    `added members can be healthy and ${needed} are needed. Nothing was removed: the old and the new ` +
    `members all stay attached. Start the server${one ? "" : "s"}, or stop declaring ${one ? "it" : "them"}, ` +
    `then run pulumi up again`
  );
}
