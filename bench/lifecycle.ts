import { BASELINES, type BaselineName, type BaselineRequest, baselineCalls, runBaseline } from "./baselines";
import {
  boundMs,
  type Changes,
  lifecycle,
  minimumCalls,
  type Mode,
  type Phase,
  readCalls,
} from "./scenarios";
import type { World } from "./world";

export interface BaselineFigure {
  /** Calls it makes by its own rule, from the scenario alone, and their wall-time bound. */
  expectedCalls: number;
  boundMs: number;
  calls?: number;
  wallMs?: number;
  skipped?: string;
}

/** One row of the table, and one object of `bench/results/latest.json`. */
export interface ScenarioFigure {
  cloud: string;
  scenario: Phase;
  mode: Mode;
  /** N: the members the lifecycle was created with. */
  members: number;
  changes: Changes;
  batchSize: number;
  calls: number;
  minCalls: number;
  /** The median over `wallRuns` runs from the same start. */
  wallMs: number;
  wallRuns: number;
  boundMs: number;
  baselines: Record<BaselineName, BaselineFigure>;
  /** Anything that went wrong: refused calls, end states that differ from ours, errors. */
  problems: string[];
}

export interface LifecycleOptions {
  /** A baseline whose bound exceeds this is reported as skipped instead of run. */
  baselineBudgetMs: number;
  /** Scenarios whose bound is at most this run `repeats` times; the median wall time is reported. */
  repeatBelowMs: number;
  repeats: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Create, the mixed update and delete of N members, each first through our provider and then, from the
 * same starting state, through both baselines, whose end state must equal ours; then ours is put back,
 * so the next phase starts from what our provider recorded.
 */
export async function runLifecycle(world: World, members: number, mode: Mode, options: LifecycleOptions) {
  const { bench, latencyMs } = world;
  const { kind } = bench;
  const plan = lifecycle(members, mode);
  const exclusive = mode === "exclusive";
  const batchSize = world.api(exclusive).batchSize;
  const declare = (list: typeof plan.initial) => list.map((m) => bench.member(m.index, m.weight));
  const normalized = (list: typeof plan.initial) =>
    declare(list).map((m) => kind.schema.normalizeMember(m).member);
  const inputs = (list: typeof plan.initial) => ({
    ...bench.inputs(world.target),
    [kind.schema.listField]: declare(list),
    exclusive,
    __provider: "bench",
  });

  const phase = async <T>(scenario: Phase, ours: () => Promise<T>, request: BaselineRequest<unknown>) => {
    const changes = plan.changes[scenario];
    const minCalls = minimumCalls(bench, batchSize, changes);
    const bound = boundMs(bench, minCalls, latencyMs);
    const before = world.members();
    const problems: string[] = [];
    // At a bound of tens of milliseconds one scheduling hiccup on a shared machine would decide the
    // ratio: short scenarios run several times from the same start. The highest call count is kept.
    const runs = bound <= options.repeatBelowMs ? options.repeats : 1;
    const walls: number[] = [];
    let calls = 0;
    let result!: T;
    for (let run = 0; run < runs; run++) {
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
      const figure: BaselineFigure = {
        expectedCalls: expected.calls,
        boundMs: boundMs(bench, expected.calls, latencyMs),
      };
      baselines[name] = figure;
      if (figure.boundMs > options.baselineBudgetMs) {
        figure.skipped = `bound over the ${options.baselineBudgetMs / 1000} s budget`;
        continue;
      }
      world.restore(before);
      // The budget is checked against the bound; this deadline only stops a baseline far slower than it.
      const deadline = performance.now() + options.baselineBudgetMs * 3;
      const stop = () => {
        if (performance.now() > deadline)
          throw new Error(`stopped after ${(options.baselineBudgetMs * 3) / 1000} s`);
      };
      try {
        const api = world.api(request.exclusive);
        const measured = await world.measure(() => runBaseline(name, api, kind.schema.model, request, stop));
        Object.assign(figure, { calls: measured.calls, wallMs: measured.wallMs });
        if (measured.refused !== expected.empty)
          problems.push(`${name}: ${measured.refused} refused calls, ${expected.empty} expected`);
        if (world.endState() !== endState) problems.push(`${name}: end state differs from ours`);
      } catch (error) {
        figure.skipped = error instanceof Error ? error.message : String(error);
      }
    }
    world.restore(after);
    const figure: ScenarioFigure = {
      ...{ cloud: bench.name, scenario, mode, members, changes, batchSize, calls, minCalls },
      ...{ wallMs: median(walls), wallRuns: runs, boundMs: bound, baselines, problems },
    };
    return { figure, result };
  };

  // Every lifecycle starts from an empty target, whatever the previous one left (foreign members).
  world.restore([]);
  const created = await phase("create", () => world.provider().create(inputs(plan.initial)), {
    desired: normalized(plan.initial),
    previouslyManaged: [],
    exclusive,
  });
  const { id, outs } = created.result;
  world.restore([...world.members(), ...Array.from({ length: plan.foreign }, (_, i) => bench.foreign(i))]);
  const updated = await phase("update", () => world.provider().update(id, outs, inputs(plan.next)), {
    desired: normalized(plan.next),
    previouslyManaged: normalized(plan.initial),
    exclusive,
  });
  // Delete never removes more than the resource owns, in either mode.
  const deleted = await phase("delete", () => world.provider().delete(id, updated.result.outs), {
    desired: [],
    previouslyManaged: normalized(plan.next),
    exclusive: false,
  });
  return [created.figure, updated.figure, deleted.figure];
}
