/**
 * The real AttachmentProvider on one in-memory load balancer, driven by a model of the Pulumi engine
 * whose every step waits on a Scheduler: `pulumi up` (whole or `--target`), `pulumi destroy --target` and
 * `pulumi refresh`, with each provider call, each cloud call and each wait on the provider's clock (a
 * backoff, a health poll, a drain) an interleaving point. A command may carry a fault plan: which of its
 * cloud calls fail, and how, the plugin dying at one of them included.
 *
 * The load balancer is the least forgiving of the clouds the package serves, in one: a write naming a
 * member already attached (add) or not attached (update, remove) is refused whole; an update names an
 * update scope, not a member (`s0` and `s1` are two IPs of one ENI: a weight set on one goes to both, as
 * ENS's SetBackendServers does); a port cannot be changed in place (a re-attachment); and each server has
 * a health the test sets, which a health read reports.
 */
import { isDeepStrictEqual } from "node:util";
import type { MemberApi } from "../../../provider/reconcile/memberApi";
import { CloudError } from "../../../provider/reconcile/cloudError";
import { classifyNoAnswer, classifyRefusal, type ErrorTable } from "../../../provider/reconcile/errorClass";
import type { Clock } from "../../../provider/reconcile/clock";
import type { HealthReport, MemberHealth } from "../../../provider/core/health";
import type { MemberModel } from "../../../provider/core/model";
import { MemberProblems } from "../../../provider/core/memberProblems";
import type { AttachmentSchema } from "../../../provider/core/schema";
import { integerIn, matches } from "../../../provider/core/validate";
import { type AttachmentKind, identify } from "../../../provider/clouds/attachmentKind";
import { AttachmentProvider } from "../../../provider/runtime/attachmentProvider";
import { Coordination } from "../../../provider/runtime/coordination";
import { PartialFailure } from "../../../provider/runtime/lifecycle";
import { fixedSettings } from "../../../provider/reconcile/settings";
import type { SimpleMember } from "./memoryCloud";
import type { Scheduler } from "./scheduler";

export const LB = "lb-model";

/** The update scope of a member: `s0` and `s1` share one (two IPs of one ENI), every other is its own. */
export const scopeOf = (id: string): string => (id.startsWith("s") ? "s" : id);

const portChanges = (desired: SimpleMember, actual: SimpleMember) =>
  desired.port !== undefined && desired.port !== actual.port;

/** ENS's model, on the model's members: a port change re-attaches, a weight goes to the whole scope. */
export const scopedModel: MemberModel<SimpleMember> = {
  key: (m) => m.id,
  needsUpdate: (desired, actual) => desired.weight !== actual.weight || portChanges(desired, actual),
  reattach: portChanges,
  updateScope: (m) => scopeOf(m.id),
  label: (m) => (m.port === undefined ? m.id : `${m.id} port ${m.port}`),
  settled: (desired) => desired,
  // A port the declaration left out is left as the cloud has it, and not recorded.
  observed: (actual, previous) =>
    previous !== undefined && previous.port === undefined ? { id: actual.id, weight: actual.weight } : actual,
  declared: (member) => member,
};

const schema: AttachmentSchema<SimpleMember> = {
  typeName: "model.BackendServerAttachment",
  fields: [
    { name: "loadBalancerId", required: true, replaceOnChange: true, check: matches(/^lb-/, "lb-...") },
    // Another replace-on-change input of the same target (as a region is): a replacement that keeps it.
    { name: "generation", required: false, replaceOnChange: true, check: integerIn(0, 1000) },
  ],
  listField: "members",
  identityFields: "(id)",
  model: scopedModel,
  normalizeMember(raw) {
    const problems = new MemberProblems(raw, ["id", "weight", "port"], "a member");
    const member: SimpleMember = { id: raw.id as string, weight: (raw.weight ?? 1) as number };
    if (raw.port !== undefined) member.port = raw.port as number;
    problems.require("id", raw.id, matches(/^[a-z][0-9]$/, "a letter and a digit"));
    problems.check("weight", member.weight, integerIn(0, 100));
    problems.check("port", raw.port, integerIn(1, 65535));
    return { member, problems: problems.list };
  },
};

