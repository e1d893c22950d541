import { randomBytes } from "node:crypto";
import { type DiffResult, diffInputs } from "../core/diff";
import { detectDrift } from "../core/drift";
import { type Failure, memberPath } from "../core/failures";
import { sortedByKey } from "../core/keyed";
import { labelOf } from "../core/model";
import { resourceName } from "../core/resourceName";
import { checkInputs } from "../core/schema";
import { containsUnknown } from "../core/unknown";
import { isPlainObject } from "../core/validate";
import type { MemberApi } from "../reconcile/memberApi";
import { ReconcileFailure, type ReconcileOutcome, reconcile, TargetGone } from "../reconcile/reconcile";
import { memberKeys, readRollout, removalLimit } from "../core/rollout";
import { type Clock, realClock } from "../reconcile/clock";
import { healthOutput, readHealth } from "../reconcile/health";
import { anyButPermanent, RetryBudget } from "../reconcile/retry";
import {
  NO_PROGRESS,
  RemovalRefused,
  type RolloutProgress,
  RolloutRun,
  removalRefusal,
} from "../reconcile/rollout";
import { RunShared } from "../reconcile/runShared";
import { type AttachmentKind, identify, type Target } from "../clouds/attachmentKind";
import { type Claim, Coordination, claimOwner } from "./coordination";
import { DRIFT_READ_ENV, driftReadEnabled } from "./driftRead";
import { ConfigError, type Settings, tuning } from "../reconcile/settings";
import { declaredInputs, progressOutput, readManaged, readProgress, stateOutputs } from "./state";

type Props = Record<string, unknown>;

export interface ProviderDeps {
  settings: Settings;
  /** Progress lines; the plugin shows stderr to the user. */
  log: (line: string) => void;
  /** For health gates, drains and the backoff between retries; default the real clock. */
  clock?: Clock;
  /**
   * What the resources of this plugin process know about each other: the runtime shares one among all
   * resource types. A provider given none has its own.
   */
  coordination?: Coordination;
  /** What the adapters of this run share (quota windows, refused credentials); likewise. */
  shared?: RunShared;
}

/**
 * Thrown when a create or update stops midway. The plugin turns `id`, `properties` and `reasons` into
 * Pulumi's "initialization failed" result: the engine records these outputs (which must carry
 * `__provider`) and runs update on the next `pulumi up`, which continues from what was reached.
 */
export class PartialFailure extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Props,
    readonly reasons: string[],
  ) {
    super(message);
    this.name = "PartialFailure";
  }
}

/** The dynamic-provider methods for one resource type, on top of its kind. */
export class AttachmentProvider<M, T extends Target = Target> {
  private readonly coordination: Coordination;
  private readonly shared: RunShared;

  constructor(
    private readonly kind: AttachmentKind<M, T>,
    private readonly deps: ProviderDeps,
  ) {
    this.coordination = deps.coordination ?? new Coordination();
    this.shared = deps.shared ?? new RunShared();
  }

  private get schema() {
    return this.kind.schema;
  }

  /**
   * Validates and normalizes, then records what the resource declares on its load balancer or pool, so
   * that two resources of one deployment that declare the same member, or an exclusive resource beside
   * another, fail here, before either changes anything.
   */
  async check(_olds: Props, news: Props): Promise<{ inputs: Props; failures: Failure[] }> {
    const result = checkInputs(this.schema, news);
    if (result.failures.length === 0) result.failures.push(...this.claimDeclared(result.inputs));
    if (result.failures.length === 0) result.failures.push(...this.removalGuard(_olds, result.inputs));
    return result;
  }

  /** What a preview shows: drift (see diffAgainstCloud) and, with `rollout`, what the rollout will do. */
  async diff(id: string, olds: Props, news: Props): Promise<DiffResult> {
    const result = await this.diffAgainstCloud(id, olds, news);
    if (result.changes) this.previewRollout(olds, checkInputs(this.schema, news, "checked").inputs);
    return result;
  }

