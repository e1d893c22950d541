/**
 * The real AttachmentProvider on one in-memory load balancer, driven by a model of the Pulumi engine
 * whose every step waits on a Scheduler: `pulumi up` (whole or `--target`) and `pulumi destroy --target`,
 * with each provider call, each cloud call and each backoff before a retry an interleaving point. A
 * command may carry a fault plan: which of its cloud calls fail, and how.
 */
import { isDeepStrictEqual } from "node:util";
import type { MemberApi } from "../../../provider/reconcile/memberApi";
import { CloudError } from "../../../provider/reconcile/cloudError";
import { classifyNoAnswer, classifyRefusal, type ErrorTable } from "../../../provider/reconcile/errorClass";
import type { Clock } from "../../../provider/reconcile/clock";
import { MemberProblems } from "../../../provider/core/memberProblems";
import type { AttachmentSchema } from "../../../provider/core/schema";
import { integerIn, matches } from "../../../provider/core/validate";
import { type AttachmentKind, identify } from "../../../provider/clouds/attachmentKind";
import { AttachmentProvider } from "../../../provider/runtime/attachmentProvider";
import { Coordination } from "../../../provider/runtime/coordination";
import { fixedSettings } from "../../../provider/reconcile/settings";
import { type SimpleMember, simpleModel } from "./memoryCloud";
import type { Scheduler } from "./scheduler";

export const LB = "lb-model";

const schema: AttachmentSchema<SimpleMember> = {
  typeName: "model.BackendServerAttachment",
  fields: [
    { name: "loadBalancerId", required: true, replaceOnChange: true, check: matches(/^lb-/, "lb-...") },
  ],
  listField: "members",
  identityFields: "(id)",
  model: simpleModel,
  normalizeMember(raw) {
    const problems = new MemberProblems(raw, ["id", "weight"], "a member");
    const member = { id: raw.id as string, weight: (raw.weight ?? 1) as number };
    problems.require("id", raw.id, matches(/^[a-z][0-9]$/, "a letter and a digit"));
    problems.check("weight", member.weight, integerIn(0, 100));
    return { member, problems: problems.list };
  },
};

export type CloudCall = { kind: "list" | "add" | "update" | "remove"; ids: string[] };

/**
 * How one cloud call fails:
 * - `lost-answer`: the cloud does the call, and its answer never arrives (a time-out). On a write the
 *   provider cannot know whether it took effect; on the read nothing changed and it is read again.
 * - `throttled`: the cloud refuses the call before doing anything; the same call is sent again.
 */
export type FaultKind = "lost-answer" | "throttled";

/**
 * The faults of one command, by the index of the cloud call (0-based, in the order the cloud received
 * the calls, refused ones included), and what was injected, for the failure message.
 */
export class FaultPlan {
  /** Cloud calls received so far in this command. */
  calls = 0;
  readonly injected: string[] = [];

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
 * One load balancer: id -> weight. Every call waits for the scheduler, then applies at once, all of its
 * batch or none. The least forgiving cloud: a write that names a member already attached (add) or not
 * attached (update, remove) is refused whole, so a write sent again after it took effect is refused.
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
  ) {}

  async list(): Promise<SimpleMember[]> {
    await this.call("list", [], () => {});
    return [...this.world.cloud].map(([id, weight]) => ({ id, weight }));
  }
  async add(batch: readonly SimpleMember[]): Promise<SimpleMember[]> {
    await this.call("add", batch, () => {
      if (batch.some((m) => this.world.cloud.has(m.id))) throw this.refusal("add", 409, "Member.Exists");
      for (const m of batch) this.world.cloud.set(m.id, m.weight);
    });
    return [...batch];
  }
  async update(batch: readonly { desired: SimpleMember }[]): Promise<void> {
    const members = batch.map((u) => u.desired);
    await this.call("update", members, () => {
      this.requireAttached("update", members);
      for (const m of members) this.world.cloud.set(m.id, m.weight);
    });
  }
  async remove(batch: readonly SimpleMember[]): Promise<void> {
    await this.call("remove", batch, () => {
      this.requireAttached("remove", batch);
      for (const m of batch) this.world.cloud.delete(m.id);
    });
  }

  private requireAttached(kind: CloudCall["kind"], batch: readonly SimpleMember[]): void {
    if (batch.some((m) => !this.world.cloud.has(m.id))) throw this.refusal(kind, 404, "Member.NotFound");
  }

  /** Waits for the scheduler, then applies the call (recorded once applied), failing as planned. */
  private async call(
    kind: CloudCall["kind"],
    batch: readonly SimpleMember[],
    apply: () => void,
  ): Promise<void> {
    const ids = batch.map((m) => m.id);
    const label = `cloud ${kind} ${ids.join(",")}`;
    await this.scheduler.wait(label);
    const writes = batch.map((m) => ({ id: m.id, write: `${kind} ${m.id}:${m.weight}` }));
    this.noteResent(writes.map((w) => w.write));
    const fault = this.faults.next(label);
    if (fault === "throttled") throw this.refusal(kind, 400, "Throttling");
    apply();
    this.world.calls.push({ kind, ids });
    if (fault === "lost-answer") {
      for (const { id, write } of writes) this.lost.set(write, { id, at: this.world.calls.length - 1 });
      throw this.error(kind, "ETIMEDOUT", classifyNoAnswer("ETIMEDOUT", kind !== "list"));
    }
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
      if (!since.some((c) => c.kind !== "list" && c.ids.includes(lost.id))) this.world.resent.push(write);
    }
  }

  private refusal(kind: CloudCall["kind"], status: number, code: string): CloudError {
    return this.error(kind, code, classifyRefusal(MODEL_ERRORS, { status, code, write: kind !== "list" }));
  }

  private error(kind: CloudCall["kind"], code: string, retry: CloudError["retry"]): CloudError {
    const action = kind === "list" ? "List" : this.actions[kind];
    return new CloudError({ action, target: this.target, code, message: `model ${code}`, retry });
  }
}

