/**
 * Rollouts, by model: random histories of one or two attachments of one load balancer that declare
 * rollouts (health gates, drains, `maxRemovals`), through the real AttachmentProvider on the model's
 * in-memory load balancer (test/unit/fakes/modelEngine.ts: a weight goes to a whole update scope, a port
 * change is a re-attachment, each server has a health). Between commands servers turn healthy, slow,
 * failing or stopped; commands swap, add, remove, move and re-weight members, change ports (of one member
 * or of all), change the rollout, replace an attachment, drop one, destroy one, and refresh. Each command
 * runs in random interleavings; then with the plugin dying at each of its cloud calls in turn, each crash
 * followed (half the time after a `pulumi refresh`) by the same command again, as a user re-runs it; then
 * with a lost answer at each call. At every cloud call the model checks:
 *
 * 1. an old member is never removed before the gate passed for the members added with it: when a
 *    resource with a health gate removes (or detaches to re-attach) a member, every member it declares
 *    that it attached under a gate has since been reported healthy to it;
 * 2. no member is detached before it has spent `drainSeconds` at weight 0 (a delete, which nothing could
 *    let through if it refused, detaches without a drain a member whose weight 0 would go to others);
 * 3. `maxRemovals` is never exceeded: the members one resource detaches in one command, re-attachments
 *    and deletes included, stay within the limit of the members it managed when the command began (the
 *    original of a replacement is held to its limit when check lets the replacement through, not after);
 * 4. a group is never emptied on the way to a non-empty set: a write by a resource that declares members
 *    never leaves the group empty, nor without a serving member (weight above 0) when one served before
 *    and the resource declares one;
 * 5. no member is changed by a resource that does not declare (or own) it: a weight change touches only
 *    the members its call names (a call naming a scope, as ENS's Set names an ENI, changes its attached
 *    members), those are the resource's own, and none is one it keeps as it is; and no write names a
 *    member (an update, a scope) twice;
 *
 * and, after each `pulumi up` that succeeded, that the group holds what the program declares.
 */
import { describe, expect, it } from "vitest";
import { removalLimit } from "../../provider/core/rollout";
import {
  type CallObserver,
  type Command,
  cloneWorld,
  type Declaration,
  FaultPlan,
  type FaultKind,
  type Health,
  newWorld,
  type Program,
  runCommand,
  scopeOf,
  type World,
} from "./fakes/modelEngine";
import { Scheduler } from "./fakes/scheduler";

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

/** Single servers, and two IPs of one ENI (one update scope). */
const MEMBERS = ["m0", "m1", "m2", "m3", "s0", "s1"];
const FOREIGN = ["f0"];
const HEALTHS: readonly Health[] = ["good", "good", "slow", "slow", "bad", "gone"];
const GATE = { timeoutSeconds: 2 };
const ROLLOUTS: readonly (Record<string, unknown> | undefined)[] = [
  undefined,
  { healthGate: GATE },
  { healthGate: GATE, drainSeconds: 1 },
  { drainSeconds: 1, maxRemovals: 1 },
  { healthGate: GATE, drainSeconds: 1, maxRemovals: "50%" },
  { healthGate: GATE, maxRemovals: 2 },
];

interface Step {
  /** Servers whose health changes before the command. */
  health: [string, Health][];
  command: Command;
  /** What the command changed, for the failure message. */
  what: string;
  /** Declares, beside the program, every resource of the state it dropped (with what it owns). */
  lift?: boolean;
}

/** The program of a lifting step: every resource of the state declared, without a rollout limit. */
function lifted(world: World, program: Program): Program {
  const next = copy(program);
  const taken = new Set([...next.values()].flatMap((d) => [...d.members.keys()]));
  for (const [name, state] of world.state) {
    if (next.has(name)) continue;
    const members = [...ownedOf(state.outputs)].filter((m) => !taken.has(m) && world.cloud.has(m));
    for (const m of members) taken.add(m);
    next.set(name, { members: new Map(members.map((m) => [m, world.cloud.get(m)!])), exclusive: false });
  }
  return next;
}

const copy = (program: Program): Program =>
  new Map(
    [...program].map(([name, d]) => [
      name,
      { ...d, members: new Map(d.members), ports: d.ports && new Map(d.ports) },
    ]),
  );