/**
 * A server's health, as a health read reports it while the member is attached: `good` healthy, `slow`
 * healthy SLOW_MS after it was attached, `bad` failing its check, `gone` stopped (waiting will not help).
 */
export type Health = "good" | "slow" | "bad" | "gone";
export const SLOW_MS = 1500;

export type CallKind = "list" | "add" | "update" | "remove" | "health";

/** One call the cloud applied: what it named, for which resource, when, and the weights around it. */
export interface CloudCall {
  kind: CallKind;
  ids: string[];
  /** The resource whose provider call made it: its name, `name~old` for a replaced original. */
  by: string;
  /** On the world's clock. */
  at: number;
  /** A health read: the members it reported healthy. */
  healthy?: string[];
}

/** Sees every call the cloud applies, with the weights before it (`world.cloud` holds those after). */
export type CallObserver = (call: CloudCall, before: ReadonlyMap<string, number>) => void;

/**
 * How one cloud call fails:
 * - `lost-answer`: the cloud does the call, and its answer never arrives (a time-out). On a write the
 *   provider cannot know whether it took effect; on a read nothing changed and it is read again.
 * - `throttled`: the cloud refuses the call before doing anything; the same call is sent again.
 * - `crash`: the cloud does the call, and the plugin dies before the answer arrives (a CI time-out, a
 *   second Ctrl-C, out of memory): the command ends there, and no step in flight reaches the state.
 */
export type FaultKind = "lost-answer" | "throttled" | "crash";

/** The plugin process died: thrown at every step and cloud call after the crash. */
export class Crash extends Error {
  constructor() {
    super("the plugin died");
    this.name = "Crash";
  }
}

/**
 * The faults of one command, by the index of the cloud call (0-based, in the order the cloud received
 * the calls, refused ones included), and what was injected, for the failure message.
 */
export class FaultPlan {
  /** Cloud calls received so far in this command. */
  calls = 0;
  readonly injected: string[] = [];
  /** The plugin died at one of this command's calls. */
  crashed = false;

  constructor(private readonly faults: ReadonlyMap<number, FaultKind> = new Map()) {}

  /** The fault of the next cloud call, if it has one. */
  next(label: string): FaultKind | undefined {
    const index = this.calls++;
    const fault = this.faults.get(index);
    if (fault) this.injected.push(`call ${index} (${label}): ${fault}`);
    return fault;
  }
}

/**
 * The model's error codes, classified by the provider's own rule (reconcile/errorClass.ts) as every
 * adapter's are: throttling is transient; a write naming a member already attached (add) or not
 * attached (update, remove) is stale, as the adapters classify ELB's `ELB.8907` and `ELB.8904` and the
 * codes inferred for Alibaba (the errors.ts of provider/clouds/alicloud and huaweicloud).
 */
const MODEL_ERRORS: ErrorTable = { transient: ["Throttling"], stale: ["Member.Exists", "Member.NotFound"] };

/**
 * One load balancer: id -> weight (and port, and health). Every call waits for the scheduler, then
 * applies at once, all of its batch or none.
 */
class GatedCloud implements MemberApi<SimpleMember> {
  readonly target = `load balancer ${LB}`;
  readonly batchSize = 20;
  readonly actions = { add: "Add", update: "Update", remove: "Remove" };

  /**
   * The writes of this provider call that took effect and whose answer was lost, by what they did
   * (`add m1:2`): the member, and the index in `world.calls` at which the write was applied.
   */
  private readonly lost = new Map<string, { id: string; at: number }>();

  constructor(
    private readonly world: World,
    private readonly scheduler: Scheduler,
    private readonly faults: FaultPlan,
    private readonly by: string,
  ) {}

