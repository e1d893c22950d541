import { type FaultRule, startEmulator } from "../../emulator";
import { Stack } from "../../harness/stack";
import { Random } from "./random";
import { inputs, isWrite, program as declare, readsOf, type TestCloud } from "../clouds";
import type { Members, SoakCloud } from "./soakCloud";

export interface SoakOptions {
  rounds: number;
  /** Stop starting new rounds after this long. */
  seconds: number;
  seed: number;
  /** How often the engine re-runs `pulumi up` after a failed one before the round counts as not converged. */
  attempts?: number;
}

export interface SoakReport {
  cloud: string;
  seed: number;
  rounds: number;
  faults: number;
  retries: number;
  converged: number;
  /** Declared members missing after a round, plus members of others that were removed. */
  lost: number;
  /** Faults between an accepted write and its completion: failed jobs and jobs that outlived the wait. */
  jobFaults: number;
  /** Rounds that declared a rollout, and the members they removed under the gate and drain checks. */
  rollouts: number;
  checkedRemovals: number;
  /** Attempts of rollout rounds whose plugin was killed midway, and refreshes run before the next one. */
  crashes: number;
  refreshes: number;
  violations: string[];
}

/** Faults at high rates on every call: throttling, 5xx, latency, time-outs and dropped connections. */
const FAULTS: FaultRule[] = [
  { kind: "throttle", rate: 0.08 },
  { kind: "server-error", rate: 0.05 },
  { kind: "latency", rate: 0.1, latencyMs: 15 },
  { kind: "drop", rate: 0.03 },
  { kind: "drop-after-apply", rate: 0.03 },
  { kind: "timeout-after-apply", rate: 0.02, latencyMs: 600 },
];

/**
 * On an asynchronous API, faults between a write and its completion as well: a job that fails (its change
 * undone), and a job that runs longer than the provider waits for it (COMPLETION_TIMEOUT_MS below), so
 * the run reads the group again while the job still holds it.
 */
const JOB_FAULTS = (cloud: TestCloud): FaultRule[] =>
  [cloud.actions.add, cloud.actions.set, cloud.actions.remove].flatMap((action): FaultRule[] => [
    { cloud: cloud.api, action, kind: "job-fails", rate: 0.04 },
    { cloud: cloud.api, action, kind: "slow-job", rate: 0.05, latencyMs: 400 },
  ]);
/** How long the provider waits for a job: shorter than a slow job, so the wait is given up on. */
const COMPLETION_TIMEOUT_MS = 150;

/**
 * Hundreds of rounds of random changes to one attachment through the real plugin, a fresh plugin per
 * `pulumi up` as the CLI starts one, while the emulator injects faults and another client changes the
 * same load balancer. After every round: the declared members are exactly what the cloud has of them,
 * nothing undeclared was ever removed, the group was never emptied while members were declared, the
 * calls stayed within the minimum plus two per injected fault (a re-read and a re-send), and the cloud
 * refused no call that was not given an injected fault (so no rate quota was ever exceeded).
 *
 * Every third round declares a rollout: on clouds that can gate, a health gate and half the time a drain
 * of 0 or 1 s; on ENS, which reports no per-member health, the drain alone. Those rounds also check that
 * nothing is removed while a member the round added is not yet healthy as the emulator reports it (where
 * gated), and that a member removed under `drainSeconds` was at weight 0, from when the request that set
 * it arrived, for the whole drain period. Their call bound counts writes only (the
 * minimum plus the weight-0 batches, two per fault): how many health reads a gate takes is the gate's.
 * The first attempt of a rollout round kills the plugin at one of the calls after its first write (a CI
 * time-out, a second Ctrl-C), so that nothing of it reaches the state; every other such round runs `pulumi refresh`
 * before the next attempt. The checks above hold across the crash and the refresh.
 */
const SOAK_SLB_WRITE_QUOTA = { calls: 90, windowMs: 1000 };

