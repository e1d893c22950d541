/**
 * Order independence, by model: random histories of two or three attachments of one load balancer
 * (members moved between them, attachments renamed, added and removed, weights changed, exclusive
 * ownership switched, targeted `up`s and targeted `destroy`s, and changes made by hand in between), each
 * command run in every interleaving of its provider calls and cloud calls the scheduler can produce (depth
 * first up to a budget per command, then random ones). The real AttachmentProvider runs on an in-memory
 * load balancer. Checked after every run:
 *
 * - at the end of every untargeted `pulumi up`, the load balancer holds exactly the declared members, with
 *   their declared weights, plus the servers nobody owns: declared by no attachment and recorded by none
 *   (none at all beside an exclusive attachment);
 * - a member that stays with its attachment, or whose attachment is renamed or removed while another one
 *   declares it, is never detached; only a member moving between two attachments of the program may be
 *   detached for a moment, and only within that one `pulumi up`;
 * - a server nobody declares is never detached, except by an exclusive attachment;
 * - at the end of a targeted `up`, every member a targeted attachment declares is attached as declared;
 *   what a targeted command leaves behind is covered by the next untargeted `up`'s checks above.
 *
 * Faults between a call and its answer: each command also runs with one fault at each index of its cloud
 * calls, each kind in turn (a write's answer lost after the cloud applied it, a refusal for throttling
 * before it applied anything, a lost answer on the read), in random interleavings; and the random
 * interleavings of commands too large to enumerate fail a share of their cloud calls at random. Every
 * fault is retryable, so every check above holds as it is: the provider re-reads after an uncertain write
 * and never sends again what took effect (the cloud refuses a second add of a member, as real ones do).
 * Faults are planned from the history's seed, so a failure names seed, command, interleaving and faults.
 */
import { describe, expect, it } from "vitest";
import {
  type Command,
  cloneWorld,
  type Declaration,
  FaultPlan,
  type FaultKind,
  newWorld,
  type Program,
  runCommand,
  type World,
} from "./fakes/modelEngine";
import { enumerateRuns, Scheduler } from "./fakes/scheduler";

/** Deterministic pseudo-random numbers (mulberry32), so that a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MEMBERS = ["m0", "m1", "m2", "m3", "m4", "m5"];
const FOREIGN = ["f0", "f1"];

interface Step {
  /** Done by hand before the command, for the record in a failure message. */
  byHand: string[];
  command: Exclude<Command, { kind: "refresh" }>;
}