/** One history: a first `up`, then commands each derived from the last program by a change or two. */
function history(seed: number): { initial: Map<string, number>; steps: Step[] } {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  // Half the histories have a server nobody declares; in the others the attachments are all there is.
  const initial = new Map<string, number>(rnd() < 0.5 ? [["f0", 7]] : []);
  let names = 0;
  const newName = () => `r${names++}`;
  let program: Program = new Map();
  for (let i = rnd() < 0.5 ? 1 : 2; i > 0; i--)
    program.set(newName(), { members: new Map(), exclusive: false, rollout: pick(ROLLOUTS.slice(1)) });
  const attachments = (p: Program) => [...p.values()];
  const free = (p: Program) => MEMBERS.filter((m) => !attachments(p).some((d) => d.members.has(m)));
  for (const member of MEMBERS)
    if (rnd() < 0.5) pick(attachments(program)).members.set(member, 1 + Math.floor(rnd() * 2));
  for (const d of attachments(program))
    if (d.members.size === 0) d.members.set(pick(free(program)) ?? "m0", 1);

  const steps: Step[] = [{ health: [], command: { kind: "up", program }, what: "first up" }];
  for (let n = 0; n < 6; n++) {
    const health: [string, Health][] = [];
    for (const member of MEMBERS) if (rnd() < 0.25) health.push([member, pick(HEALTHS)]);
    const kind = rnd();
    if (kind < 0.1) {
      steps.push({ health, command: { kind: "refresh" }, what: "refresh" });
      continue;
    }
    if (kind < 0.18) {
      const target = pick([...program.keys()]);
      steps.push({
        health,
        command: { kind: "destroy", targets: new Set([target]) },
        what: `destroy ${target}`,
      });
      program = new Map([...program].filter(([name]) => name !== target));
      if (program.size === 0) program.set(newName(), { members: new Map([["m0", 1]]), exclusive: false });
      continue;
    }
    const next = copy(program);
    const whats: string[] = [];
    for (let changes = 1 + Math.floor(rnd() * 2); changes > 0; changes--) {
      const change = rnd();
      const [name, d] = pick([...next]);
      const owned = [...d.members.keys()];
      const unowned = free(next);
      if (change < 0.25 && owned.length > 0 && unowned.length > 0) {
        // Blue/green: some members out, as many in.
        const out = owned.filter(() => rnd() < 0.6);
        for (const m of out) d.members.delete(m);
        for (const m of unowned.slice(0, Math.max(1, out.length))) d.members.set(m, 1);
        whats.push(`${name} swaps ${out.join(",")}`);
      } else if (change < 0.35 && unowned.length > 0) {
        d.members.set(pick(unowned), 2);
        whats.push(`${name} adds`);
      } else if (change < 0.45 && owned.length > 1) {
        d.members.delete(pick(owned));
        whats.push(`${name} removes`);
      } else if (change < 0.6 && owned.length > 0) {
        // A port change: of one member, or of every member of the attachment.
        const port = 80 + Math.floor(rnd() * 3);
        d.ports ??= new Map();
        for (const m of rnd() < 0.5 ? [pick(owned)] : owned) d.ports.set(m, port);
        whats.push(`${name} ports ${port}`);
      } else if (change < 0.68 && owned.length > 0) {
        const m = pick(owned);
        d.members.set(m, d.members.get(m) === 0 ? 1 : pick([0, 2]));
        whats.push(`${name} reweights ${m}`);
      } else if (change < 0.76 && owned.length > 0 && next.size > 1) {
        const m = pick(owned);
        const to = pick(attachments(next).filter((o) => o !== d));
        to.members.set(m, d.members.get(m)!);
        d.members.delete(m);
        if (d.ports?.has(m)) to.ports = new Map([...(to.ports ?? []), [m, d.ports.get(m)!]]);
        whats.push(`${name} moves ${m}`);
      } else if (change < 0.84) {
        d.rollout = pick(ROLLOUTS);
        whats.push(`${name} rollout ${JSON.stringify(d.rollout)}`);
      } else if (change < 0.9) {
        d.generation = (d.generation ?? 0) + 1;
        whats.push(`${name} replaced`);
      } else if (next.size > 1) {
        next.delete(name);
        whats.push(`${name} dropped`);
      } else if (unowned.length > 0) {
        next.set(newName(), {
          members: new Map([[unowned[0], 1]]),
          exclusive: false,
          rollout: pick(ROLLOUTS),
        });
        whats.push("new attachment");
      }
    }
    steps.push({ health, command: { kind: "up", program: next }, what: whats.join("; ") });
    program = next;
  }
  // Healed: every server healthy, no limit and no drain left to refuse, first with every resource of
  // the state still declared (the way out a refused delete gives), then as the program says: the last
  // up must converge.
  // Ports are left as the cloud has them: a lone member's port change is refused, by design.
  const healed = copy(program);
  for (const d of healed.values()) {
    d.rollout = d.rollout?.healthGate === undefined ? undefined : { healthGate: d.rollout.healthGate };
    d.ports = undefined;
  }
  const health = MEMBERS.map((m): [string, Health] => [m, "good"]);
  steps.push({ health, command: { kind: "up", program: healed }, what: "lifted", lift: true });
  steps.push({ health, command: { kind: "up", program: healed }, what: "healed" });
  return { initial, steps };
}