export async function soak(cloud: SoakCloud, options: SoakOptions): Promise<SoakReport> {
  const random = new Random(options.seed);
  // The soak is about faults, not quotas: CLB's 90 writes per minute would turn hundreds of rounds into
  // a quota wait (each command is a fresh plugin, which knows nothing of the calls before it), so its
  // window is scaled to a second on both sides. ENS and Huawei keep their per-second quotas.
  // The emulator's clock runs with the real one, and each health read moves it one check interval on
  // (only in rollout rounds), so new members turn healthy in a few polls rather than seconds.
  let ahead = 0;
  let rolling = false;
  let gated = false;
  const emulator = await startEmulator({
    now: () => Date.now() + ahead,
    seed: cloud.soakSeed,
    random: () => random.next(),
    quotas: { "slb.write": SOAK_SLB_WRITE_QUOTA },
  });
  const report: SoakReport = {
    cloud: cloud.name,
    seed: options.seed,
    rounds: 0,
    faults: 0,
    retries: 0,
    converged: 0,
    lost: 0,
    jobFaults: 0,
    rollouts: 0,
    checkedRemovals: 0,
    crashes: 0,
    refreshes: 0,
    violations: [],
  };
  const stack = new Stack(
    {
      ...cloud.env(emulator),
      BACKEND_SERVERS_HTTP_TIMEOUT_MS: "200",
      BACKEND_SERVERS_RETRY_BASE_MS: "5",
      BACKEND_SERVERS_RETRY_MAX_MS: "40",
      BACKEND_SERVERS_RETRY_DEADLINE_MS: "4000",
      // A gate polls health every 5 ms of real time; each poll moves the emulator's clock a check on.
      BACKEND_SERVERS_HEALTH_POLL_MS: "5",
      BACKEND_SERVERS_COMPLETION_POLL_MS: "5",
      BACKEND_SERVERS_COMPLETION_TIMEOUT_MS: String(COMPLETION_TIMEOUT_MS),
      BACKEND_SERVERS_SLB_WRITE_QUOTA: `${SOAK_SLB_WRITE_QUOTA.calls}/${SOAK_SLB_WRITE_QUOTA.windowMs / 1000}`,
    },
    cloud.config(),
  );
  let desired: Members = new Map();
  const everDeclared = new Set<string>();
  const theirs = new Set<string>();
  let nextOurs = 0;
  let nextTheirs = 0;
  let round = 0;
  // The previous attempt died while an asynchronous write was under way: its group may still be busy.
  let jobLeftRunning = false;

  // The identity of every member id the cloud ever assigned (clouds that remove by id): every change
  // to the members is either another client's write or a logged call, and both refresh it.
  const identities = new Map<string, string>();
  const learnIds = () => {
    for (const [id, identity] of cloud.memberIds?.(emulator) ?? []) identities.set(id, identity);
  };
  const write = (members: Members) => {
    cloud.write(emulator, members);
    learnIds();
  };

  // Rollout rounds: the members the round adds, the drain declared, and since when (real ms, at the
  // arrival of the request that set it) each member has been at weight 0.
  let added = new Set<string>();
  let drainMs: number | undefined;
  const zeroSince = new Map<string, number>();
  /** Since when each member has been at weight 0, as the cloud has it when `call` arrived. */
  const trackWeights = (call: { startedAt: number }) => {
    for (const [id, weight] of cloud.read(emulator)) {
      if (weight !== 0) zeroSince.delete(id);
      else if (!zeroSince.has(id)) zeroSince.set(id, call.startedAt - ahead);
    }
  };
  const stop = emulator.onCall((call) => {
    if (gated && cloud.health?.readsHealth(call.action)) ahead += 1000;
    // An asynchronous write's change is in place when its job ends, which the read that follows it sees.
    if (rolling && call.action === cloud.completion && !call.code) trackWeights(call);
    if (isWrite(cloud, call.action) && !call.code && !(call.httpStatus === 0 && call.fault === "drop")) {
      if (rolling) {
        const removed = cloud.removed(call.action, call.params).map((ref) => identities.get(ref) ?? ref);
        if (removed.length > 0) checkRemoval(removed, call.startedAt - ahead);
        trackWeights(call);
      }
      for (const ref of cloud.removed(call.action, call.params)) {
        const id = identities.get(ref) ?? ref;
        if (!everDeclared.has(id))
          report.violations.push(`round ${round}: removed ${id}, which this stack never declared`);
      }
      if (desired.size > 0 && cloud.read(emulator).size === 0) {
        report.violations.push(
          `round ${round}: ${call.action} left the group empty while ${desired.size} were declared`,
        );
      }
    }
    learnIds();
  });

  /** A removal in a rollout round: the round's additions all healthy, the removed members drained. */
  const checkRemoval = (removed: string[], arrivedAt: number) => {
    report.checkedRemovals += removed.length;
    const healthy = gated ? cloud.health!.healthy(emulator) : new Map<string, boolean>();
    const unhealthy = [...added].filter((id) => gated && healthy.get(id) !== true);
    if (unhealthy.length > 0) {
      report.violations.push(
        `round ${round}: removed ${removed.join(", ")} while added ${unhealthy.join(", ")} not healthy`,
      );
    }
    if (drainMs === undefined) return;
    for (const id of removed) {
      const since = zeroSince.get(id);
      if (since === undefined || arrivedAt - since < drainMs) {
        report.violations.push(
          `round ${round}: removed ${id} ${since === undefined ? "at a weight above 0" : `after ${arrivedAt - since} ms at weight 0`}, drain ${drainMs} ms`,
        );
      }
    }
  };

  // Servers someone else attached before the stack existed: they must outlive every round.
  const initial: Members = new Map();
  for (let i = 0; i < 3; i++) {
    const id = cloud.theirs(nextTheirs++);
    theirs.add(id);
    initial.set(id, 50);
  }
  write(initial);

  const started = Date.now();
  try {
    for (round = 1; round <= options.rounds && Date.now() - started < options.seconds * 1000; round++) {
      desired = change(random, desired, cloud.changeSize ?? CHANGE_SIZE, () => cloud.ours(nextOurs++));
      for (const id of desired.keys()) everDeclared.add(id);
      meddle(random, cloud.read(emulator), write, desired, theirs, () => cloud.theirs(nextTheirs++));

      const rollout = round % 3 === 0 ? rolloutFor(random, cloud.gates) : undefined;
      rolling = rollout !== undefined;
      gated = rollout?.healthGate !== undefined;
      drainMs = rollout?.drainSeconds === undefined ? undefined : rollout.drainSeconds * 1000;
      const start = cloud.read(emulator);
      added = new Set([...desired.keys()].filter((id) => !start.has(id)));
      zeroSince.clear();
      for (const [id, weight] of start) if (weight === 0) zeroSince.set(id, Date.now());
      const program = await declare(cloud, inputs(cloud, desired, rollout ? { rollout } : {}), {
        name: "soak",
      });
      let converged = false;
      for (let attempt = 1; attempt <= (options.attempts ?? 5) && !converged; attempt++) {
        const before = cloud.read(emulator);
        const owned = ownedBy(stack, cloud);
        const existed = stack.state.size > 0;
        // Another rollout than the state records is a change: the update runs (and reads) even with no write.
        const recorded = [...stack.state.values()][0]?.inputs.rollout;
        const inputsChanged = JSON.stringify(recorded) !== JSON.stringify(rollout);
        emulator.clearCalls();
        for (const rule of [...FAULTS, ...(cloud.completion ? JOB_FAULTS(cloud) : [])]) emulator.inject(rule);
        // A rollout round's first attempt dies at its first or second call after its first write: while
        // a gate reads health, a drain waits, a job is followed, or a batch follows another.
        const killAt = rollout && attempt === 1 ? random.int(1, 2) : 0;
        let killed = false;
        const result = await stack.run(async (engine, plugin) => {
          let sinceWrite = 0;
          const stopKilling = emulator.onCall((call) => {
            if (killAt === 0 || (sinceWrite === 0 && !isWrite(cloud, call.action))) return;
            if (sinceWrite++ === killAt && !killed) {
              killed = true;
              plugin.kill();
            }
          });
          try {
            return await engine.up(program);
          } finally {
            stopKilling();
          }
        });
        emulator.clearFaults();
        if (killed) report.crashes++;
        const all = emulator.calls();
        const faults = all.filter((c) => c.fault && c.fault !== "latency").length;
        // An asynchronous API's job reads, and its busy refusals after a job outlived the wait (or after
        // the previous attempt died with a job under way), are the waiting itself: counted apart. A busy
        // refusal with neither before it breaks the invariant. A fault that forces no refusal: latency, or
        // one that acts on the job of a write the cloud accepts.
        const unforced = (c: (typeof all)[number]) =>
          c.fault === undefined || c.fault === "latency" || c.fault === "slow-job" || c.fault === "job-fails";
        const busy = all.filter(
          (c) => cloud.busyCode !== undefined && c.code === cloud.busyCode && unforced(c),
        );
        const slowJob = all.findIndex((c) => c.fault === "slow-job" && !c.code);
        for (const call of busy) {
          if (!jobLeftRunning && (slowJob < 0 || call.seq < all[slowJob].seq))
            report.violations.push(
              `round ${round}: ${call.action} refused busy with no job outliving its wait`,
            );
        }
        jobLeftRunning = killed && cloud.completion !== undefined;
        report.retries += busy.length;
        report.jobFaults += all.filter(
          (c) => (c.fault === "slow-job" || c.fault === "job-fails") && !c.code,
        ).length;
        const calls = all.filter((c) => c.action !== cloud.completion && !busy.includes(c));
        const newToState = [...desired.keys()].some((id) => !owned.has(id));
        const minimum =
          minimalCalls(cloud, before, owned, desired, cloud.batchSize, existed, inputsChanged) +
          (existed && newToState ? (cloud.quotaReads ?? 0) : 0);
        report.faults += faults;
        if (rollout) {
          const writes = calls.filter((c) => isWrite(cloud, c.action)).length;
          const least = minimalWrites(
            before,
            owned,
            desired,
            cloud.batchSize,
            cloud.setBatchSize ?? cloud.batchSize,
            rollout.drainSeconds !== undefined,
          );
          report.retries += Math.max(0, writes - least);
          if (writes > least + 2 * faults) {
            report.violations.push(
              `round ${round}: ${writes} writes for a minimum of ${least} with ${faults} faults (rollout)`,
            );
          }
        } else {
          report.retries += Math.max(0, calls.length - minimum);
          if (calls.length > minimum + 2 * faults) {
            report.violations.push(
              `round ${round}: ${calls.length} calls for a minimum of ${minimum} with ${faults} faults`,
            );
          }
        }
        // Nothing but an injected fault may make the cloud refuse a call: not its own rate limit (ENS),
        // not a member added twice or updated after it was gone.
        for (const call of calls.filter((c) => c.code && unforced(c))) {
          report.violations.push(
            `round ${round}: ${call.action} refused with ${call.code}, no fault injected`,
          );
        }
        converged = result.steps.every((s) => !s.error) && sameMembers(cloud.read(emulator), desired);
        // Every other rollout round refreshes after its crash, as `pulumi up --refresh` would.
        if (killed && report.rollouts % 2 === 0) {
          await stack.run((engine) => engine.refresh());
          report.refreshes++;
        }
      }
      report.rounds++;
      if (rollout) report.rollouts++;
      if (converged) report.converged++;
      const after = cloud.read(emulator);
      for (const [id] of desired) if (!after.has(id)) report.lost++;
      for (const id of theirs) if (!after.has(id)) report.lost++;
    }
  } finally {
    stop();
    await emulator.close();
  }
  return report;
}

