import { chunk } from "./chunk";
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

/**
 * Moves to `reattach` every update whose scope holds another member attached when the update is sent (the
 * plan's additions go first), which it would change too.
 */
function reattachShared<M>(scopeOf: (member: M) => string, actual: readonly M[], plan: Plan<M>): void {
  const attached = new Map<string, number>();
  for (const member of [...actual, ...plan.add])
    attached.set(scopeOf(member), (attached.get(scopeOf(member)) ?? 0) + 1);
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

/** A member's weight where its cloud has one; a member without is taken as serving. */
export function weightOf<M>(member: M): number | undefined {
  const weight = (member as { weight?: unknown }).weight;
  return typeof weight === "number" ? weight : undefined;
}

const serving = <M>(member: M) => weightOf(member) !== 0;

/** The re-attachments of a plan, in the order they can be made without emptying the group. */
export interface ReattachWaves<M> {
  /** Each wave is detached and attached again before the next one starts. */
  waves: MemberUpdate<M>[][];
  /** Re-attachments no wave can take: detaching them would leave nothing serving. Empty when all fit. */
  stuck: MemberUpdate<M>[];
}

/**
 * Splits `plan.reattach` into waves of at most `size` members (members `together` puts in one group stay
 * in one wave, whatever its size: a drain's weight set on one member of an update scope goes to all of
 * them), so that while a wave is detached,
 * the group keeps a member attached and, if one serves (weight above 0) before and after, one serving.
 * What stays attached through a wave: every member not re-attached (members being removed included:
 * they go only after the waves), at the weight the plan's additions and changes gave it, the members of
 * waves before, at their declared weight, and the re-attachments still waiting, at their old weight.
 * A re-attachment that no wave can take (the last serving member of the group) is `stuck`: the plan
 * must be refused before any write.
 */
export function reattachWaves<M>(
  model: MemberModel<M>,
  plan: Plan<M>,
  actual: readonly M[],
  size: number,
  together: (member: M) => string = model.key,
): ReattachWaves<M> {
  if (plan.reattach.length === 0) return { waves: [], stuck: [] };
  const reattaching = new Set(plan.reattach.map((u) => model.key(u.actual)));
  const updated = new Map(plan.update.map((u) => [model.key(u.actual), u.desired]));
  // Attached through every wave: [attached, serving].
  let steady = 0;
  let steadyServing = 0;
  const count = (member: M) => {
    steady++;
    if (serving(member)) steadyServing++;
  };
  for (const member of actual) {
    const key = model.key(member);
    if (!reattaching.has(key)) count(updated.get(key) ?? member);
  }
  for (const member of plan.add) count(member);

  const groups = new Map<string, MemberUpdate<M>[]>();
  for (const u of plan.reattach) {
    const scope = together(u.actual);
    groups.set(scope, [...(groups.get(scope) ?? []), u]);
  }
  let pending = [...groups.values()];
  const servingOf = (us: readonly MemberUpdate<M>[], side: "actual" | "desired") =>
    us.filter((u) => serving(u[side])).length;
  const servesBefore = steadyServing + servingOf(plan.reattach, "actual") > 0;
  const servesAfter = steadyServing + servingOf(plan.reattach, "desired") > 0;
  let done: MemberUpdate<M>[] = [];
  const waves: MemberUpdate<M>[][] = [];

  while (pending.length > 0) {
    const wave: MemberUpdate<M>[][] = [];
    for (const group of pending) {
      const taken = wave.flat().length;
      if (taken > 0 && taken + group.length > size) break;
      const waiting = pending.filter((g) => g !== group && !wave.includes(g)).flat();
      const attached = steady + done.length + waiting.length;
      const left = steadyServing + servingOf(done, "desired") + servingOf(waiting, "actual");
      if (attached === 0 || (servesBefore && servesAfter && left === 0)) continue;
      wave.push(group);
    }
    if (wave.length === 0) return { waves, stuck: pending.flat() };
    waves.push(wave.flat());
    done = [...done, ...wave.flat()];
    pending = pending.filter((g) => !wave.includes(g));
  }
  return { waves, stuck: [] };
}

/**
 * Batches of at most `size` scopes, each scope with all its items, in the order the scopes first appear:
 * one write call names a scope once (one entry for every item of it), so no batch holds a scope twice
 * and none leaves out an item its scope's entry changes. None is empty.
 */
export function chunkScopes<T>(items: readonly T[], size: number, scopeOf: (item: T) => string): T[][][] {
  const scopes = new Map<string, T[]>();
  for (const item of items) {
    const scope = scopeOf(item);
    const members = scopes.get(scope);
    if (members) members.push(item);
    else scopes.set(scope, [item]);
  }
  return chunk([...scopes.values()], size);
}