/** What the invariants remember across calls, commands and crashes. */
interface Ghost {
  /** Since when (world clock) each attached member has been at weight 0. */
  zeroSince: Map<string, number>;
  /** Members attached under a gate and not yet reported healthy to the resource that attached them. */
  unverified: Map<string, string>;
}

const cloneGhost = (ghost: Ghost): Ghost => ({
  zeroSince: new Map(ghost.zeroSince),
  unverified: new Map(ghost.unverified),
});

type Rollout = { healthGate?: unknown; drainSeconds?: number; maxRemovals?: number | string };

/** What one resource (a call's `by`) is in one command: what it declares, its rollout, its base. */
interface Actor {
  declared?: Declaration;
  /** The members it owned when the command began (by id), and how many. */
  owned: Set<string>;
  rollout?: Rollout;
  /** Members it detached in this command. */
  removed: Set<string>;
}

const ownedOf = (outputs: Record<string, unknown>) =>
  new Set(Object.values((outputs.members ?? {}) as Record<string, { id: string }>).map((m) => m.id));

/** The actors of a command on this world: each name of the program, each dropped or replaced original. */
function actorsOf(world: World, command: Command): Map<string, Actor> {
  const actors = new Map<string, Actor>();
  const recorded = (outputs: Record<string, unknown>, declared?: Declaration): Actor => ({
    declared,
    owned: ownedOf(outputs),
    rollout: (declared ? declared.rollout : outputs.rollout) as Rollout | undefined,
    removed: new Set(),
  });
  for (const [name, state] of world.state) {
    actors.set(name, recorded(state.outputs));
    actors.set(`${name}~old`, recorded(state.outputs));
  }
  for (const pending of world.pendingDeletes) actors.set(`${pending.name}~old`, recorded(pending.outputs));
  if (command.kind === "up")
    for (const [name, d] of command.program) {
      const state = world.state.get(name);
      // A replacement is a create: it owned nothing.
      const same = state !== undefined && (state.inputs.generation ?? 0) === (d.generation ?? 0);
      actors.set(name, {
        ...recorded(same ? state.outputs : {}, d),
        declared: d,
        rollout: d.rollout as Rollout,
      });
    }
  return actors;
}

