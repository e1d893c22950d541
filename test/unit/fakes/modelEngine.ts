/**
 * The real AttachmentProvider on one in-memory load balancer, driven by a model of the Pulumi engine
 * whose every step waits on a Scheduler: `pulumi up` (whole or `--target`) and `pulumi destroy --target`,
 * with each provider call and each cloud call an interleaving point.
 */
import type { MemberApi } from "../../../provider/clouds/memberApi";
import { MemberProblems } from "../../../provider/core/memberProblems";
import type { AttachmentSchema } from "../../../provider/core/schema";
import { integerIn, matches } from "../../../provider/core/validate";
import type { AttachmentKind } from "../../../provider/runtime/attachmentKind";
import { AttachmentProvider } from "../../../provider/runtime/attachmentProvider";
import { Coordination } from "../../../provider/runtime/coordination";
import { fixedSettings } from "../../../provider/runtime/settings";
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

/** One load balancer: id -> weight. Every call waits for the scheduler, then applies at once. */
class GatedCloud implements MemberApi<SimpleMember> {
  readonly target = `load balancer ${LB}`;
  readonly batchSize = 20;
  readonly actions = { list: "List", add: "Add", update: "Update", remove: "Remove" };

  constructor(
    private readonly world: World,
    private readonly scheduler: Scheduler,
  ) {}

  async list(): Promise<SimpleMember[]> {
    await this.call("list", []);
    return [...this.world.cloud].map(([id, weight]) => ({ id, weight }));
  }
  async add(batch: readonly SimpleMember[]): Promise<SimpleMember[]> {
    await this.call("add", batch);
    for (const m of batch) this.world.cloud.set(m.id, m.weight);
    return [...batch];
  }
  async update(batch: readonly { desired: SimpleMember }[]): Promise<void> {
    await this.call(
      "update",
      batch.map((u) => u.desired),
    );
    for (const { desired } of batch) this.world.cloud.set(desired.id, desired.weight);
  }
  async remove(batch: readonly SimpleMember[]): Promise<void> {
    await this.call("remove", batch);
    for (const m of batch) this.world.cloud.delete(m.id);
  }

  private async call(kind: CloudCall["kind"], batch: readonly SimpleMember[]): Promise<void> {
    const ids = batch.map((m) => m.id);
    await this.scheduler.wait(`cloud ${kind} ${ids.join(",")}`);
    this.world.calls.push({ kind, ids });
  }
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
}

export function cloneWorld(world: World): World {
  return { cloud: new Map(world.cloud), state: structuredClone(world.state), calls: [] };
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

function registration(name: string, declaration: Declaration): Props {
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
): Promise<CommandResult> {
  const kind: AttachmentKind<SimpleMember> = {
    schema,
    resolve: (inputs) => ({ ...inputs }),
    targetKey: (resolved) => `model/${String(resolved.loadBalancerId)}`,
    connect: () => new GatedCloud(world, scheduler),
  };
  const provider = new AttachmentProvider(kind, {
    settings: fixedSettings({}, { BACKEND_SERVERS_RETRY_BASE_MS: "0" }),
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
    const diff = await provider.diff(old.id, old.outputs, checked.inputs);
    if (!diff.changes) {
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
