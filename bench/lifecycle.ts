import type { AttachmentProvider } from "../provider/runtime/attachmentProvider";
import { type BaselineRequest, deadline } from "./baselines/diff";
import { perMember, perMemberCalls } from "./baselines/perMember";
import { emptyBatches, removeThenAdd, removeThenAddCalls } from "./baselines/removeThenAdd";
import { BASELINES, type BaselineFigure, type BaselineName, type ScenarioFigure } from "./figures";
import { type Changes, type Lifecycle, lifecycle, minimumCalls, type Mode, type Phase } from "./scenarios";
import type { World } from "./world";

export interface LifecycleOptions {
  /** A baseline whose bound exceeds this is reported as skipped instead of run. */
  baselineBudgetMs: number;
  /** Scenarios whose bound is at most this run `repeats` times (median reported). */
  repeatBelowMs: number;
  repeats: number;
}

/**
 * Runs create, the mixed update and delete of N members, each first through our provider and then, from
 * the same starting state, through both baselines. After each baseline the end state must equal ours;
 * then ours is put back, so the next phase starts from what our provider recorded.
 */
export async function runLifecycle(
  world: World,
  members: number,
  mode: Mode,
  options: LifecycleOptions,
): Promise<ScenarioFigure[]> {
  const { fixture, kind } = world.bench;
  const plan = lifecycle(members, mode);
  const exclusive = mode === "exclusive";
  const batchSize = world.api(exclusive).batchSize;
  const declare = (list: Lifecycle["initial"]) => list.map((m) => fixture.member(m.index, m.weight));
  const normalized = (list: Lifecycle["initial"]) =>
    declare(list).map((raw) => kind.schema.normalizeMember(raw).member);
  const inputs = (list: Lifecycle["initial"]): Record<string, unknown> => ({
    ...fixture.inputs,
    [kind.schema.listField]: declare(list),
    exclusive,
    __provider: "bench",
  });

  const phase = async <T>(
    scenario: Phase,
    ours: (provider: AttachmentProvider<unknown>) => Promise<T>,
    request: BaselineRequest<unknown>,
  ): Promise<{ figure: ScenarioFigure; result: T }> => {
    const changes = plan.changes[scenario];
    const minCalls = minimumCalls(fixture, batchSize, changes);
    const boundMs = fixture.boundMs(minCalls, world.latencyMs);
    const before = fixture.snapshot(world.emulator);
    const problems: string[] = [];

    // Short scenarios run several times from the same start and report the median wall time: at a bound
    // of a few tens of milliseconds one scheduling hiccup on a shared machine would otherwise decide the
    // ratio. Every run's calls count: the highest is reported.
    const runs = boundMs <= options.repeatBelowMs ? options.repeats : 1;
    const walls: number[] = [];
    let calls = 0;
    let result!: T;
    for (let run = 0; run < runs; run++) {
      fixture.restore(world.emulator, before);
      const measured = await world.measure(async () => {
        result = await ours(world.provider());
      });
      walls.push(measured.wallMs);
      calls = Math.max(calls, measured.calls);
      if (measured.refused > 0) problems.push(`ours: ${measured.refused} refused calls`);
    }
    const wallMs = median(walls);
    const after = fixture.snapshot(world.emulator);
    const endState = fixture.signature(world.emulator).join("\n");

    const baselines = {} as Record<BaselineName, BaselineFigure>;
    for (const name of BASELINES) {
      fixture.restore(world.emulator, before);
      baselines[name] = await runBaseline(world, name, changes, batchSize, request, options, problems);
      if (baselines[name].calls !== undefined && fixture.signature(world.emulator).join("\n") !== endState)
        problems.push(`${name}: end state differs from ours`);
    }
    fixture.restore(world.emulator, after);

    const ratio = (name: BaselineName) => {
      const wall = baselines[name].wallMs;
      return wall === undefined ? null : wallMs / wall;
    };
    const figure: ScenarioFigure = {
      cloud: fixture.kind,
      scenario,
      mode,
      members,
      changes,
      batchSize,
      latencyMs: world.latencyMs,
      calls,
      minCalls,
      callsRatio: calls / minCalls,
      wallMs,
      wallRuns: runs,
      boundMs,
      boundFormula: fixture.boundFormula,
      wallRatio: wallMs / boundMs,
      baselines,
      baselineRatio: { perMember: ratio("perMember"), removeThenAdd: ratio("removeThenAdd") },
      problems,
    };
    return { figure, result };
  };

  // Every lifecycle starts from an empty load balancer, whatever the previous one left (foreign members).
  fixture.restore(world.emulator, []);
  const rows: ScenarioFigure[] = [];
  const created = await phase("create", (provider) => provider.create(inputs(plan.initial)), {
    desired: normalized(plan.initial),
    previouslyManaged: [],
    exclusive,
  });
  rows.push(created.figure);
  const { id } = created.result;
  fixture.attachForeign(world.emulator, plan.foreign);
  const updated = await phase(
    "update",
    (provider) => provider.update(id, created.result.outs, inputs(plan.next)),
    { desired: normalized(plan.next), previouslyManaged: normalized(plan.initial), exclusive },
  );
  rows.push(updated.figure);
  // Delete never removes more than the resource owns, in either mode.
  const deleted = await phase("delete", (provider) => provider.delete(id, updated.result.outs), {
    desired: [],
    previouslyManaged: normalized(plan.next),
    exclusive: false,
  });
  rows.push(deleted.figure);
  return rows;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function runBaseline(
  world: World,
  name: BaselineName,
  changes: Changes,
  batchSize: number,
  request: BaselineRequest<unknown>,
  options: LifecycleOptions,
  problems: string[],
): Promise<BaselineFigure> {
  const { fixture, kind } = world.bench;
  const reads = fixture.readCalls(changes.attachedAtRead);
  const expectedCalls =
    name === "perMember"
      ? perMemberCalls(reads, changes.add, changes.update, changes.remove)
      : removeThenAddCalls(reads, changes.add, changes.update, changes.remove, batchSize);
  const estimateMs = fixture.boundMs(expectedCalls, world.latencyMs);
  if (estimateMs > options.baselineBudgetMs) {
    return {
      expectedCalls,
      estimateMs,
      skipped: `its bound ${(estimateMs / 1000).toFixed(1)} s exceeds the ${(options.baselineBudgetMs / 1000).toFixed(0)} s budget`,
    };
  }
  const api = world.api(request.exclusive);
  const run = name === "perMember" ? perMember : removeThenAdd;
  // The budget is checked against the bound; the deadline only stops a baseline that runs far slower.
  const stop = deadline(options.baselineBudgetMs * 3);
  try {
    const measured = await world.measure(() => run(api, kind.schema.model, request, stop));
    // The extra empty batches of remove-then-add are refused by design; any other refusal is a finding.
    const empty =
      name === "removeThenAdd"
        ? emptyBatches(changes.remove + changes.update, batchSize) +
          emptyBatches(changes.add + changes.update, batchSize)
        : 0;
    if (measured.refused !== empty)
      problems.push(`${name}: ${measured.refused} refused calls, ${empty} expected`);
    return { expectedCalls, estimateMs, calls: measured.calls, wallMs: measured.wallMs };
  } catch (error) {
    return { expectedCalls, estimateMs, skipped: String(error instanceof Error ? error.message : error) };
  }
}
