import { show } from "./failures";
import type { MemberModel } from "./model";
import { indexByKey, planReconcile } from "./plan";

export interface DriftInput<M> {
  /** The members declared now (checked inputs). */
  desired: readonly M[];
  /** The members the cloud has now. */
  actual: readonly M[];
  /** The members recorded as this resource's own by its last `pulumi up` (old outputs). */
  recorded: readonly M[];
  /** Whether the last `pulumi up` ran in exclusive mode: then any member nobody declared is drift. */
  recordedExclusive: boolean;
  exclusive: boolean;
  /** Members another resource of this deployment declares: never to be removed. */
  protectedKeys: ReadonlySet<string>;
}

export interface Drift {
  /** True when `pulumi up` has a call to make: the cloud differs from the declaration. */
  changes: boolean;
  /**
   * One sentence per member where the cloud differs from what the last `pulumi up` left, with what the
   * next `pulumi up` does about it: the text a reviewer reads in the preview's output.
   */
  lines: string[];
  /**
   * Members `pulumi up` detaches that this resource neither declares nor recorded as its own: with
   * exclusive ownership, whatever else is attached, including members another attachment declares that
   * this command does not check (a targeted run).
   */
  undeclared: string[];
}

/**
 * Compares the cloud with the declaration (does `pulumi up` have work to do?) and with the recorded state
 * (what changed outside the program since the last `pulumi up`, a member detached by hand or by another
 * resource's unlucky order, say). Changes the program makes itself are what `preview --diff` shows; these
 * lines cover what it cannot show.
 */
export function detectDrift<M>(model: MemberModel<M>, input: DriftInput<M>): Drift {
  const plan = planReconcile(model, {
    desired: input.desired,
    actual: input.actual,
    previouslyManaged: input.recorded,
    exclusive: input.exclusive,
    protectedKeys: input.protectedKeys,
  });
  const adds = new Set(plan.add.map((m) => model.key(m)));
  const updates = new Set(plan.update.map((u) => model.key(u.desired)));
  const reattaches = new Set(plan.reattach.map((u) => model.key(u.desired)));
  const removes = new Set(plan.remove.map((m) => model.key(m)));
  const outcome = (key: string) =>
    adds.has(key)
      ? "; pulumi up attaches it again"
      : updates.has(key)
        ? "; pulumi up sets it back"
        : reattaches.has(key)
          ? "; pulumi up detaches it and attaches it again as declared"
          : removes.has(key)
            ? "; pulumi up detaches it"
            : "";

  const actualByKey = indexByKey(model, input.actual);
  const recordedByKey = indexByKey(model, input.recorded);
  const lines: string[] = [];
  for (const [key, recorded] of recordedByKey) {
    const actual = actualByKey.get(key);
    if (actual === undefined) lines.push(`${key} is not attached${outcome(key)}`);
    else if (model.needsUpdate(recorded, actual, recorded)) {
      lines.push(`${key} ${differences(model, recorded, actual)}${outcome(key)}`);
    }
  }
  if (input.recordedExclusive) {
    for (const key of actualByKey.keys()) {
      if (!recordedByKey.has(key)) lines.push(`${key} is attached but was not declared${outcome(key)}`);
    }
  }
  return {
    changes: adds.size + updates.size + reattaches.size + removes.size > 0,
    lines,
    undeclared: [...removes].filter((key) => !recordedByKey.has(key)),
  };
}

/**
 * `weight is 50 on the cloud, 100 recorded`: the fields that differ and that matter, i.e. that alone would
 * make the model change the member (not a field the cloud does not report, such as CLB's port, nor one it
 * reports but the model ignores, such as an ECS instance's own IP).
 */
function differences<M>(model: MemberModel<M>, recorded: M, actual: M): string {
  const declared = model.declared(recorded) as Record<string, unknown>;
  const fields = Object.entries(declared).flatMap(([field, value]) => {
    const cloud = (actual as Record<string, unknown>)[field];
    if (cloud === undefined || cloud === value) return [];
    const onlyThis = { ...declared, [field]: cloud } as M;
    if (!model.needsUpdate(recorded, onlyThis, recorded)) return [];
    return [`${field} is ${show(cloud)} on the cloud, ${show(value)} recorded`];
  });
  return fields.length > 0 ? fields.join(", ") : "differs from what was recorded";
}