  async list(): Promise<SimpleMember[]> {
    return this.call("list", [], () =>
      [...this.world.cloud].map(([id, weight]) => {
        const port = this.world.ports.get(id);
        return port === undefined ? { id, weight } : { id, weight, port };
      }),
    );
  }
  async add(batch: readonly SimpleMember[]): Promise<SimpleMember[]> {
    await this.call("add", batch, () => {
      if (batch.some((m) => this.world.cloud.has(m.id))) throw this.refusal("add", 409, "Member.Exists");
      for (const m of batch) {
        this.world.cloud.set(m.id, m.weight);
        if (m.port !== undefined) this.world.ports.set(m.id, m.port);
        this.world.attachedAt.set(m.id, this.world.now);
      }
    });
    return [...batch];
  }
  /** Names scopes: every attached member of a named member's scope takes its weight. */
  async update(batch: readonly { desired: SimpleMember }[]): Promise<void> {
    const members = batch.map((u) => u.desired);
    await this.call("update", members, () => {
      this.requireAttached("update", members);
      for (const m of members)
        for (const id of this.world.cloud.keys())
          if (scopeOf(id) === scopeOf(m.id)) this.world.cloud.set(id, m.weight);
    });
  }
  async remove(batch: readonly SimpleMember[]): Promise<void> {
    await this.call("remove", batch, () => {
      this.requireAttached("remove", batch);
      for (const m of batch) {
        this.world.cloud.delete(m.id);
        this.world.ports.delete(m.id);
        this.world.attachedAt.delete(m.id);
      }
    });
  }
  async health(members: readonly SimpleMember[]): Promise<HealthReport> {
    const report = new Map<string, MemberHealth>();
    await this.call("health", members, () => {
      for (const { id } of members) {
        const since = this.world.attachedAt.get(id);
        if (!this.world.cloud.has(id) || since === undefined) continue;
        const health = this.world.health.get(id) ?? "good";
        report.set(
          id,
          health === "good" || (health === "slow" && this.world.now - since >= SLOW_MS)
            ? { state: "healthy", reported: health }
            : health === "slow"
              ? { state: "checking", reported: health }
              : health === "bad"
                ? { state: "unhealthy", reported: health }
                : { state: "unhealthy", reported: health, final: true },
        );
      }
      return [...report].filter(([, h]) => h.state === "healthy").map(([id]) => id);
    });
    return { members: report, connectionDrainSeconds: 0 };
  }

  private requireAttached(kind: CallKind, batch: readonly SimpleMember[]): void {
    if (batch.some((m) => !this.world.cloud.has(m.id))) throw this.refusal(kind, 404, "Member.NotFound");
  }

  /** Waits for the scheduler, then applies the call (recorded once applied), failing as planned. */
  private async call<T>(kind: CallKind, batch: readonly SimpleMember[], apply: () => T): Promise<T> {
    const ids = batch.map((m) => m.id);
    const label = `cloud ${kind} ${ids.join(",")}`;
    await this.scheduler.wait(label);
    if (this.faults.crashed) throw new Crash();
    const writes = batch.map((m) => ({ id: m.id, write: `${kind} ${m.id}:${m.weight}` }));
    if (kind !== "health") this.noteResent(writes.map((w) => w.write));
    const fault = this.faults.next(label);
    if (fault === "throttled") throw this.refusal(kind, 400, "Throttling");
    const before = this.world.observe ? new Map(this.world.cloud) : this.world.cloud;
    const result = apply();
    const call: CloudCall = { kind, ids, by: this.by, at: this.world.now };
    if (kind === "health") call.healthy = result as string[];
    this.world.calls.push(call);
    this.world.observe?.(call, before);
    if (fault === "lost-answer") {
      if (kind !== "health")
        for (const { id, write } of writes) this.lost.set(write, { id, at: this.world.calls.length - 1 });
      throw this.error(
        kind,
        "ETIMEDOUT",
        classifyNoAnswer("ETIMEDOUT", kind !== "list" && kind !== "health"),
      );
    }
    if (fault === "crash") {
      this.faults.crashed = true;
      throw new Crash();
    }
    return result;
  }

