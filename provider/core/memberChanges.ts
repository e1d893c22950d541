import { indexByKey, planReconcile } from "./plan";
import { labelOf, type MemberModel } from "./model";

/** One member as a review of a change names it: by the label it is recorded under. */
export interface MemberChange {
  /** The member's label: its key in the recorded outputs and in the checked inputs. */
  label: string;
  kind: "add" | "remove" | "update";
  /** For an update: the fields that change and matter; empty when no single field says it. */
  fields: string[];
  /** True when the cloud differs and the declaration does not: detached, changed or left behind there. */
  drift: boolean;
}

export interface MemberChangesInput<M> {
  /** The members recorded as this resource's own by its last `pulumi up` (old outputs). */
  recorded: readonly M[];
  /** The members declared now (checked inputs, every one known). */
  desired: readonly M[];
  exclusive: boolean;
  /** What the cloud has now, when the diff read it, and the members other resources of the run declare. */
  cloud?: { actual: readonly M[]; protectedKeys: ReadonlySet<string> };
}

/**
 * The members a change adds, removes or changes, one entry each, as a reviewer reads them: first what the
 * program changes against the recorded state, then what the cloud has drifted to that the next
 * `pulumi up` undoes (the same plan `reconcile` runs: a member the plan leaves alone is no entry).
 */
export function memberChanges<M>(model: MemberModel<M>, input: MemberChangesInput<M>): MemberChange[] {
  const changes = new Map<string, MemberChange>();
  const put = (change: MemberChange) => {
    if (!changes.has(change.label)) changes.set(change.label, change);
  };
  const recordedByKey = indexByKey(model, input.recorded);
  const desiredKeys = new Set<string>();
  for (const desired of input.desired) {
    const key = model.key(desired);
    desiredKeys.add(key);
    const label = labelOf(model, desired);
    const recorded = recordedByKey.get(key);
    if (recorded === undefined) put({ label, kind: "add", fields: [], drift: false });
    else if (!model.needsUpdate(desired, recorded, recorded)) continue;
    else if (labelOf(model, recorded) !== label) {
      // Recorded under another label (an ENS port): the member leaves and comes back, as it will.
      put({ label: labelOf(model, recorded), kind: "remove", fields: [], drift: false });
      put({ label, kind: "add", fields: [], drift: false });
    } else
      put({
        label,
        kind: "update",
        fields: fieldsThatMatter(model, recorded, desired, recorded),
        drift: false,
      });
  }
  for (const [key, recorded] of recordedByKey) {
    if (!desiredKeys.has(key))
      put({ label: labelOf(model, recorded), kind: "remove", fields: [], drift: false });
  }
  if (input.cloud === undefined) return [...changes.values()];

  const plan = planReconcile(model, {
    desired: input.desired,
    actual: input.cloud.actual,
    previouslyManaged: input.recorded,
    exclusive: input.exclusive,
    protectedKeys: input.cloud.protectedKeys,
  });
  for (const desired of plan.add)
    put({ label: labelOf(model, desired), kind: "add", fields: [], drift: true });
  for (const { desired, actual } of plan.update) {
    const previous = recordedByKey.get(model.key(desired));
    put({
      label: labelOf(model, desired),
      kind: "update",
      fields: fieldsThatMatter(model, actual, desired, previous),
      drift: true,
    });
  }
  for (const { desired, actual } of plan.reattach) {
    put({ label: labelOf(model, actual), kind: "remove", fields: [], drift: true });
    put({ label: labelOf(model, desired), kind: "add", fields: [], drift: true });
  }
  for (const actual of plan.remove)
    put({ label: labelOf(model, actual), kind: "remove", fields: [], drift: true });
  return [...changes.values()];
}

/**
 * The fields of `to` that differ from `from` and would alone make the model change `from` into `to`: not a
 * field `to` leaves out that the cloud keeps as it is (a CLB description), nor one `from` does not report
 * (CLB's port, compared with `previous` instead).
 */
export function fieldsThatMatter<M>(
  model: MemberModel<M>,
  from: M,
  to: M,
  previous: M | undefined,
): string[] {
  const base = model.declared(from) as Record<string, unknown>;
  const target = model.declared(to) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(target), ...Object.keys(base)])];
  return fields.filter((field) => {
    if (base[field] === target[field]) return false;
    const onlyThis = { ...base, [field]: target[field] };
    if (target[field] === undefined) delete onlyThis[field];
    return model.needsUpdate(onlyThis as M, from, previous);
  });
}