/** One history: a start and a sequence of commands, each derived from the last program by small changes. */
function history(seed: number): { initial: Map<string, number>; steps: Step[] } {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const initial = new Map<string, number>([[pick(FOREIGN), 7]]);
  if (rnd() < 0.5) initial.set(pick(MEMBERS), 3); // attached before any stack: adopted when declared
  let names = 0;
  const newName = () => `r${names++}`;
  const exclusiveHistory = rnd() < 0.2;
  let program: Program = new Map();
  for (let i = exclusiveHistory ? 1 : 2 + Math.floor(rnd() * 2); i > 0; i--)
    program.set(newName(), { members: new Map(), exclusive: exclusiveHistory });
  for (const member of MEMBERS)
    if (rnd() < 0.7) pick([...program.values()]).members.set(member, 1 + Math.floor(rnd() * 2));

  const steps: Step[] = [{ byHand: [], command: { kind: "up", program } }];
  for (let n = 0; n < 5; n++) {
    const next: Program = new Map(
      [...program].map(([name, d]) => [name, { ...d, members: new Map(d.members) }]),
    );
    const attachments = () => [...next.values()];
    for (let changes = 1 + Math.floor(rnd() * 2); changes > 0; changes--) {
      const change = rnd();
      const owned = attachments().flatMap((d) => [...d.members.keys()].map((m) => [d, m] as const));
      const free = MEMBERS.filter((m) => !owned.some(([, o]) => o === m));
      if (change < 0.3 && owned.length > 0 && next.size > 1) {
        const [from, member] = pick(owned); // a move
        const to = pick(attachments().filter((d) => d !== from));
        to.members.set(member, from.members.get(member)!);
        from.members.delete(member);
      } else if (change < 0.45 && free.length > 0) pick(attachments()).members.set(pick(free), 1);
      else if (change < 0.55 && owned.length > 0) {
        const [from, member] = pick(owned);
        from.members.delete(member);
      } else if (change < 0.65 && owned.length > 0) {
        const [from, member] = pick(owned);
        from.members.set(member, 3 - from.members.get(member)!);
      } else if (change < 0.85) {
        const old = pick([...next.keys()]); // a rename without an alias
        const declaration = next.get(old)!;
        next.delete(old);
        next.set(newName(), declaration);
      } else if (!exclusiveHistory && change < 0.93 && next.size < 3) {
        next.set(newName(), { members: new Map(free.slice(0, 1).map((m) => [m, 1])), exclusive: false });
      } else if (!exclusiveHistory && next.size > 2) {
        next.delete(pick([...next.keys()]));
      } else if (exclusiveHistory) {
        const [only] = attachments();
        only.exclusive = !only.exclusive;
      }
    }
    const byHand: string[] = [];
    if (rnd() < 0.4) byHand.push(pick(["detach", "reweight", "attach-foreign", "detach-foreign"]));
    const kind = rnd();
    let command: Step["command"];
    if (kind < 0.6) command = { kind: "up", program: next };
    else if (kind < 0.85) {
      const names = [...new Set([...next.keys(), ...program.keys()])];
      command = { kind: "up", program: next, targets: new Set(names.filter(() => rnd() < 0.5)) };
    } else command = { kind: "destroy", targets: new Set([pick([...program.keys()])]) };
    steps.push({ byHand, command });
    // A targeted destroy runs no program: the next command starts from the same program.
    if (command.kind === "up") program = next;
  }
  // The check that matters after targeted commands: one untargeted `up` at the end of every history.
  steps.push({ byHand: [], command: { kind: "up", program } });
  return { initial, steps };
}

function applyByHand(world: World, change: string, rnd: () => number): void {
  const attached = [...world.cloud.keys()];
  const ours = attached.filter((m) => !FOREIGN.includes(m));
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(rnd() * items.length)];
  const target = change.endsWith("foreign") ? pick(FOREIGN) : pick(ours);
  if (target === undefined) return;
  if (change === "detach" || change === "detach-foreign") world.cloud.delete(target);
  else if (change === "reweight") world.cloud.set(target, 9);
  else world.cloud.set(target, 7);
}

const declaredBy = (program: Program) => {
  const owner = new Map<string, string>();
  for (const [name, d] of program) for (const m of d.members.keys()) owner.set(m, name);
  return owner;
};
const describeProgram = (program: Program) =>
  [...program]
    .map(
      ([n, d]) => `${n}${d.exclusive ? "(x)" : ""}{${[...d.members].map(([m, w]) => `${m}:${w}`).join(",")}}`,
    )
    .join(" ");

interface Exploration {
  commands: number;
  interleavings: number;
  /** Commands whose every interleaving was run. */
  complete: number;
  /** Runs given a fault plan, and the faults that fired in them. */
  faultyRuns: number;
  faults: number;
}

const FAULT_KINDS: readonly FaultKind[] = ["lost-answer", "throttled"];
/** The share of cloud calls that fail in a random interleaving with faults. */
const RANDOM_FAULT_RATE = 0.2;

/** Faults for a random interleaving: each of the first cloud calls fails with RANDOM_FAULT_RATE. */
function randomFaults(rnd: () => number): FaultPlan {
  const faults = new Map<number, FaultKind>();
  for (let call = 0; call < 40; call++)
    if (rnd() < RANDOM_FAULT_RATE) faults.set(call, FAULT_KINDS[Math.floor(rnd() * FAULT_KINDS.length)]);
  return new FaultPlan(faults);
}

/**
 * Runs one history command by command; each command in every interleaving depth first up to `budget`,
 * then `randomRuns` random ones (with random faults when `faultOrders` is set), then with one fault at each
 * cloud-call index of the command's first run, each kind, in `faultOrders` random interleavings, checking
 * the invariants after each run. The next command starts from the last run's outcome.
 */