  /**
   * The program against the recorded state, and, when every input is known, the cloud against both: one
   * read of the group (paced and retried like any read) finds a member detached, changed or left behind
   * since the last `pulumi up`, whatever detached it (a targeted run, an unlucky order, a change by hand).
   * Only "update" reaches the engine, so each drifted member is also printed on stderr, which the CLI
   * shows with the preview.
   */
  private async diffAgainstCloud(_id: string, olds: Props, news: Props): Promise<DiffResult> {
    const checked = checkInputs(this.schema, news, "checked").inputs;
    const target = this.resolveForDiff(checked);
    const fromInputs = diffInputs(this.schema, olds, target?.inputs ?? checked);
    if (target === undefined || fromInputs.replaces.length > 0 || containsUnknown(checked)) return fromInputs;
    if (!driftReadEnabled(this.deps.settings)) return fromInputs;

    const { model, listField, typeName } = this.schema;
    const desired = Object.values(checked[listField] as Record<string, M>);
    const owner = claimOwner(
      resourceName(checked),
      desired.map((m) => model.key(m)),
    );
    const name = resourceName(checked) ?? resourceName(olds);
    const where = (api: { target: string }) => `${typeName}${name ? ` "${name}"` : ""} (${api.target})`;
    const cannotRead = (error: unknown) =>
      new Error(
        `could not read ${target.label} to compare it with the declaration: ` +
          `${error instanceof Error ? error.message : String(error)}. ` +
          `Set ${DRIFT_READ_ENV}=off to preview against the recorded state only`,
      );
    let api: MemberApi<M>;
    try {
      api = this.kind.connect(target, this.deps.settings, this.shared); // credentials are read here
    } catch (error) {
      throw cannotRead(error);
    }
    // Queued behind any reconcile of the same group that started before: the read sees what it left.
    return this.coordination.exclusively(target.key, async () => {
      let actual: M[] | undefined;
      try {
        actual = await this.budget().run(() => api.list(), anyButPermanent);
      } catch (error) {
        throw cannotRead(error);
      }
      if (actual === undefined) {
        this.deps.log(
          `drift in ${where(api)}: it does not exist (deleted outside Pulumi?); pulumi up fails, pulumi refresh drops the resource from state`,
        );
        return { ...fromInputs, changes: true };
      }
      const drift = detectDrift(model, {
        desired,
        actual,
        recorded: readManaged(this.schema, olds),
        recordedExclusive: olds.exclusive === true,
        exclusive: checked.exclusive === true,
        protectedKeys: this.coordination.claimedByOthers(target.key, owner),
      });
      for (const line of drift.lines) this.deps.log(`drift in ${where(api)}: ${line}`);
      return { ...fromInputs, changes: fromInputs.changes || drift.changes };
    });
  }

  /**
   * `rollout.maxRemovals` against the previous declaration, in `check`: a preview shows the refusal, and
   * an `up` stops before any call. The update checks again against what the cloud has.
   */
  private removalGuard(olds: Props, inputs: Props): Failure[] {
    const rollout = readRollout(inputs.rollout);
    if (rollout?.maxRemovals === undefined || containsUnknown(inputs[this.schema.listField])) return [];
    const before = memberKeys(this.schema.model, olds[this.schema.listField]);
    const after = new Set(memberKeys(this.schema.model, inputs[this.schema.listField]));
    const removed = before.filter((key) => !after.has(key));
    const limit = removalLimit(rollout.maxRemovals, before.length);
    if (removed.length <= limit) return [];
    const [field] = this.schema.fields;
    const where = `${field.name} ${String(inputs[field.name])}`;
    return [
      {
        property: "rollout.maxRemovals",
        reason: removalRefusal(rollout.maxRemovals, limit, removed, before.length, where),
      },
    ];
  }

