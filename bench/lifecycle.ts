import { BASELINES, type BaselineName, baselineCalls, runBaseline } from "./baselines";
import {
  boundMs,
  type Declared,
  lifecycle,
  minimumCalls,
  type Mode,
  type Phase,
  countedCalls,
  writeCalls,
} from "./scenarios";
import { normalized, readCalls, resourceInputs } from "./scenarios";
import type { AttachmentProvider } from "../provider/runtime/attachmentProvider";
import { type Measured, median, quantile, type World } from "./world";

/** A baseline whose bound exceeds this is skipped: its calls and bound are still reported. */
const BASELINE_BUDGET_MS = 5000;
/** A baseline's run: the calls its own rule makes and their bound; what it took unless skipped. */
export type BaselineFigure = { expectedCalls: number; boundMs: number; calls?: number; wallMs?: number };
export type ScenarioFigure = Awaited<ReturnType<typeof runLifecycle>>[number];

/**
 * How often ours runs: a short run is decided by scheduling hiccups on a shared machine, so it runs more
 * (the median counts); one whose median is past `suspect` of its bound runs again, up to three times as
 * often, so a run that met a busy moment does not decide it.
 */
const runsFor = (boundMs: number) => (boundMs <= 500 ? 5 : boundMs <= 2500 ? 3 : 1);
const SUSPECT = 1.1;

/**
 * Create, the mixed update and delete of N members, each through our provider, then from the same start
 * through both baselines, whose end state must equal ours; then ours is put back for the next phase.
 */
export async function runLifecycle(world: World, members: number, mode: Mode) {
  const { bench, latencyMs } = world;
  const { schema } = bench.kind;
  const plan = lifecycle(members, mode);
  const exclusive = mode === "exclusive";
  const batchSize = (await world.api(exclusive)).batchSize;
  const inputs = (list: Declared) => resourceInputs(bench, world.target, list, { exclusive });

  /** A baseline is asked for `desired`, knowing `managed`: what the resource recorded last time. */
  const phase = async <T>(
    scenario: Phase,
    ours: (provider: AttachmentProvider<unknown>) => () => Promise<T>,
    desired: Declared,
    managed: Declared,
  ) => {
    const changes = plan.changes[scenario];
    const minCalls = minimumCalls(bench, batchSize, changes);
    const bound = boundMs(bench, minCalls, latencyMs, writeCalls(bench, batchSize, changes));
    // An asynchronous API's job reads are the wait, counted apart from the calls.
    const counted = (calls: { action: string }[]) => countedCalls(bench, calls);
    const [before, problems, runs] = [await world.members(), [] as string[], [] as Measured[]];
    let result = undefined as T;
    const wall = () => median(runs.map((r) => r.wallMs));
    const [least, most] = [runsFor(bound), 3 * runsFor(bound)];
    while (runs.length < least || (runs.length < most && wall() > SUSPECT * bound)) {
      await world.restore(before);
      const run = ours(await world.provider()); // its inputs built before the clock starts
      const measured = await world.measure(async () => (result = await run()));
      runs.push(measured);
      if (measured.refused > 0) problems.push(`ours: ${measured.refused} refused calls`);
    }
    // The floor of the same exchanges, as often (floor.ts). Only where the bound is the calls' latencies:
    // not for an asynchronous API (its bound counts the jobs' time) nor where the rate quota sets the bound
    // (the floor's server has none), where the floor would say nothing about the bound.
    const floors: number[] = [];
    if (!bench.completion && bound === minCalls * latencyMs)
      for (const _ of runs) floors.push(await world.floor(runs[0].exchanges));
    const calls = Math.max(...runs.map((r) => counted(r.calls).calls));
    const jobReads = Math.max(...runs.map((r) => counted(r.calls).jobReads));
    const [after, endState] = [await world.members(), await world.endState()];

    const request = {
      model: schema.model,
      desired: normalized(bench, desired),
      managed: normalized(bench, managed),
    };
    const baselineExclusive = exclusive && scenario !== "delete"; // delete never removes more than it owns
    const baselines = {} as Record<BaselineName, BaselineFigure>;
    for (const name of BASELINES) {
      const reads = readCalls(bench, changes.attachedAtRead);
      const expected = baselineCalls(name, reads, changes, batchSize);
      const figure = {
        expectedCalls: expected.calls,
        boundMs: boundMs(bench, expected.calls, latencyMs, expected.calls - reads),
      };
      baselines[name] = figure;
      if (figure.boundMs > BASELINE_BUDGET_MS) continue;
      await world.restore(before);
      const api = await world.api(baselineExclusive);
      const run = () => runBaseline(name, api, { ...request, exclusive: baselineExclusive });
      const measured = await world.measure(run).catch((e: unknown) => void problems.push(`${name}: ${e}`));
      if (!measured) continue;
      Object.assign(figure, { calls: counted(measured.calls).calls, wallMs: measured.wallMs });
      if (measured.refused !== expected.empty)
        problems.push(`${name}: ${measured.refused} refused calls, ${expected.empty} expected`);
      if ((await world.endState()) !== endState) problems.push(`${name}: end state differs from ours`);
    }
    await world.restore(after);
    const figure = {
      cloud: bench.name,
      mode,
      scenario,
      members,
      changes,
      batchSize,
      calls,
      minCalls,
      jobReads,
    };
    const of = (pick: (r: Measured) => number) => median(runs.map(pick));
    const times = {
      wallMs: wall(),
      boundMs: bound,
      wallRuns: runs.length,
      /** The floor's wall time (median), where measured. */
      floorMs: floors.length > 0 ? median(floors) : undefined,
      elapsedMs: of((r) => r.elapsedMs),
      cpuMs: of((r) => r.cpuMs),
      eventLoopMs: of((r) => r.eventLoopMs),
      waitedForCoreMs: of((r) => r.waitedForCore),
      /**
       * The fastest quarter of the runs, less the time they waited for a core: a lower estimate, which a
       * busy machine (its load only ever adds time) cannot push past the limit, and slower code does.
       */
      loadFreeWallMs: quantile(
        runs.map((r) => r.wallMs - r.waitedForCore),
        0.25,
      ),
      emulatorMs: { cpu: of((r) => r.emulatorMs.cpu), beyondLatency: of((r) => r.emulatorMs.beyondLatency) },
    };
    return { figure: { ...figure, ...times, baselines, problems }, result };
  };

  await world.restore([]); // whatever the previous lifecycle left (foreign members)
  // Each phase is given a fresh provider, and builds its inputs before the clock starts.
  const create = await phase(
    "create",
    (p) => {
      const args = inputs(plan.initial);
      return () => p.create(args);
    },
    plan.initial,
    [],
  );
  const { id, outs } = create.result;
  // Someone else's members, shared.
  await (await world.provider()).create(resourceInputs(bench, world.target, plan.foreign));
  const update = await phase(
    "update",
    (p) => {
      const args = inputs(plan.next);
      return () => p.update(id, outs, args);
    },
    plan.next,
    plan.initial,
  );
  const del = await phase("delete", (p) => () => p.delete(id, update.result.outs), [], plan.next);
  return [create.figure, update.figure, del.figure];
}
