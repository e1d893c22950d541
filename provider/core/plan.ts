import type { MemberModel } from "./model";

export interface ReconcileInput<M> {
  /** The members the stack declares now. */
  desired: readonly M[];
  /** The members the cloud has now. */
  actual: readonly M[];
  /** The members this resource recorded as its own after its last run (empty on create). */
  previouslyManaged: readonly M[];
  /** Exclusive ownership: every undeclared member of the group is removed, not only the ones this resource added. */
  exclusive: boolean;
  /** Identities that must not be removed whatever else holds (claimed by another resource in this deployment). */
  protectedKeys?: ReadonlySet<string>;
}

export interface MemberUpdate<M> {
  desired: M;
  actual: M;
}

export interface Plan<M> {
  /** Declared, not attached. */
  add: M[];
  /** Declared and attached, but different. */
  update: MemberUpdate<M>[];
  /** Declared and attached, but different in a way only a detach and a new attach can change. */
  reattach: MemberUpdate<M>[];
  /** Attached members to detach. */
  remove: M[];
  /**
   * Members to detach that are kept attached: the cloud's remove call would also detach others of the
   * same scope that stay (declared, or attached outside this resource).
   */
  withheld: M[];
  /** Declared and attached as declared: adopted with no call. */
  unchanged: MemberUpdate<M>[];
}

/**
 * Computes the changes that take the cloud from `actual` to `desired`, in time linear in the sizes.
 *
 * Ownership: in shared mode only members this resource managed before and no longer declares are removed,
 * so servers attached by auto scaling, other stacks or by hand stay. Exclusive mode removes every
 * undeclared member.
 */
export function planReconcile<M>(model: MemberModel<M>, input: ReconcileInput<M>): Plan<M> {
  const actualByKey = indexByKey(model, input.actual);
  const previousByKey = indexByKey(model, input.previouslyManaged);
  const desiredKeys = new Set<string>();
  const plan: Plan<M> = { add: [], update: [], reattach: [], remove: [], withheld: [], unchanged: [] };

  for (const desired of input.desired) {
    const key = model.key(desired);
    desiredKeys.add(key);
    const actual = actualByKey.get(key);
    if (actual === undefined) plan.add.push(desired);
    else if (!model.needsUpdate(desired, actual, previousByKey.get(key)))
      plan.unchanged.push({ desired, actual });
    else if (model.reattach?.(desired, actual)) plan.reattach.push({ desired, actual });
    else plan.update.push({ desired, actual });
  }

  // The keys of the members to remove, kept so that nothing is keyed twice (keys are the planner's cost).
  const removing = new Set<string>();
  const remove = (key: string, actual: M | undefined) => {
    if (actual === undefined || desiredKeys.has(key) || input.protectedKeys?.has(key)) return;
    removing.add(key);
    plan.remove.push(actual);
  };
  if (input.exclusive) for (const [key, actual] of actualByKey) remove(key, actual);
  else for (const key of previousByKey.keys()) remove(key, actualByKey.get(key));
  if (model.updateScope) reattachShared(model.updateScope, input.actual, plan);
  if (model.removalScope) withholdShared(model.removalScope, actualByKey, removing, plan);
  return plan;
}

/** Moves to `reattach` every update whose scope holds another attached member, which it would change too. */
function reattachShared<M>(scopeOf: (member: M) => string, actual: readonly M[], plan: Plan<M>): void {
  const attached = new Map<string, number>();
  for (const member of actual) attached.set(scopeOf(member), (attached.get(scopeOf(member)) ?? 0) + 1);
  const shared = (u: MemberUpdate<M>) => (attached.get(scopeOf(u.actual)) ?? 0) > 1;
  plan.reattach.push(...plan.update.filter(shared));
  plan.update = plan.update.filter((u) => !shared(u));
}

/**
 * Moves to `withheld` every removal whose scope holds an attached member that is not being removed: the
 * cloud's call would detach that one too, and a declared or foreign member is never detached.
 */
function withholdShared<M>(
  scopeOf: (member: M) => string,
  actualByKey: ReadonlyMap<string, M>,
  removing: ReadonlySet<string>,
  plan: Plan<M>,
): void {
  if (removing.size === 0) return;
  const staying = new Set<string>();
  for (const [key, member] of actualByKey) if (!removing.has(key)) staying.add(scopeOf(member));
  plan.withheld = plan.remove.filter((m) => staying.has(scopeOf(m)));
  plan.remove = plan.remove.filter((m) => !staying.has(scopeOf(m)));
}

export function indexByKey<M>(model: MemberModel<M>, members: readonly M[]): Map<string, M> {
  const byKey = new Map<string, M>();
  for (const member of members) byKey.set(model.key(member), member);
  return byKey;
}