  /** What a rollout will do, on stderr, which the CLI shows with the preview. */
  private previewRollout(olds: Props, checked: Props): void {
    const rollout = readRollout(checked.rollout);
    if (!rollout || containsUnknown(checked[this.schema.listField])) return;
    const before = memberKeys(this.schema.model, olds[this.schema.listField]);
    const after = memberKeys(this.schema.model, checked[this.schema.listField]);
    const added = after.filter((key) => !before.includes(key));
    const removed = before.filter((key) => !after.includes(key));
    const [field] = this.schema.fields;
    const where = `${field.name} ${String(checked[field.name])}`;
    const gate = rollout.healthGate;
    if (added.length > 0) {
      this.deps.log(
        `rollout of ${where}: adds ${added.join(", ")}` +
          (gate
            ? `, then waits up to ${gate.timeoutSeconds} s until ${gate.minHealthyRatio === 1 ? "all are" : `${Math.round(gate.minHealthyRatio * 100)}% are`} healthy before removing anything`
            : ""),
      );
    }
    if (removed.length > 0) {
      this.deps.log(
        `rollout of ${where}: ` +
          (rollout.drainSeconds !== undefined
            ? `drains ${removed.join(", ")} at weight 0 for ${rollout.drainSeconds} s, then removes them`
            : `removes ${removed.join(", ")}`),
      );
    }
  }

  async create(news: Props): Promise<{ id: string; outs: Props }> {
    const { target, declared, desired } = this.prepare(news);
    const id = `${target.id}/${randomBytes(4).toString("hex")}`;
    const outcome = await this.reconcile(id, target, declared, news, {
      desired,
      previouslyManaged: [],
      exclusive: target.inputs.exclusive === true,
      created: true,
      recorded: NO_PROGRESS,
    });
    const outs = {
      ...stateOutputs(this.schema, target.inputs, declared, outcome.managed),
      ...outcome.progress,
    };
    return { id, outs: await this.withHealth(outs, target, outcome.managed) };
  }

  async update(id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    const { target, declared, desired } = this.prepare(news);
    const outcome = await this.reconcile(id, target, declared, news, {
      desired,
      previouslyManaged: readManaged(this.schema, olds),
      exclusive: target.inputs.exclusive === true,
      created: false,
      recorded: readProgress(olds),
    });
    const outs = {
      ...stateOutputs(this.schema, target.inputs, declared, outcome.managed),
      ...outcome.progress,
    };
    return { outs: await this.withHealth(outs, target, outcome.managed) };
  }

  /** Removes exactly the members this resource owns that are still attached; nothing else. */
  async delete(_id: string, olds: Props): Promise<void> {
    const target = this.recordedTarget(olds);
    const api = this.kind.connect(target, this.deps.settings, this.shared);
    await this.coordination.exclusively(target.key, async () => {
      try {
        await reconcile(
          this.schema.model,
          api,
          {
            desired: [],
            previouslyManaged: readManaged(this.schema, olds),
            exclusive: false,
            // Every claim, its own name's included: a replacement under the same name keeps its members.
            protectedKeys: this.coordination.claimedByOthers(target.key),
          },
          this.options(),
        );
      } catch (error) {
        if (error instanceof TargetGone) return; // its members went with it
        throw error instanceof ReconcileFailure ? error.cause : error;
      }
    });
  }

  /**
   * Refresh: the members as the cloud has them now (exclusive: the whole group), returned as both outputs
   * and inputs so that drift shows in the next preview. A load balancer that is gone drops the resource.
   */
  async read(id: string, olds: Props): Promise<{ id: string; props: Props; inputs: Props }> {
    const target = this.recordedTarget(olds);
    const api = this.kind.connect(target, this.deps.settings, this.shared);
    const { model, listField } = this.schema;
    const budget = this.budget();
    const actual = await budget.run(() => api.list(), anyButPermanent);
    if (actual === undefined) return { id: "", props: {}, inputs: {} };
    const previous = new Map(readManaged(this.schema, olds).map((m) => [model.key(m), m]));
    const managed = actual
      .filter((m) => target.inputs.exclusive === true || previous.has(model.key(m)))
      .map((m) => model.observed(m, previous.get(model.key(m))));
    const declared = declaredInputs(olds, [...this.schema.fields.map((f) => f.name), "exclusive", listField]);
    const recorded = olds.rollout === undefined ? target.inputs : { ...target.inputs, rollout: olds.rollout };
    const props = await this.withHealth(
      stateOutputs(this.schema, recorded, declared, managed),
      target,
      managed,
    );
    const inputs: Props = {};
    for (const name of declared) if (props[name] !== undefined) inputs[name] = props[name];
    inputs[listField] = sortedByKey(
      managed.map((m) => model.declared(m)),
      (m) => labelOf(model, m),
    );
    return { id, props, inputs };
  }

