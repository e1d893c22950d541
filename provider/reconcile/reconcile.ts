import { batchSizeOf, type MemberApi, type SyncMemberApi, type WriteKind } from "./memberApi";
import type { MemberModel } from "../core/model";
import { labelOf } from "../core/model";
import { chunkScopes, type MemberUpdate, type Plan, planReconcile, reattachWaves } from "../core/plan";
import { CloudError } from "./cloudError";
import { settledWrites } from "./completion";
import { Ledger } from "./ledger";
import { PlanRefused } from "./refusal";
import { anyButPermanent, onlyTransient, type RetryBudget } from "./retry";
import type { RolloutRun } from "./rollout";

export interface ReconcileRequest<M> {
  desired: readonly M[];
  /** What this resource owned after its last run: from state, empty on create. */
  previouslyManaged: readonly M[];
  exclusive: boolean;
  /** Never removed: members another resource of this deployment declares. */
  protectedKeys?: ReadonlySet<string>;
}

export interface ReconcileOptions<M = unknown> {
  budget: RetryBudget;
  /** One line per write batch. */
  log: (line: string) => void;
  /** With `rollout`: guards each plan before its first write, and runs between changes and removals. */
  rollout?: RolloutRun<M>;
}

export interface ReconcileOutcome<M> {
  /** The members this resource owns now, as recorded in state. */
  managed: M[];
}