const CHANGE_SIZE = { usual: 12, large: 45 };

/**
 * A rollout round's declaration. On a cloud that can gate: always a gate (that must pass well within its
 * timeout), half with a drain; elsewhere (ENS reports no per-member health) a drain alone. A drain is of
 * 0 s (weight 0, then removal) or, one time in three, 1 s of real time: the soak's budget.
 */
function rolloutFor(
  random: Random,
  gates: boolean,
): { healthGate?: { timeoutSeconds: number }; drainSeconds?: number } {
  const drainSeconds = random.chance(1 / 3) ? 1 : 0;
  if (!gates) return { drainSeconds };
  const healthGate = { timeoutSeconds: 60 };
  return random.chance(0.5) ? { healthGate } : { healthGate, drainSeconds };
}

/** The next desired set: some members added, some removed, some re-weighted; sometimes none at all. */
function change(
  random: Random,
  current: Members,
  size: { usual: number; large: number },
  fresh: () => string,
): Members {
  const next = new Map(current);
  const k = () => random.int(0, random.chance(0.2) ? size.large : size.usual);
  for (const id of random.sample([...next.keys()], k())) next.delete(id);
  for (const id of random.sample([...next.keys()], k())) next.set(id, random.int(0, 100));
  for (let i = k() + (next.size === 0 ? 1 : 0); i > 0; i--) next.set(fresh(), random.int(0, 100));
  return next;
}