  private async reconcile(
    id: string,
    target: T,
    declared: string[],
    news: Props,
    request: {
      desired: M[];
      previouslyManaged: M[];
      exclusive: boolean;
      created: boolean;
      recorded: RolloutProgress;
    },
  ): Promise<ReconcileOutcome<M> & { progress: Props }> {
    const api = this.kind.connect(target, this.deps.settings, this.shared);
    const rollout = this.rolloutRun(api, target, request);
    const owner = claimOwner(
      resourceName(news),
      request.desired.map((m) => this.schema.model.key(m)),
    );
    return this.coordination.exclusively(target.key, async () => {
      try {
        // Read when the reconcile starts, not when it was asked for: a resource checked in between
        // declares members this one must hand over rather than detach.
        const protectedKeys = this.coordination.claimedByOthers(target.key, owner);
        const outcome = await reconcile(
          this.schema.model,
          api,
          { ...request, protectedKeys },
          { ...this.options(), rollout },
        );
        return { ...outcome, progress: progressOutput(rollout?.progress()) };
      } catch (error) {
        if (error instanceof TargetGone) {
          throw new Error(
            `${api.target} does not exist (deleted outside Pulumi, or the wrong region or project?)`,
          );
        }
        if (!(error instanceof ReconcileFailure)) throw error;
        // A refused plan wrote nothing: the state stays as it was.
        if (error.cause instanceof RemovalRefused) throw error.cause;
        // A create that owns nothing yet has nothing to remember: fail it outright.
        if (request.created && error.managed.length === 0) throw error.cause;
        const reason = `${error.message}. The members attached so far are recorded in state; run \`pulumi up\` again to continue.`;
        const properties = {
          ...stateOutputs(this.schema, target.inputs, declared, error.managed),
          ...progressOutput(rollout?.progress()),
          __provider: news.__provider,
        };
        throw new PartialFailure(reason, id, properties, [reason]);
      }
    });
  }

  /** The rollout of one create or update, when `rollout` is declared. */
  private rolloutRun(
    api: MemberApi<M>,
    target: T,
    request: { desired: M[]; previouslyManaged: M[]; recorded: RolloutProgress },
  ): RolloutRun<M> | undefined {
    const rollout = readRollout(target.inputs.rollout);
    if (!rollout) return undefined;
    return new RolloutRun(
      this.schema.model,
      api,
      rollout,
      request.desired,
      request.previouslyManaged.length,
      request.recorded,
      {
        clock: this.deps.clock ?? realClock,
        pollMs: tuning(this.deps.settings).healthPollMs,
        log: this.deps.log,
      },
    );
  }

  /**
   * With `rollout` declared, the outputs report each managed member's health as the cloud sees it now.
   * The writes are done by then: a health read that fails is reported in the output, not as a failure.
   */
  private async withHealth(outs: Props, target: T, managed: M[]): Promise<Props> {
    if (outs.rollout === undefined) return outs;
    const api = this.kind.connect(target, this.deps.settings, this.shared);
    try {
      const report = await readHealth(this.schema.model, api, managed, this.budget());
      return { ...outs, health: healthOutput(report) };
    } catch (error) {
      const reported = `health could not be read: ${error instanceof Error ? error.message : String(error)}`;
      this.deps.log(`${api.target}: ${reported}`);
      const unknown = { state: "unreported", reported };
      return { ...outs, health: Object.fromEntries(managed.map((m) => [this.schema.model.key(m), unknown])) };
    }
  }

