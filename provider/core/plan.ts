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
  /** Attached members to detach. */
  remove: M[];
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
  const plan: Plan<M> = { add: [], update: [], remove: [], unchanged: [] };

  for (const desired of input.desired) {
    const key = model.key(desired);
    desiredKeys.add(key);
    const actual = actualByKey.get(key);
    if (actual === undefined) plan.add.push(desired);
    else if (model.needsUpdate(desired, actual, previousByKey.get(key)))
      plan.update.push({ desired, actual });
    else plan.unchanged.push({ desired, actual });
  }

  const removable = (key: string) => !desiredKeys.has(key) && !input.protectedKeys?.has(key);
  if (input.exclusive) {
    for (const [key, actual] of actualByKey) if (removable(key)) plan.remove.push(actual);
  } else {
    for (const key of previousByKey.keys()) {
      const actual = actualByKey.get(key);
      if (actual !== undefined && removable(key)) plan.remove.push(actual);
    }
  }
  return plan;
}

export function indexByKey<M>(model: MemberModel<M>, members: readonly M[]): Map<string, M> {
  const byKey = new Map<string, M>();
  for (const member of members) byKey.set(model.key(member), member);
  return byKey;
}