/** Another client: attaches and detaches its own servers, and re-weights or detaches one of ours. */
function meddle(
  random: Random,
  members: Members,
  write: (members: Members) => void,
  desired: Members,
  theirs: Set<string>,
  fresh: () => string,
): void {
  if (!random.chance(0.5)) return;
  if (random.chance(0.5)) {
    const id = fresh();
    theirs.add(id);
    members.set(id, random.int(0, 100));
  } else if (theirs.size > 0) {
    const id = random.pick([...theirs]);
    theirs.delete(id);
    members.delete(id);
  }
  const ours = [...members.keys()].filter((id) => desired.has(id));
  if (ours.length > 0 && random.chance(0.5)) members.set(random.pick(ours), random.int(0, 100));
  if (ours.length > 0 && random.chance(0.3)) members.delete(random.pick(ours));
  write(members);
}

/** The members the stack's one resource recorded as its own, by soak identity. */
function ownedBy(stack: Stack, cloud: SoakCloud): Set<string> {
  const [resource] = stack.state.values();
  const members = (resource?.outputs[cloud.membersField] ?? {}) as Record<string, Record<string, unknown>>;
  return new Set(Object.values(members).map((m) => cloud.identity(m)));
}

/** What a round asks of the cloud: members to add, to re-weight, and the owned ones to remove. */
function changes(before: Members, owned: Set<string>, desired: Members) {
  let add = 0;
  let update = 0;
  for (const [id, weight] of desired) {
    if (!before.has(id)) add++;
    else if (before.get(id) !== weight) update++;
  }
  const removed = [...owned].filter((id) => before.has(id) && !desired.has(id));
  return { add, update, removed };
}