  /** Validates again (a provider can be driven without `check`) and fills run-time defaults. */
  private prepare(news: Props): { target: T; declared: string[]; desired: M[] } {
    const { inputs, failures } = checkInputs(this.schema, news, "checked");
    if (failures.length > 0) {
      throw new ConfigError(
        `invalid inputs for ${this.schema.typeName}: ${failures.map((f) => f.reason).join("; ")}`,
      );
    }
    const target = this.kind.resolve(inputs, this.deps.settings);
    const declared = Object.keys(inputs).filter((k) => news[k] !== undefined || k === "exclusive");
    const members = inputs[this.schema.listField] as Record<string, M>;
    return { target, declared, desired: Object.values(members) };
  }

  /** The target recorded in state: delete and refresh act on what was created, whatever config says now. */
  private recordedTarget(olds: Props): T {
    const recorded: Props = { exclusive: olds.exclusive === true };
    for (const field of this.schema.fields)
      if (olds[field.name] !== undefined) recorded[field.name] = olds[field.name];
    return this.kind.resolve(recorded, this.deps.settings);
  }

  /** The inputs with run-time defaults, or undefined when one is missing (create/update report it). */
  private resolveForDiff(inputs: Props): T | undefined {
    try {
      return this.kind.resolve(inputs, this.deps.settings);
    } catch {
      return undefined;
    }
  }

  /** Records the resource's claim; returns a failure for each resource it conflicts with. */
  private claimDeclared(inputs: Props): Failure[] {
    const { fields, listField, model } = this.schema;
    const targetField = fields[0].name;
    if (containsUnknown(inputs[targetField]) || containsUnknown(inputs.exclusive)) return [];
    const members = inputs[listField];
    if (!isPlainObject(members)) return []; // unknown in a preview: claimed in the real run
    // Claims hold identities; a member's registered name (its label) may carry more (an ENS port).
    const labelByKey = new Map(
      Object.entries(members as Record<string, M>)
        .filter(([, member]) => !containsUnknown(member))
        .map(([label, member]) => [model.key(member), label]),
    );
    const keys = [...labelByKey.keys()];
    const name = resourceName(inputs);
    const mine: Claim = {
      owner: claimOwner(name, keys),
      named: name !== undefined,
      exclusive: inputs.exclusive === true,
      keys: new Set(keys),
    };
    const { key, label: lb } = identify(this.kind, this.schema, inputs);
    const self = name === undefined ? "this attachment" : `"${name}"`;
    return this.coordination.claim(key, mine).flatMap((other): Failure[] => {
      const them = other.named ? `"${other.owner}"` : "another attachment";
      if (mine.exclusive || other.exclusive) {
        const which = mine.exclusive ? self : them;
        return [
          {
            property: "exclusive",
            reason: `${self} and ${them} both manage ${lb}, and ${which} is exclusive: an exclusive attachment removes every member it does not declare, so it must be the only attachment there; declare all the members in it, or set exclusive: false`,
          },
        ];
      }
      return keys
        .filter((key) => other.keys.has(key))
        .map((key) => ({
          property: memberPath(listField, labelByKey.get(key) ?? key),
          reason: `member ${key} of ${lb} is declared by both ${self} and ${them}: declare each member in one attachment only (moving a member from one attachment to another in the same change is fine)`,
        }));
    });
  }

  private budget(): RetryBudget {
    const t = tuning(this.deps.settings);
    // The backoff waits on the injected clock, like every other wait, so that a test can run retries
    // without real timers.
    return new RetryBudget(
      { baseDelayMs: t.retryBaseMs, maxDelayMs: t.retryMaxMs, deadlineMs: t.retryDeadlineMs },
      this.deps.clock ?? realClock,
    );
  }

  private options() {
    return { budget: this.budget(), log: this.deps.log };
  }
}