/** A reconcile that stopped midway: the cause, and the members owned at that point. */
export class ReconcileFailure<M> extends Error {
  constructor(
    override readonly cause: unknown,
    readonly managed: M[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "ReconcileFailure";
  }
}

/** The load balancer or pool does not exist (any more). */
export class TargetGone extends Error {
  constructor(target: string) {
    super(`${target} does not exist`);
    this.name = "TargetGone";
  }
}

/**
 * Takes the cloud from what it has to what is declared: one read, then add, update, re-attach, remove in
 * that order (a group is never emptied on the way to a non-empty set), each in ceil(n/batch) calls.
 *
 * Transient errors are retried in place. A call whose outcome is unknown (time-out) or whose plan went
 * stale (someone else changed the members) is followed by a fresh read and a new plan for what remains,
 * so a retry never repeats what did succeed.
 */
export async function reconcile<M>(
  model: MemberModel<M>,
  api: MemberApi<M>,
  request: ReconcileRequest<M>,
  options: ReconcileOptions<M>,
): Promise<ReconcileOutcome<M>> {
  const { budget } = options;
  const read = async () => {
    const actual = await budget.run(() => api.list(), anyButPermanent);
    if (actual === undefined) throw new TargetGone(api.target);
    return actual;
  };

  // An asynchronous API's writes count as done when the cloud says so (completion.ts).
  const writes = settledWrites(api, options);
  let actual = await read();
  const ledger = new Ledger(model);
  ledger.start(request.previouslyManaged, request.desired, actual);
  // Members another resource declares and this one no longer does are handed over: never removed,
  // no longer owned.
  if (request.protectedKeys) {
    const declared = new Set(request.desired.map((m) => model.key(m)));
    ledger.release([...request.protectedKeys].filter((key) => !declared.has(key)));
  }
  // The plan "stale" refusals were answered to, and how many times in a row. A fresh read that leaves the
  // plan as it was means the cloud did not change: that plan is sent once more (a read may lag behind a
  // write), and refused twice it is reported: the refusal was not about staleness after all.
  let refused: { plan: string; times: number } | undefined;

  for (let round = 1; ; round++) {
    const plan = planReconcile(model, {
      desired: request.desired,
      actual,
      previouslyManaged: ledger.members(),
      exclusive: request.exclusive,
      protectedKeys: request.protectedKeys,
    });
    try {
      await apply(model, writes, plan, actual, ledger, options);
      return { managed: ledger.members() };
    } catch (error) {
      // Only a refused plan needs its signature (a JSON text of every member it changes).
      const signature = error instanceof CloudError && error.retry === "stale" ? planSignature(plan) : "";
      refused =
        error instanceof CloudError && error.retry === "stale"
          ? { plan: signature, times: refused?.plan === signature ? refused.times + 1 : 1 }
          : undefined;
      if (refused && refused.times >= STALE_SAME_PLAN_LIMIT)
        throw new ReconcileFailure(error, ledger.members());
      try {
        await budget.backoff(error, round, (e) => e.retry === "uncertain" || e.retry === "stale");
        actual = await read();
      } catch (final) {
        // Gone is an answer, not a failure midway: the caller decides what it means (delete: done).
        if (final instanceof TargetGone) throw final;
        throw new ReconcileFailure(final, ledger.members());
      }
      ledger.observe(actual);
      ledger.adopt(request.desired, actual);
    }
  }
}

/** How many times one plan may be refused as "stale" before the refusal is reported. */
const STALE_SAME_PLAN_LIMIT = 2;

/** What a plan would send, in order: two plans with the same signature make the same calls. */
function planSignature<M>(plan: Plan<M>): string {
  return JSON.stringify([plan.add, plan.update.map((u) => u.desired), plan.remove]);
}

async function apply<M>(
  model: MemberModel<M>,
  api: SyncMemberApi<M>,
  plan: Plan<M>,
  actual: readonly M[],
  ledger: Ledger<M>,
  { budget, log, rollout }: ReconcileOptions<M>,
): Promise<void> {
  // Checked before any write: re-attachments that keep the group serving, then the rollout's limits. A
  // drain's weight 0 names a whole update scope, so the members of one are then re-attached together.
  const { waves, stuck } = reattachWaves(
    model,
    plan,
    actual,
    Math.min(batchSizeOf(api, "remove"), batchSizeOf(api, "add")),
    rollout?.drains ? model.updateScope : undefined,
  );
  if (stuck.length > 0) throw new PlanRefused(reattachRefusal(model, api, stuck));
  rollout?.guard(plan, waves, actual);
  // Each write names a member by its scope (`updateScope`, `removalScope`; else its key): one entry per
  // scope, however many of its members the batch changes, so that no call names a member twice.
  const scopes: Record<WriteKind, (member: M) => string> = {
    add: model.key,
    update: model.updateScope ?? model.key,
    remove: model.removalScope ?? model.key,
  };
  const run = async <T>(
    kind: WriteKind,
    items: T[],
    memberOf: (item: T) => M,
    send: (named: T[], batch: T[]) => Promise<void>,
    onUncertain: (batch: T[]) => void,
    action = api.actions[kind],
  ) => {
    const batches = chunkScopes(items, batchSizeOf(api, kind), (item) => scopes[kind](memberOf(item)));
    for (const [i, groups] of batches.entries()) {
      const named = groups.map((group) => group[0]);
      const batch = groups.flat();
      log(
        `${action} ${api.target}: batch ${i + 1}/${batches.length}, ${named.length} ${named.length === 1 ? "server" : "servers"}`,
      );
      try {
        await budget.run(() => send(named, batch), onlyTransient);
      } catch (error) {
        if (error instanceof CloudError && error.retry === "uncertain") onUncertain(batch);
        throw error;
      }
    }
  };
  const setWeights = (updates: MemberUpdate<M>[]) =>
    run(
      "update",
      updates,
      (u) => u.actual,
      async (named, batch) => {
        await api.update(named);
        ledger.attached(batch.map((u) => model.settled(u.desired, u.actual)));
      },
      () => {},
    );

  await run(
    "add",
    plan.add,
    (m) => m,
    async (batch) => {
      const added = await api.add(batch);
      const byKey = new Map(added.map((m) => [model.key(m), m]));
      ledger.attached(batch.map((d) => model.settled(d, byKey.get(model.key(d)))));
      rollout?.added(batch);
    },
    // It may have been attached: own it, so that it is not left behind if it is undeclared later.
    (batch) => {
      ledger.attached(batch.map((d) => model.settled(d, undefined)));
      rollout?.added(batch);
    },
  );
  // A plan's updates hold one member per update scope (planReconcile re-attaches the others); a drain's
  // weight 0 goes to all the members of a scope it names, which it drains together (RolloutRun.guard).
  await setWeights(plan.update);
  const step = { budget, setWeights };
  // A difference Set cannot make: drained (with a rollout), detached, then attached again with the
  // declared fields, wave by wave, so that the group keeps serving members meanwhile.
  for (const wave of waves) {
    await rollout?.beforeDetach(
      wave.map((u) => u.actual),
      step,
      true,
    );
    await run(
      "remove",
      wave,
      (u) => u.actual,
      async (named, items) => {
        await api.remove(named.map((u) => u.actual));
        ledger.detached(items.map((u) => u.actual));
      },
      () => {},
      `${api.actions.remove} (re-attach)`,
    );
    await run(
      "add",
      wave,
      (u) => u.desired,
      async (items) => {
        const added = await api.add(items.map((u) => u.desired));
        const byKey = new Map(added.map((m) => [model.key(m), m]));
        ledger.attached(items.map((u) => model.settled(u.desired, byKey.get(model.key(u.desired)))));
        rollout?.reattached(items.map((u) => u.desired));
      },
      (items) => {
        ledger.attached(items.map((u) => model.settled(u.desired, undefined)));
        rollout?.reattached(items.map((u) => u.desired));
      },
      `${api.actions.add} (re-attach)`,
    );
  }
  await rollout?.beforeDetach(plan.remove, step);
  // A removal scope's entry detaches every member of it: the plan removes them all, or none (withheld).
  await run(
    "remove",
    plan.remove,
    (m) => m,
    async (named, batch) => {
      await api.remove(named);
      ledger.detached(batch);
      rollout?.removed(batch);
    },
    () => {},
  );
  // Declared members that needed no call are recorded as declared.
  ledger.attached(plan.unchanged.map((u) => model.settled(u.desired, u.actual)));
  if (plan.withheld.length > 0) throw withheldError(model, api, plan.withheld);
}

/** Re-attachments that would leave the group with nothing serving: refused before any write. */
function reattachRefusal<M>(
  model: MemberModel<M>,
  api: Pick<MemberApi<M>, "actions" | "target">,
  stuck: readonly MemberUpdate<M>[],
): string {
  const changes = stuck.map((u) => `${labelOf(model, u.actual)} -> ${labelOf(model, u.desired)}`).join(", ");
  return (
    `${changes} on ${api.target}: ${api.actions.update} cannot make this change in place, so the member is ` +
    `detached and attached again, and no other member would serve while it is. Nothing was changed. ` +
    `Declare another member beside it for this change (members are added first, and the group keeps ` +
    `serving), or make the change outside Pulumi`
  );
}

/**
 * Members kept attached because the cloud cannot detach them alone: reported once everything else is
 * applied, as a permanent error, so the run fails visibly and the next one tries again.
 */
function withheldError<M>(
  model: MemberModel<M>,
  api: Pick<MemberApi<M>, "actions" | "target">,
  withheld: readonly M[],
): CloudError {
  const names = withheld.map((m) => model.key(m)).join(", ");
  return new CloudError({
    action: api.actions.remove,
    target: api.target,
    code: "NotDetachedAlone",
    message:
      `${names} not detached: ${api.actions.remove} names a server, not one of its IPs, so it would also ` +
      `detach the server's other IPs, which stay attached (declared, or attached outside this resource). ` +
      `Detach the IP outside Pulumi, or stop declaring every IP of that server in the same change ` +
      `(possible only when no one else attached the others)`,
    retry: "permanent",
  });
}
