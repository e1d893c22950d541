import { BASELINES, type BaselineName, baselineCalls, runBaseline } from "./baselines";
import {
  boundMs,
  type Declared,
  lifecycle,
  minimumCalls,
  type Mode,
  type Phase,
  writeCalls,
} from "./scenarios";
import { normalized, readCalls, resourceInputs } from "./scenarios";
import { median, type World } from "./world";

/** A baseline whose bound exceeds this is skipped: its calls and bound are still reported. */
const BASELINE_BUDGET_MS = 5000;
/** A baseline's run: the calls its own rule makes and their bound; what it took unless skipped. */
export type BaselineFigure = { expectedCalls: number; boundMs: number; calls?: number; wallMs?: number };
export type ScenarioFigure = Awaited<ReturnType<typeof runLifecycle>>[number];

/**
 * Create, the mixed update and delete of N members, each through our provider, then from the same start
 * through both baselines, whose end state must equal ours; then ours is put back for the next phase.
 */
export async function runLifecycle(world: World, members: number, mode: Mode) {
  const { bench, latencyMs } = world;
  const { schema } = bench.kind;
  const plan = lifecycle(members, mode);
  const exclusive = mode === "exclusive";
  const batchSize = world.api(exclusive).batchSize;
  const inputs = (list: Declared) => resourceInputs(bench, world.target, list, { exclusive });

  /** A baseline is asked for `desired`, knowing `managed`: what the resource recorded last time. */
  const phase = async <T>(scenario: Phase, ours: () => Promise<T>, desired: Declared, managed: Declared) => {
    const changes = plan.changes[scenario];
    const minCalls = minimumCalls(bench, batchSize, changes);
    const bound = boundMs(bench, minCalls, latencyMs, writeCalls(bench, batchSize, changes));
    // An asynchronous API's job reads are the wait, counted apart from the calls.
    const counted = (calls: { action: string }[]) => calls.filter((c) => c.action !== bench.completion?.read);
    let jobReads = 0;
    const [before, problems, walls] = [world.members(), [] as string[], [] as number[]];
    let [calls, result] = [0, undefined as T];
    // Under half a second one scheduling hiccup on a shared machine would decide the ratio: median of 3.
    for (let run = 0; run < (bound <= 500 ? 3 : 1); run++) {
      world.restore(before);
      const measured = await world.measure(async () => (result = await ours()));
      walls.push(measured.wallMs);
      calls = Math.max(calls, counted(measured.calls).length);
      jobReads = Math.max(jobReads, measured.calls.length - counted(measured.calls).length);
      if (measured.refused > 0) problems.push(`ours: ${measured.refused} refused calls`);
    }
    const [after, endState] = [world.members(), world.endState()];

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
      world.restore(before);
      const api = world.api(baselineExclusive);
      const run = () => runBaseline(name, api, { ...request, exclusive: baselineExclusive });
      const measured = await world.measure(run).catch((e: unknown) => void problems.push(`${name}: ${e}`));
      if (!measured) continue;
      Object.assign(figure, { calls: counted(measured.calls).length, wallMs: measured.wallMs });
      if (measured.refused !== expected.empty)
        problems.push(`${name}: ${measured.refused} refused calls, ${expected.empty} expected`);
      if (world.endState() !== endState) problems.push(`${name}: end state differs from ours`);
    }
    world.restore(after);
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
    const wall = { wallMs: median(walls), wallRuns: walls.length, boundMs: bound };
    return { figure: { ...figure, ...wall, baselines, problems }, result };
  };

  world.restore([]); // whatever the previous lifecycle left (foreign members)
  const create = await phase("create", () => world.provider().create(inputs(plan.initial)), plan.initial, []);
  const { id, outs } = create.result;
  await world.provider().create(resourceInputs(bench, world.target, plan.foreign)); // someone else's, shared
  const next = () => world.provider().update(id, outs, inputs(plan.next));
  const update = await phase("update", next, plan.next, plan.initial);
  const del = await phase("delete", () => world.provider().delete(id, update.result.outs), [], plan.next);
  return [create.figure, update.figure, del.figure];
}