async function explore(
  seed: number,
  { initial, steps }: { initial: Map<string, number>; steps: Step[] },
  budget: number,
  randomRuns: number,
  faultOrders = 0,
): Promise<Exploration> {
  const stats: Exploration = { commands: 0, interleavings: 0, complete: 0, faultyRuns: 0, faults: 0 };
  const byHandRandom = random(seed * 7919);
  let world: World = newWorld(initial);
  let program: Program = new Map();
  let clean = true; // the last command was an untargeted up: state and cloud agree with `program`

  for (const [index, step] of steps.entries()) {
    for (const change of step.byHand) applyByHand(world, change, byHandRandom);
    const start = cloneWorld(world);
    const { command } = step;
    const next = command.kind === "up" ? command.program : program;
    const oldOwner = declaredBy(program);
    const newOwner = declaredBy(next);
    const exclusive = [...next.values()].some((d) => d.exclusive);
    // Members that must never be detached in this command.
    const stable = new Set(
      [...newOwner]
        .filter(([m, name]) => {
          const before = oldOwner.get(m);
          return start.cloud.has(m) && before !== undefined && (before === name || !next.has(before));
        })
        .map(([m]) => m),
    );
    const context = () =>
      `seed ${seed}, command ${index} (${command.kind}${command.targets ? ` --target ${[...command.targets].join(",")}` : ""}), ` +
      `by hand: ${step.byHand.join(",") || "-"}\nbefore: ${describeProgram(program)}\nafter:  ${describeProgram(next)}\n` +
      `cloud before: ${[...start.cloud].join(" ")}`;

    let last: World = start;
    /** The cloud calls of the command's first run: where the single faults go. */
    let cloudCalls: number | undefined;
    const verify = async (scheduler: Scheduler, faults = new FaultPlan()) => {
      const run = cloneWorld(start);
      const where = () =>
        `${context()}\nfaults: ${faults.injected.join("; ") || "-"}\ninterleaving: ${scheduler.trace.join(" | ")}` +
        `\ncloud after: ${[...run.cloud].join(" ")}`;
      const result = await runCommand(run, command, scheduler, faults).catch((error: unknown) => {
        throw new Error(`${where()}\n${error instanceof Error ? error.message : String(error)}`);
      });
      cloudCalls ??= faults.calls;
      if (faults.injected.length > 0) {
        stats.faultyRuns++;
        stats.faults += faults.injected.length;
      }
      expect(result.checkFailures, where()).toEqual([]);
      expect(result.errors, where()).toEqual([]);
      expect(run.resent, `${where()}\nsent again after it took effect`).toEqual([]);
      const removed = run.calls.filter((c) => c.kind === "remove").flatMap((c) => c.ids);
      if (command.kind === "up" && command.targets === undefined && clean)
        expect(
          removed.filter((m) => stable.has(m)),
          where(),
        ).toEqual([]);
      if (!exclusive)
        expect(
          removed.filter((m) => FOREIGN.includes(m)),
          where(),
        ).toEqual([]);
      if (command.kind === "up" && command.targets === undefined) {
        const expected = new Map([...next.values()].flatMap((d) => [...d.members]));
        // What nobody owns: attached, declared by no attachment, recorded by none.
        const recorded = new Set(
          [...start.state.values()].flatMap((r) => Object.keys(r.outputs.members as object)),
        );
        if (!exclusive)
          for (const [m, w] of start.cloud) if (!expected.has(m) && !recorded.has(m)) expected.set(m, w);
        expect([...run.cloud].sort(), where()).toEqual([...expected].sort());
        expect([...run.state.keys()].sort(), where()).toEqual([...next.keys()].sort());
      } else if (command.kind === "up") {
        for (const [name, d] of next)
          if (command.targets!.has(name))
            for (const [m, w] of d.members) expect(run.cloud.get(m), `${where()}\nmember ${m}`).toBe(w);
      }
      last = run;
    };

    const { runs, complete } = await enumerateRuns(budget, (scheduler) => verify(scheduler));
    stats.interleavings += runs;
    const rnd = random(seed * 104729 + index);
    const randomOrder = () => new Scheduler((_i, options) => Math.floor(rnd() * options));
    if (complete) stats.complete++;
    else {
      for (let r = 0; r < randomRuns; r++) {
        await verify(randomOrder(), faultOrders > 0 ? randomFaults(rnd) : undefined);
        stats.interleavings++;
      }
    }
    for (let call = 0; call < cloudCalls! && faultOrders > 0; call++)
      for (const kind of FAULT_KINDS)
        for (let r = 0; r < faultOrders; r++) {
          await verify(randomOrder(), new FaultPlan(new Map([[call, kind]])));
          stats.interleavings++;
        }
    stats.commands++;
    // Carry on from the last interleaving's outcome.
    world = last;
    if (command.kind === "up") program = next;
    clean = command.kind === "up" && command.targets === undefined;
  }
  return stats;
}