/** The invariants, checked at every call the cloud applies; violations are collected. */
function checker(world: World, command: Command, ghost: Ghost, violations: string[]): CallObserver {
  const actors = actorsOf(world, command);
  const serving = (weights: ReadonlyMap<string, number>) => [...weights.values()].some((w) => w > 0);
  return (call, before) => {
    const actor = actors.get(call.by)!;
    const now = world.cloud;
    const say = (what: string) => violations.push(`${call.by} ${call.kind} ${call.ids.join(",")}: ${what}`);
    const gated = actor.rollout?.healthGate !== undefined;
    if (call.kind === "health")
      for (const id of call.healthy ?? [])
        if (ghost.unverified.get(id) === call.by) ghost.unverified.delete(id);
    if (call.kind === "add" && gated && actor.declared)
      for (const id of call.ids) ghost.unverified.set(id, call.by);
    if (call.kind === "remove") {
      // 1. The gate before any detach.
      if (gated && actor.declared) {
        const waiting = [...actor.declared.members.keys()].filter((m) => ghost.unverified.get(m) === call.by);
        if (waiting.length > 0)
          say(`detached while ${waiting.join(",")}, added under its gate, never reported healthy`);
      }
      // 2. The drain.
      const drain = actor.rollout?.drainSeconds;
      // A delete cannot be refused for good: a member whose weight 0 would go to its scope's members
      // that stay goes without its drain (and only such a member).
      const alone = (id: string) =>
        actor.declared === undefined &&
        [...before].some(
          ([o, w]) => o !== id && scopeOf(o) === scopeOf(id) && w > 0 && !call.ids.includes(o),
        );
      if (drain !== undefined)
        for (const id of call.ids.filter((i) => !alone(i))) {
          const since = ghost.zeroSince.get(id);
          if (before.get(id) !== 0 || since === undefined || call.at - since < drain * 1000)
            say(
              `${id} detached at weight ${before.get(id)} after ${since === undefined ? 0 : call.at - since} ms at 0, drain ${drain} s`,
            );
        }
      // 3. maxRemovals.
      for (const id of call.ids) actor.removed.add(id);
      const limit = call.by.endsWith("~old")
        ? Number.POSITIVE_INFINITY
        : removalLimit(actor.rollout?.maxRemovals, actor.owned.size);
      if (actor.removed.size > limit)
        say(
          `${actor.removed.size} detached in one command, maxRemovals ${actor.rollout?.maxRemovals} of ${actor.owned.size} allows ${limit}`,
        );
      for (const id of call.ids) if (FOREIGN.includes(id)) say(`detached ${id}, which nobody declares`);
    }
    // 4. Never emptied, never left with nothing serving, by a resource that declares members.
    if (call.kind !== "list" && call.kind !== "health" && actor.declared && actor.declared.members.size > 0) {
      if (before.size > 0 && now.size === 0) say("left the group empty");
      const declaresServing = [...actor.declared.members.values()].some((w) => w > 0);
      if (declaresServing && serving(before) && !serving(now)) say("left the group with no member serving");
    }
    // 5. A weight change touches only what it names, and that is the resource's own. An update names a
    // whole scope, once (ENS's Set names an ENI: one entry for both its IPs): it may change the other
    // attached members of a scope it names, if they are the resource's own and not ones it keeps as
    // they are (declared at the weight and port the cloud has).
    if (call.kind === "add" || call.kind === "update" || call.kind === "remove") {
      const nameOf = call.kind === "update" ? scopeOf : (id: string) => id;
      const twice = call.ids.filter((id, i) => call.ids.findIndex((o) => nameOf(o) === nameOf(id)) !== i);
      if (twice.length > 0) say(`named ${twice.map(nameOf).join(",")} twice in one call`);
    }
    if (call.kind === "update") {
      const named = new Set(call.ids.map(scopeOf));
      const changed = [...now].filter(([id, w]) => before.get(id) !== w).map(([id]) => id);
      const unnamed = changed.filter((id) => !named.has(scopeOf(id)));
      if (unnamed.length > 0) say(`changed ${unnamed.join(",")}, which it did not name`);
      const touched = [...new Set([...call.ids, ...changed])];
      const foreign = touched.filter((id) => !actor.declared?.members.has(id) && !actor.owned.has(id));
      if (foreign.length > 0) say(`changed ${foreign.join(",")}, which it neither declares nor owns`);
      const declaredPort = (id: string) => actor.declared?.ports?.get(id) ?? world.ports.get(id);
      const kept = changed.filter(
        (id) =>
          !call.ids.includes(id) &&
          actor.declared?.members.get(id) === before.get(id) &&
          declaredPort(id) === world.ports.get(id),
      );
      if (kept.length > 0) say(`changed ${kept.join(",")}, which it keeps as it is`);
    }
    for (const [id, weight] of now) {
      if (weight !== 0) ghost.zeroSince.delete(id);
      else if (!ghost.zeroSince.has(id)) ghost.zeroSince.set(id, call.at);
    }
    for (const id of ghost.zeroSince.keys()) if (!now.has(id)) ghost.zeroSince.delete(id);
  };
}