  /**
   * Notes in `world.resent` a write this provider call already made, whose answer was lost, sent again
   * while no other write touched that member: the provider did not re-read before sending it again.
   */
  private noteResent(writes: readonly string[]): void {
    for (const write of writes) {
      const lost = this.lost.get(write);
      if (lost === undefined) continue;
      const since = this.world.calls.slice(lost.at + 1);
      if (!since.some((c) => c.kind !== "list" && c.kind !== "health" && c.ids.includes(lost.id)))
        this.world.resent.push(write);
    }
  }

  private refusal(kind: CallKind, status: number, code: string): CloudError {
    return this.error(kind, code, classifyRefusal(MODEL_ERRORS, { status, code, write: kind !== "list" }));
  }

  private error(kind: CallKind, code: string, retry: CloudError["retry"]): CloudError {
    const action = kind === "list" ? "List" : kind === "health" ? "Health" : this.actions[kind];
    return new CloudError({ action, target: this.target, code, message: `model ${code}`, retry });
  }
}

/**
 * Time for the provider's waits (a backoff, a health poll, a drain), on the world's clock: a wait is one
 * more interleaving point (other resources go on meanwhile), and moves the time by what was asked, so that
 * deadlines, gates and drains mean what they say.
 */
function schedulerClock(world: World, scheduler: Scheduler, faults: FaultPlan): Clock {
  return {
    now: () => world.now,
    async sleep(ms) {
      world.now += ms;
      await scheduler.wait("backoff");
      if (faults.crashed) throw new Crash();
    },
  };
}

type Props = Record<string, unknown>;

export interface ResourceState {
  id: string;
  inputs: Props;
  outputs: Props;
  /** The reasons of a partial failure: the engine updates such a resource on the next up, changed or not. */
  initErrors?: string[];
}

/** What the engine keeps between commands (the stack's state) and what the cloud has. */
export interface World {
  /** Member id -> weight. */
  cloud: Map<string, number>;
  /** Member id -> port, for members attached with one. */
  ports: Map<string, number>;
  /** Server id -> health (default good). */
  health: Map<string, Health>;
  /** Member id -> when it was attached, on the world's clock. */
  attachedAt: Map<string, number>;
  /** The world's clock (ms): the provider's waits move it. */
  now: number;
  state: Map<string, ResourceState>;
  /** Replaced originals whose delete has not succeeded yet: deleted at the start of the next up. */
  pendingDeletes: (ResourceState & { name: string })[];
  /** The cloud calls of the current command, in the order the cloud applied them. */
  calls: CloudCall[];
  /** Writes a provider call sent again after they took effect (their answer lost): none, ever. */
  resent: string[];
  /** Told of every call the cloud applies (not cloned). */
  observe?: CallObserver;
}

export function newWorld(initial: ReadonlyMap<string, number>): World {
  return {
    cloud: new Map(initial),
    ports: new Map(),
    health: new Map(),
    attachedAt: new Map([...initial.keys()].map((id) => [id, 0])),
    now: 0,
    state: new Map(),
    pendingDeletes: [],
    calls: [],
    resent: [],
  };
}

export function cloneWorld(world: World): World {
  return {
    cloud: new Map(world.cloud),
    ports: new Map(world.ports),
    health: new Map(world.health),
    attachedAt: new Map(world.attachedAt),
    now: world.now,
    state: structuredClone(world.state),
    pendingDeletes: structuredClone(world.pendingDeletes),
    calls: [],
    resent: [],
  };
}

/** An attachment of the program: member id -> weight, and what else it declares. */
export interface Declaration {
  members: Map<string, number>;
  exclusive: boolean;
  /** Member id -> port, for members declared with one. */
  ports?: Map<string, number>;
  rollout?: Props;
  /** A replace-on-change input: a new value replaces the resource (same name, same load balancer). */
  generation?: number;
}

export type Program = Map<string, Declaration>;

export type Command =
  | { kind: "up"; program: Program; targets?: ReadonlySet<string> }
  | { kind: "destroy"; targets: ReadonlySet<string> }
  | { kind: "refresh" };