/**
 * Time for the provider's backoffs: a wait is one more interleaving point (other resources go on
 * meanwhile), and moves the time by what was asked, so that the retry deadline means what it says.
 */
function schedulerClock(scheduler: Scheduler): Clock {
  let now = 0;
  return {
    now: () => now,
    async sleep(ms) {
      now += ms;
      await scheduler.wait("backoff");
    },
  };
}

type Props = Record<string, unknown>;

export interface ResourceState {
  id: string;
  inputs: Props;
  outputs: Props;
}

/** What the engine keeps between commands (the stack's state) and what the cloud has. */
export interface World {
  cloud: Map<string, number>;
  state: Map<string, ResourceState>;
  /** The cloud calls of the current command, in the order the cloud applied them. */
  calls: CloudCall[];
  /** Writes a provider call sent again after they took effect (their answer lost): none, ever. */
  resent: string[];
}

export function cloneWorld(world: World): World {
  return { cloud: new Map(world.cloud), state: structuredClone(world.state), calls: [], resent: [] };
}

/** An attachment of the program: member id -> weight. */
export interface Declaration {
  members: Map<string, number>;
  exclusive: boolean;
}

export type Program = Map<string, Declaration>;

export type Command =
  | { kind: "up"; program: Program; targets?: ReadonlySet<string> }
  | { kind: "destroy"; targets: ReadonlySet<string> };

export interface CommandResult {
  checkFailures: string[];
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
    members: [...declaration.members].map(([id, weight]) => ({ id, weight })),
    __attachmentName: name,
  };
}

/**
 * Runs one command against the world with a fresh plugin process (a new Coordination), the way the engine
 * orders provider calls: per resource Check, then Create, or Diff and, on a change, Update; deletes of
 * resources the program dropped only once every other step succeeded. Different resources interleave
 * freely, which is more than the engine does (it checks and diffs in registration order).
 */
export async function runCommand(
  world: World,
  command: Command,
  scheduler: Scheduler,
  faults = new FaultPlan(),
): Promise<CommandResult> {
  const kind = modelKind(() => new GatedCloud(world, scheduler, faults));
  const provider = new AttachmentProvider(kind, {
    settings: fixedSettings({}, {}),
    clock: schedulerClock(scheduler),
    log: () => {},
    coordination: new Coordination(),
  });
  const checkFailures: string[] = [];

  const remove = async (name: string) => {
    const old = world.state.get(name);
    if (old === undefined) return;
    await scheduler.wait(`engine delete ${name}`);
    await provider.delete(old.id, old.outputs);
    world.state.delete(name);
  };

  const apply = async (name: string, inputs: Props) => {
    const old = world.state.get(name);
    await scheduler.wait(`engine check ${name}`);
    const checked = await provider.check(old?.inputs ?? {}, inputs);
    if (checked.failures.length > 0) {
      checkFailures.push(...checked.failures.map((f) => `${name}: ${f.reason}`));
      return;
    }
    if (old === undefined) {
      await scheduler.wait(`engine create ${name}`);
      const created = await provider.create(checked.inputs);
      world.state.set(name, { id: created.id, inputs: checked.inputs, outputs: created.outs });
      return;
    }
    await scheduler.wait(`engine diff ${name}`);
    const diff = await provider.dynamicDiff(old.id, old.outputs, checked.inputs);
    // "Unknown" (undefined): the engine compares the old and new inputs itself.
    const changes = diff.changes ?? !isDeepStrictEqual(old.inputs, checked.inputs);
    if (!changes) {
      world.state.set(name, { ...old, inputs: checked.inputs });
      return;
    }
    await scheduler.wait(`engine update ${name}`);
    const updated = await provider.update(old.id, old.outputs, checked.inputs);
    world.state.set(name, { id: old.id, inputs: checked.inputs, outputs: updated.outs });
  };

  const work = async () => {
    if (command.kind === "destroy") {
      await Promise.all([...command.targets].map(remove));
      return;
    }
    const { program, targets } = command;
    const runs = (name: string) => targets === undefined || targets.has(name);
    await Promise.all(
      [...program].filter(([name]) => runs(name)).map(([name, d]) => apply(name, registration(name, d))),
    );
    if (checkFailures.length > 0) return;
    const dropped = [...world.state.keys()].filter((name) => !program.has(name) && runs(name));
    await Promise.all(dropped.map(remove));
  };
  await scheduler.run(work());
  return { checkFailures };
}
