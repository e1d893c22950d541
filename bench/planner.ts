import type { MemberModel } from "../provider/core/model";
import { planReconcile, type ReconcileInput } from "../provider/core/plan";
import type { BenchKind } from "./clouds/registry";
import type { PlannerFigure } from "./figures";

/** Each size is planned repeatedly until this much CPU time has passed, so 1k is not lost in noise. */
const MIN_CPU_MS = 300;

/**
 * CPU time of `planReconcile` alone for n desired against n actual members, with the mixed update's
 * shape (10% added, 10% removed, 10% re-weighted) so that every branch runs. Members are normalized by
 * the kind's own schema once, outside the timing; the time is process CPU (user + system) per plan.
 */
export function benchPlanner(bench: BenchKind, sizes: readonly number[]): PlannerFigure[] {
  const { fixture, kind } = bench;
  const largest = Math.max(...sizes);
  const member = (i: number, weight: number) => kind.schema.normalizeMember(fixture.member(i, weight)).member;
  const pool = Array.from({ length: largest + Math.ceil(largest / 10) }, (_, i) => member(i, 100));
  const reweighted = pool.map((_, i) => member(i, 50));

  return sizes.map((n) => {
    const tenth = Math.round(n / 10);
    const actual = pool.slice(0, n);
    const desired = [...reweighted.slice(tenth, 2 * tenth), ...pool.slice(2 * tenth, n + tenth)];
    const input: ReconcileInput<unknown> = { desired, actual, previouslyManaged: actual, exclusive: false };
    planReconcile(kind.schema.model, input); // warm-up: compiled code, not the first interpreted run
    let plans = 0;
    const start = process.cpuUsage();
    let spentMs = 0;
    while (spentMs < MIN_CPU_MS || plans < 3) {
      planReconcile(kind.schema.model, input);
      plans += 1;
      const used = process.cpuUsage(start);
      spentMs = (used.user + used.system) / 1000;
    }
    const cpuMsPerPlan = spentMs / plans;
    return {
      cloud: fixture.kind,
      members: n,
      cpuMsPerPlan,
      nsPerMember: (cpuMsPerPlan * 1e6) / n,
      modelCallsPerMember: countModelCalls(kind.schema.model, input) / n,
    };
  });
}

/**
 * The planner's work in operations rather than time: how often it asks the model for a key or a
 * comparison. Constant per member means linear work, whatever caches and the collector do to the time.
 */
function countModelCalls(model: MemberModel<unknown>, input: ReconcileInput<unknown>): number {
  let calls = 0;
  const counting: MemberModel<unknown> = {
    ...model,
    key: (member) => (calls++, model.key(member)),
    needsUpdate: (desired, actual, previous) => (calls++, model.needsUpdate(desired, actual, previous)),
  };
  planReconcile(counting, input);
  return calls;
}