/**
 * One read by the update (or create), and, for a resource already in state, one more by its diff, which
 * reads the group to detect drift; a diff that finds nothing to do (no write, no other input changed) is
 * the only read. A read takes one call per page of the group.
 */
function minimalCalls(
  cloud: TestCloud,
  before: Members,
  owned: Set<string>,
  desired: Members,
  batch: number,
  existed: boolean,
  inputsChanged: boolean,
): number {
  const { add, update, removed } = changes(before, owned, desired);
  const writes =
    Math.ceil(add / batch) +
    Math.ceil(update / (cloud.setBatchSize ?? batch)) +
    Math.ceil(removed.length / batch);
  return (existed && (writes > 0 || inputsChanged) ? 2 : 1) * readsOf(cloud, before.size).length + writes;
}

/**
 * The writes of a rollout attempt: ceil(n/batch) per kind of change, plus, with a drain, the batches that
 * set the members to remove to weight 0 (those not there already).
 */
function minimalWrites(
  before: Members,
  owned: Set<string>,
  desired: Members,
  batch: number,
  setBatch: number,
  drains: boolean,
): number {
  const { add, update, removed } = changes(before, owned, desired);
  const toZero = drains ? removed.filter((id) => before.get(id) !== 0).length : 0;
  return (
    Math.ceil(add / batch) +
    Math.ceil(update / setBatch) +
    Math.ceil(toZero / setBatch) +
    Math.ceil(removed.length / batch)
  );
}

function sameMembers(actual: Members, desired: Members): boolean {
  return [...desired].every(([id, weight]) => actual.get(id) === weight);
}

export function summary(reports: SoakReport[]): string {
  const sum = (f: (r: SoakReport) => number) => reports.reduce((n, r) => n + f(r), 0);
  return `soak: ${sum((r) => r.rounds)} rounds, ${sum((r) => r.faults)} faults, ${sum((r) => r.retries)} retries, converged ${sum((r) => r.converged)}/${sum((r) => r.rounds)}, lost ${sum((r) => r.lost)}`;
}
