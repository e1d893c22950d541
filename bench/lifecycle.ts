import { BASELINES, type BaselineName, type BaselineRequest, baselineCalls, runBaseline } from "./baselines";
import { boundMs, lifecycle, minimumCalls, type Mode, type Phase, readCalls } from "./scenarios";
import type { World } from "./world";

/** A baseline's run: the calls its own rule makes and their bound; what it took unless skipped for it. */
export type BaselineFigure = { expectedCalls: number; boundMs: number; calls?: number; wallMs?: number };

/** One row: `wallMs` is the median of `wallRuns` runs from the same start; `problems`, what went wrong. */
export type ScenarioFigure = Awaited<ReturnType<typeof runLifecycle>>[number];

/** Scenarios bound under `repeatBelowMs` run `repeats` times; a baseline bound over the budget is skipped. */
export type LifecycleOptions = { baselineBudgetMs: number; repeatBelowMs: number; repeats: number };

/**
 * Create, the mixed update and delete of N members, each through our provider, then from the same start
 * through both baselines, whose end state must equal ours; then ours is put back for the next phase.
 */
export async function runLifecycle(world: World, members: number, mode: Mode, options: LifecycleOptions) {
  const { bench, latencyMs } = world;
  const { schema } = bench.kind;
  const plan = lifecycle(members, mode);
  const exclusive = mode === "exclusive";
  const batchSize = world.api(exclusive).batchSize;
  const declare = (list: typeof plan.initial) => list.map((m) => bench.member(m.index, m.weight));
  const normalized = (list: typeof plan.initial) =>
    declare(list).map((m) => schema.normalizeMember(m).member);
  const inputs = (list: typeof plan.initial) => ({
    ...bench.inputs(world.target),
    [schema.listField]: declare(list),
    exclusive,
    __provider: "bench",
  });

  const phase = async <T>(scenario: Phase, ours: () => Promise<T>, request: BaselineRequest<unknown>) => {
    const changes = plan.changes[scenario];
    const minCalls = minimumCalls(bench, batchSize, changes);
    const bound = boundMs(bench, minCalls, latencyMs);
    const before = world.members();
    const problems: string[] = [];
    // At a bound of tens of milliseconds one scheduling hiccup on a shared machine would decide the ratio.
    const walls: number[] = [];
    let calls = 0;
    let result!: T;
    for (let run = 0; run < (bound <= options.repeatBelowMs ? options.repeats : 1); run++) {
      world.restore(before);
      const measured = await world.measure(async () => (result = await ours()));
      walls.push(measured.wallMs);
      calls = Math.max(calls, measured.calls);
      if (measured.refused > 0) problems.push(`ours: ${measured.refused} refused calls`);
    }
    const after = world.members();
    const endState = world.endState();

    const baselines = {} as Record<BaselineName, BaselineFigure>;
    for (const name of BASELINES) {
      const expected = baselineCalls(name, readCalls(bench, changes.attachedAtRead), changes, batchSize);
      const figure = (baselines[name] = {
        expectedCalls: expected.calls,
        boundMs: boundMs(bench, expected.calls, latencyMs),
      });
      if (figure.boundMs > options.baselineBudgetMs) continue;
      world.restore(before);
      const api = world.api(request.exclusive);
      try {
        const measured = await world.measure(() => runBaseline(name, api, schema.model, request));
        Object.assign(figure, { calls: measured.calls, wallMs: measured.wallMs });
        if (measured.refused !== expected.empty)
          problems.push(`${name}: ${measured.refused} refused calls, ${expected.empty} expected`);
        if (world.endState() !== endState) problems.push(`${name}: end state differs from ours`);
      } catch (error) {
        problems.push(`${name}: ${String(error)}`);
      }
    }
    world.restore(after);
    const wallMs = [...walls].sort((a, b) => a - b)[Math.floor(walls.length / 2)];
    const figure = { cloud: bench.name, mode, scenario, members, changes, batchSize, calls, minCalls };
    return {
      figure: { ...figure, wallMs, wallRuns: walls.length, boundMs: bound, baselines, problems },
      result,
    };
  };

  // Every lifecycle starts from an empty target, whatever the previous one left (foreign members).
  world.restore([]);
  const create = await phase("create", () => world.provider().create(inputs(plan.initial)), {
    desired: normalized(plan.initial),
    previouslyManaged: [],
    exclusive,
  });
  const { id, outs } = create.result;
  world.restore([...world.members(), ...Array.from({ length: plan.foreign }, (_, i) => bench.foreign(i))]);
  const update = await phase("update", () => world.provider().update(id, outs, inputs(plan.next)), {
    desired: normalized(plan.next),
    previouslyManaged: normalized(plan.initial),
    exclusive,
  });
  // Delete never removes more than the resource owns, in either mode.
  const del = await phase("delete", () => world.provider().delete(id, update.result.outs), {
    desired: [],
    previouslyManaged: normalized(plan.next),
    exclusive: false,
  });
  return [create.figure, update.figure, del.figure];
}
