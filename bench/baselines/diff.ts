import type { MemberModel } from "../../provider/core/model";

export interface BaselineRequest<M> {
  desired: readonly M[];
  /** What the resource recorded last time (its state). */
  previouslyManaged: readonly M[];
  exclusive: boolean;
}

export interface MemberChanges<M> {
  add: M[];
  /** Declared and attached but different: the declared member and the cloud's. */
  update: { desired: M; actual: M }[];
  /** As the cloud lists them (with the cloud's ids), so a removal can name them. */
  remove: M[];
}

/**
 * The plain set difference a Terraform-style resource computes between its state and the cloud, written
 * here on purpose rather than borrowed from the planner under test, with the same ownership rule: shared
 * mode removes what the resource had and no longer declares, exclusive mode every undeclared member.
 */
export function diffMembers<M>(
  model: MemberModel<M>,
  actual: readonly M[],
  request: BaselineRequest<M>,
): MemberChanges<M> {
  const attached = new Map(actual.map((m) => [model.key(m), m]));
  const declared = new Set(request.desired.map((m) => model.key(m)));
  const changes: MemberChanges<M> = { add: [], update: [], remove: [] };
  for (const desired of request.desired) {
    const found = attached.get(model.key(desired));
    if (!found) changes.add.push(desired);
    else if (model.needsUpdate(desired, found, undefined)) changes.update.push({ desired, actual: found });
  }
  const owned = request.exclusive
    ? [...attached.keys()]
    : request.previouslyManaged.map((m) => model.key(m)).filter((key) => attached.has(key));
  for (const key of owned) if (!declared.has(key)) changes.remove.push(attached.get(key)!);
  return changes;
}

/** Thrown between two calls once a baseline has used its time budget. */
export class BudgetExceeded extends Error {
  constructor(budgetMs: number) {
    super(`stopped after its time budget of ${(budgetMs / 1000).toFixed(0)} s`);
    this.name = "BudgetExceeded";
  }
}

/** A check to call before each request: throws once `budgetMs` have passed since it was made. */
export function deadline(budgetMs: number): () => void {
  const end = performance.now() + budgetMs;
  return () => {
    if (performance.now() > end) throw new BudgetExceeded(budgetMs);
  };
}