export interface CommandResult {
  checkFailures: string[];
  /** What a provider call (create, update, delete, diff, read) failed with, by resource. */
  errors: string[];
  /** The plugin died at a cloud call: the command ended there. */
  crashed: boolean;
}

/** The model's resource kind, on whatever load balancer `connect` gives (one per provider call). */
export function modelKind(connect: () => MemberApi<SimpleMember>): AttachmentKind<SimpleMember> {
  const kind: AttachmentKind<SimpleMember> = {
    name: "model",
    schema,
    resolve: (inputs) => ({ ...identify(kind, schema, inputs), inputs: { ...inputs } }),
    connect,
  };
  return kind;
}

export function registration(name: string, declaration: Declaration): Props {
  return {
    loadBalancerId: LB,
    exclusive: declaration.exclusive,
    members: [...declaration.members].map(([id, weight]) => {
      const port = declaration.ports?.get(id);
      return port === undefined ? { id, weight } : { id, weight, port };
    }),
    __attachmentName: name,
    ...(declaration.rollout ? { rollout: declaration.rollout } : {}),
    ...(declaration.generation !== undefined ? { generation: declaration.generation } : {}),
  };
}

/**
 * Runs one command against the world with a fresh plugin process (a new Coordination), the way the engine
 * orders provider calls: per resource Check, then Create, or Diff and, on a change (or after a partial
 * failure), Update, or a replacement (Create, and the original's Delete at the end); deletes of replaced
 * originals, of originals left pending by an earlier command, and of resources the program dropped only
 * once every other step succeeded (the engine's post-steps: pkg/resource/deploy/deployment_executor.go,
 * performPostSteps, v3.248.0). Different resources interleave freely, which is more than the engine does (it checks
 * and diffs in registration order). A step that fails is reported and keeps the state the engine would:
 * a partial failure's outputs, else the old state.
 */