describe("order independence of attachments sharing one load balancer", () => {
  it("converges after every untargeted up, in every interleaving and with retryable cloud faults, and never detaches what stays declared", async () => {
    // Fewer under mutation testing (stryker.vitest.config.mts), where the size checks below do not apply.
    const HISTORIES = Number(process.env.MODEL_HISTORIES ?? 40);
    const total: Exploration = { commands: 0, interleavings: 0, complete: 0, faultyRuns: 0, faults: 0 };
    const started = Date.now();
    for (let seed = 1; seed <= HISTORIES; seed++) {
      const stats = await explore(seed, history(seed), 120, 20, 5);
      for (const key of Object.keys(total) as (keyof Exploration)[]) total[key] += stats[key];
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `order independence: ${HISTORIES} histories, ${total.commands} commands, ${total.interleavings} interleavings ` +
        `(${total.complete} commands enumerated completely; ${total.faultyRuns} of them with ${total.faults} ` +
        `cloud faults), ${seconds.toFixed(1)} s`,
    );
    const least = HISTORIES >= 40 ? 10_000 : HISTORIES * 100;
    expect(total.interleavings).toBeGreaterThan(least);
    expect(total.faultyRuns).toBeGreaterThan(least);
  });

  it("repairs what targeted commands leave behind, in every interleaving of the next up", async () => {
    const program = (attachments: Record<string, Record<string, number>>): Program =>
      new Map(
        Object.entries(attachments).map(([name, members]): [string, Declaration] => [
          name,
          { members: new Map(Object.entries(members)), exclusive: false },
        ]),
      );
    const up = (p: Program, targets?: string[]): Step => ({
      byHand: [],
      command: { kind: "up", program: p, targets: targets && new Set(targets) },
    });
    const initial = new Map([["f0", 7]]);
    // m2 moves from b to a in a run that targets a only: a adopts it while b still records it. In the next
    // up, b (changed) drops it and a (unchanged) diffs; whichever runs first, m2 ends attached.
    const moved = program({ a: { m0: 1, m2: 1 }, b: { m1: 1 } });
    const adoption = await explore(
      1,
      { initial, steps: [up(program({ a: { m0: 1 }, b: { m1: 1, m2: 1 } })), up(moved, ["a"]), up(moved)] },
      100_000,
      0,
      5,
    );
    // A rename applied by a targeted up and a targeted destroy of the old name, which runs no program:
    // the old resource detaches what the new one declares; the next up (no input changed) attaches it.
    const renamed = program({ a2: { m0: 1, m1: 2 } });
    const destroyed = await explore(
      2,
      {
        initial,
        steps: [
          up(program({ a: { m0: 1, m1: 2 } })),
          up(renamed, ["a2"]),
          { byHand: [], command: { kind: "destroy", targets: new Set(["a"]) } },
          up(renamed),
        ],
      },
      100_000,
      0,
      5,
    );
    for (const run of [adoption, destroyed]) expect(run.complete).toBe(run.commands);
    console.log(
      `targeted repairs: every interleaving without faults, and ${adoption.faultyRuns + destroyed.faultyRuns} ` +
        `runs with one cloud fault each, ${adoption.interleavings + destroyed.interleavings} in all`,
    );
  });
});