const describeProgram = (program: Program) =>
  [...program]
    .map(
      ([n, d]) =>
        `${n}${d.generation ? `#${d.generation}` : ""}{${[...d.members]
          .map(([m, w]) => `${m}:${w}${d.ports?.has(m) ? `/${d.ports.get(m)}` : ""}`)
          .join(",")}}${d.rollout ? JSON.stringify(d.rollout) : ""}`,
    )
    .join(" ");

interface Stats {
  commands: number;
  runs: number;
  crashes: number;
  refreshes: number;
  failed: number;
  faults: number;
  removals: number;
  converged: number;
  /** How often each situation the invariants are about came up (see SITUATIONS). */
  seen: Record<string, number>;
}

/** Situations the model must reach, each found in a run's results or calls. */
const SITUATIONS: Record<string, (text: string) => boolean> = {
  "gate timed out": (t) => /health gate .*: after \d+ s/.test(t),
  "gate failed on a stopped server": (t) => t.includes("cannot become healthy"),
  "maxRemovals refused in check": (t) => /^check .*rollout\.maxRemovals/m.test(t),
  "maxRemovals refused a delete": (t) => t.includes("deleting this attachment would remove"),
  "a re-attachment refused (nothing left serving)": (t) => t.includes("cannot make this change in place"),
  "a drain refused (a weight 0 would change others)": (t) => t.includes("cannot be drained alone"),
  "a re-attachment drained": (t) =>
    /update ([a-z]\d)\b(?:[^|]*\|){1,3}[^|]*remove [^|]*\b\1\b[^|]*\| [^|]*add [^|]*\b\1\b/.test(t),
  "a delete drained": (t) => /^delete-drain/m.test(t),
  "a replaced original deleted": (t) => /~old remove/.test(t),
};

const FAULTS: readonly FaultKind[] = ["lost-answer", "throttled"];

async function explore(seed: number, { initial, steps }: ReturnType<typeof history>, stats: Stats) {
  let world = newWorld(initial);
  let ghost: Ghost = { zeroSince: new Map(), unverified: new Map() };
  let program: Program = new Map();
  const rnd = random(seed * 7919);
  const randomOrder = () => new Scheduler((_i, options) => Math.floor(rnd() * options));

  for (const [index, step] of steps.entries()) {
    for (const [server, health] of step.health) world.health.set(server, health);
    const command: Command =
      step.lift && step.command.kind === "up"
        ? { kind: "up", program: lifted(world, step.command.program) }
        : step.command;
    const next = command.kind === "up" ? command.program : program;
    const context = `seed ${seed}, command ${index} (${command.kind}: ${step.what})\nbefore: ${describeProgram(program)}\nafter:  ${describeProgram(next)}`;

    /** One run of `command` (then, after a crash, of `then` too) from `start`; returns the world after. */
    const run = async (
      start: World,
      startGhost: Ghost,
      faults: FaultPlan,
      recovery?: "refresh" | "again",
    ) => {
      const violations: string[] = [];
      const w = cloneWorld(start);
      const g = cloneGhost(startGhost);
      const trace: string[] = [];
      const once = async (c: Command, f: FaultPlan) => {
        w.calls = [];
        w.observe = checker(w, c, g, violations);
        const scheduler = randomOrder();
        const result = await runCommand(w, c, scheduler, f);
        w.observe = undefined;
        trace.push(`${c.kind}: ${w.calls.map((x) => `${x.by} ${x.kind} ${x.ids.join(",")}`).join(" | ")}`);
        stats.runs++;
        stats.removals += w.calls.filter((x) => x.kind === "remove").length;
        expect(w.resent, `${context}\nsent again after it took effect`).toEqual([]);
        return result;
      };
      const seen = (text: string) => {
        for (const [name, test] of Object.entries(SITUATIONS))
          if (test(text)) stats.seen[name] = (stats.seen[name] ?? 0) + 1;
      };
      const observed = async (c: Command, f: FaultPlan) => {
        const r = await once(c, f);
        seen(
          [
            ...r.checkFailures.map((x) => `check ${x}`),
            ...r.errors,
            trace[trace.length - 1],
            ...(c.kind !== "refresh" &&
            w.calls.some((x) => x.kind === "update" && !(c.kind === "up" && c.program.has(x.by)))
              ? ["delete-drain"]
              : []),
          ].join("\n"),
        );
        return r;
      };
      let result = await observed(command, faults);
      if (faults.injected.length > 0) stats.faults++;
      if (result.crashed) stats.crashes++;
      if (result.crashed && recovery === "refresh") {
        stats.refreshes++;
        await observed({ kind: "refresh" }, new FaultPlan());
      }
      if (result.crashed && recovery) result = await observed(command, new FaultPlan());
      const where = () =>
        `${context}\nfaults: ${faults.injected.join("; ") || "-"}${recovery ? `, then ${recovery}` : ""}\n${trace.join("\n")}\n` +
        `result: ${JSON.stringify(result)}\ncloud after: ${[...w.cloud].join(" ")}`;
      expect(violations, where()).toEqual([]);
      const ok = !result.crashed && result.errors.length === 0 && result.checkFailures.length === 0;
      if (!ok) stats.failed++;
      if (ok && command.kind === "up") {
        stats.converged++;
        const declared = new Map([...command.program.values()].flatMap((d) => [...d.members]));
        for (const [m, weight] of declared) expect(w.cloud.get(m), `${where()}\nmember ${m}`).toBe(weight);
        for (const d of command.program.values())
          for (const [m, port] of d.ports ?? [])
            if (d.members.has(m)) expect(w.ports.get(m), where()).toBe(port);
        const recorded = new Set([...start.state.values()].flatMap((r) => [...ownedOf(r.outputs)]));
        for (const m of w.cloud.keys())
          if (!declared.has(m))
            expect(recorded.has(m) && start.cloud.has(m), `${where()}\nleft ${m}`).toBe(false);
      }
      if (index === steps.length - 1) expect(ok, `${where()}\nthe healed up must succeed`).toBe(true);
      return { world: w, ghost: g };
    };

    const start = cloneWorld(world);
    const first = new FaultPlan();
    const outcome = await run(start, ghost, first);
    const calls = first.calls;
    for (let r = 0; r < 2; r++) await run(start, ghost, new FaultPlan());
    for (let call = 0; call < calls; call++) {
      await run(start, ghost, new FaultPlan(new Map([[call, "crash"]])), rnd() < 0.5 ? "refresh" : "again");
      await run(start, ghost, new FaultPlan(new Map([[call, FAULTS[call % 2]]])));
    }
    stats.commands++;
    world = outcome.world;
    ghost = outcome.ghost;
    if (step.command.kind === "up") program = step.command.program;
  }
}

describe("rollouts under crashes, refreshes, deletes and every cloud quirk", () => {
  it("keep the gate, the drain, maxRemovals, a serving group and other resources' members, at every cloud call", async () => {
    // Fewer under mutation testing (stryker.vitest.config.mts), where not every situation comes up.
    const HISTORIES = Number(process.env.MODEL_HISTORIES ?? 30);
    const stats: Stats = {
      commands: 0,
      runs: 0,
      crashes: 0,
      refreshes: 0,
      failed: 0,
      faults: 0,
      removals: 0,
      converged: 0,
      seen: {},
    };
    const started = Date.now();
    for (let seed = 1; seed <= HISTORIES; seed++) await explore(seed, history(seed), stats);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `rollout model: ${HISTORIES} histories, ${stats.commands} commands, ${stats.runs} runs (${stats.crashes} crashes, ` +
        `${stats.refreshes} refreshes after one, ${stats.faults} with a fault; ${stats.failed} failed as they should, ` +
        `${stats.converged} converged), ${stats.removals} remove calls checked, ${seconds.toFixed(1)} s`,
    );
    console.log(
      Object.entries(stats.seen)
        .map(([name, n]) => `  ${name}: ${n}`)
        .join("\n"),
    );
    expect(stats.crashes).toBeGreaterThan(HISTORIES * 20);
    if (HISTORIES >= 30)
      for (const name of Object.keys(SITUATIONS)) expect(stats.seen[name] ?? 0, name).toBeGreaterThan(0);
  });
});