export async function runCommand(
  world: World,
  command: Command,
  scheduler: Scheduler,
  faults = new FaultPlan(),
): Promise<CommandResult> {
  const coordination = new Coordination();
  const clock = schedulerClock(world, scheduler, faults);
  const providers = new Map<string, AttachmentProvider<SimpleMember>>();
  /** One provider per resource, so that each cloud call knows whose it is; one plugin process for all. */
  const providerFor = (by: string) => {
    if (!providers.has(by)) {
      const kind = modelKind(() => new GatedCloud(world, scheduler, faults, by));
      providers.set(
        by,
        new AttachmentProvider(kind, {
          settings: fixedSettings({}, { BACKEND_SERVERS_HEALTH_POLL_MS: "1000" }),
          clock,
          log: () => {},
          coordination,
        }),
      );
    }
    return providers.get(by)!;
  };
  const result: CommandResult = { checkFailures: [], errors: [], crashed: false };

  /** One provider call: waits for the engine to start it; nothing of it counts once the plugin died. */
  const step = async <T>(label: string, call: () => Promise<T>): Promise<T> => {
    await scheduler.wait(label);
    if (faults.crashed) throw new Crash();
    try {
      const value = await call();
      if (faults.crashed) throw new Crash();
      return value;
    } catch (error) {
      if (faults.crashed) throw new Crash();
      throw error;
    }
  };
  const failed = (name: string, error: unknown) => {
    if (error instanceof Crash) throw error;
    result.errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  };

  /** Deletes `old`: the state of `name`, or a replaced original pending delete (`original`). */
  const remove = async (name: string, old: ResourceState, original = false) => {
    try {
      await step(`engine delete ${name}`, () =>
        providerFor(original ? `${name}~old` : name).delete(old.id, old.outputs),
      );
      if (original) world.pendingDeletes = world.pendingDeletes.filter((p) => p !== old);
      else world.state.delete(name);
    } catch (error) {
      failed(name, error);
    }
  };

  const create = async (name: string, inputs: Props): Promise<boolean> => {
    try {
      const created = await step(`engine create ${name}`, () => providerFor(name).create(inputs));
      world.state.set(name, { id: created.id, inputs, outputs: created.outs });
      return true;
    } catch (error) {
      failed(name, error);
      if (error instanceof PartialFailure)
        world.state.set(name, { id: error.id, inputs, outputs: error.properties, initErrors: error.reasons });
      return false;
    }
  };

  const apply = async (name: string, inputs: Props) => {
    const old = world.state.get(name);
    const provider = providerFor(name);
    let checked: { inputs: Props; failures: { reason: string }[] };
    try {
      checked = await step(`engine check ${name}`, () => provider.check(old?.inputs ?? {}, inputs));
    } catch (error) {
      return failed(name, error);
    }
    if (checked.failures.length > 0) {
      result.checkFailures.push(...checked.failures.map((f) => `${name}: ${f.reason}`));
      return;
    }
    if (old === undefined) {
      await create(name, checked.inputs);
      return;
    }
    let diff: { changes: boolean | undefined; replaces: string[] };
    try {
      diff = await step(`engine diff ${name}`, () =>
        provider.dynamicDiff(old.id, old.outputs, checked.inputs),
      );
    } catch (error) {
      return failed(name, error);
    }
    // "Unknown" (undefined): the engine compares the old and new inputs itself.
    const changes = diff.changes ?? !isDeepStrictEqual(old.inputs, checked.inputs);
    if (!changes && old.initErrors === undefined) {
      world.state.set(name, { ...old, inputs: checked.inputs });
      return;
    }
    if (diff.replaces.length > 0) {
      // Create-before-delete: a new id under the same name. Once it exists (a partial failure did create
      // it), the original is marked for deletion at once (pkg/resource/deploy/step.go, v3.248.0), so that
      // a crash leaves it in the state, pending delete; it goes with the other deletes at the end.
      await create(name, checked.inputs);
      if (world.state.get(name) !== old) world.pendingDeletes.push({ ...old, name });
      return;
    }
    try {
      const updated = await step(`engine update ${name}`, () =>
        provider.update(old.id, old.outputs, checked.inputs),
      );
      world.state.set(name, { id: old.id, inputs: checked.inputs, outputs: updated.outs });
    } catch (error) {
      failed(name, error);
      if (error instanceof PartialFailure)
        world.state.set(name, {
          id: old.id,
          inputs: checked.inputs,
          outputs: error.properties,
          initErrors: error.reasons,
        });
    }
  };

  const refresh = async (name: string, old: ResourceState) => {
    try {
      const read = await step(`engine read ${name}`, () => providerFor(name).read(old.id, old.outputs));
      if (read.id === "") world.state.delete(name);
      else world.state.set(name, { ...old, id: read.id, inputs: read.inputs, outputs: read.props });
    } catch (error) {
      failed(name, error);
    }
  };

  const work = async () => {
    if (command.kind === "refresh") {
      await Promise.all([...world.state].map(([name, old]) => refresh(name, old)));
      return;
    }
    if (command.kind === "destroy") {
      await Promise.all(
        [...command.targets].flatMap((name) => {
          const old = world.state.get(name);
          return old ? [remove(name, old)] : [];
        }),
      );
      return;
    }
    const { program, targets } = command;
    const runs = (name: string) => targets === undefined || targets.has(name);
    await Promise.all(
      [...program].filter(([name]) => runs(name)).map(([name, d]) => apply(name, registration(name, d))),
    );
    if (result.checkFailures.length > 0 || result.errors.length > 0) return;
    const dropped = [...world.state.keys()].filter((name) => !program.has(name) && runs(name));
    const pending = [...world.pendingDeletes];

    await Promise.all([
      ...pending.map((old) => remove(old.name, old, true)),
      ...dropped.map((name) => remove(name, world.state.get(name)!)),
    ]);
  };
  try {
    await scheduler.run(work());
  } catch (error) {
    if (!(error instanceof Crash)) throw error;
    result.crashed = true;
  }
  return result;
}
