import { randomBytes } from "node:crypto";
import type { Target } from "../clouds/attachmentKind";
import { sortedByKey } from "../core/keyed";
import { labelOf } from "../core/model";
import { RESOURCE_NAME_KEY, resourceName } from "../core/resourceName";
import { type Rollout, readRollout } from "../core/rollout";
import { checkInputs } from "../core/schema";
import type { MemberApi } from "../reconcile/memberApi";
import { ReconcileFailure, type ReconcileOutcome, reconcile, TargetGone } from "../reconcile/reconcile";
import { anyButPermanent } from "../reconcile/retry";
import { PlanRefused } from "../reconcile/refusal";
import { NO_PROGRESS, type RolloutProgress, RolloutRun } from "../reconcile/rollout";
import { ConfigError, tuning } from "../reconcile/settings";
import { claimOwner } from "./coordination";
import { withHealth } from "./healthOutput";
import type { ProviderContext, Props } from "./providerContext";
import { declaredInputs, progressOutput, readManaged, readProgress, stateOutputs } from "./state";

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

interface ReconcileRequest<M> {
  desired: M[];
  previouslyManaged: M[];
  exclusive: boolean;
  created: boolean;
  recorded: RolloutProgress;
}

/** Create, read, update and delete of one resource type: the calls that change or read the cloud. */
export class Lifecycle<M, T extends Target = Target> {
  constructor(private readonly ctx: ProviderContext<M, T>) {}

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
      ...stateOutputs(this.ctx.schema, target.inputs, declared, outcome.managed),
      ...outcome.progress,
    };
    return { id, outs: await withHealth(this.ctx, outs, target, outcome.managed) };
  }

  async update(id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    const { target, declared, desired } = this.prepare(news);
    const outcome = await this.reconcile(id, target, declared, news, {
      desired,
      previouslyManaged: readManaged(this.ctx.schema, olds),
      exclusive: target.inputs.exclusive === true,
      created: false,
      recorded: readProgress(olds),
    });
    const outs = {
      ...stateOutputs(this.ctx.schema, target.inputs, declared, outcome.managed),
      ...outcome.progress,
    };
    return { outs: await withHealth(this.ctx, outs, target, outcome.managed) };
  }

  /**
   * Removes exactly the members this resource owns that are still attached; nothing else. With a
   * recorded `rollout`, as an update removes: each member drained first, and within `maxRemovals` when
   * the resource goes for good. The original of a replacement (its name is in the program, so claimed in
   * this run) was held to its `maxRemovals` when `check` let the replacement through, and no program can
   * change that recorded limit any more: its delete drains, and is not refused again.
   */
  async delete(olds: Props): Promise<void> {
    const { ctx } = this;
    const target = ctx.recordedTarget(olds);
    const api = ctx.connect(target);
    const previouslyManaged = readManaged(ctx.schema, olds);
    const name = resourceName(olds);
    const recorded = readRollout(olds.rollout);
    const replaced = name !== undefined && ctx.coordination.claimsAnywhere(name);
    const rollout = this.rolloutRun(
      api,
      replaced && recorded ? { ...recorded, maxRemovals: undefined } : recorded,
      {
        desired: [],
        previouslyManaged,
        recorded: readProgress(olds),
        deleting: true,
      },
    );
    await ctx.coordination.exclusively(target.key, async () => {
      try {
        await reconcile(
          ctx.schema.model,
          api,
          {
            desired: [],
            previouslyManaged,
            exclusive: false,
            // Every claim, its own name's included: a replacement under the same name keeps its members.
            protectedKeys: ctx.coordination.claimedByOthers(target.key),
          },
          { ...ctx.options(), rollout },
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
    const { ctx } = this;
    const target = ctx.recordedTarget(olds);
    const { model, listField, fields } = ctx.schema;
    const actual = await this.list(target);
    if (actual === undefined) return { id: "", props: {}, inputs: {} };
    const previous = new Map(readManaged(ctx.schema, olds).map((m) => [model.key(m), m]));
    const managed = actual
      .filter((m) => target.inputs.exclusive === true || previous.has(model.key(m)))
      .map((m) => model.observed(m, previous.get(model.key(m))));
    const declared = declaredInputs(olds, [...fields.map((f) => f.name), "exclusive", listField]);
    // What the target does not hold: the rollout, and the hidden name (else the next diff sees it change).
    const name = resourceName(olds);
    const recorded = {
      ...target.inputs,
      ...(olds.rollout === undefined ? {} : { rollout: olds.rollout }),
      ...(name === undefined ? {} : { [RESOURCE_NAME_KEY]: name }),
    };
    // And what a rollout left unfinished: a refresh forgets no gate or drain.
    const progress = refreshedProgress(
      readProgress(olds),
      readRollout(olds.rollout),
      actual.map((m) => model.key(m)),
      managed.map((m) => model.key(m)).filter((key) => !previous.has(key)),
    );
    const props = await this.observedOutputs(target, recorded, declared, managed, progressOutput(progress));
    const inputs: Props = {};
    for (const name of declared) if (props[name] !== undefined) inputs[name] = props[name];
    inputs[listField] = sortedByKey(
      managed.map((m) => model.declared(m)),
      (m) => labelOf(model, m),
    );
    return { id, props, inputs };
  }

  /**
   * Import (`pulumi import`, the `import` resource option): the members the cloud has now on the target
   * `inputs` name, recorded as this resource's own: those whose keys are given (shared mode), or with
   * `exclusive` the whole group. The inputs come back as a program declares them (the members a list), for
   * the code `pulumi import` writes; a key the cloud does not have fails the import, naming it.
   */
  async adopt(
    id: string,
    inputs: Props,
    keys: readonly string[] | undefined,
  ): Promise<{ props: Props; inputs: Props }> {
    const { ctx } = this;
    const { schema } = ctx;
    const { model, listField, fields } = schema;
    const checked = checkInputs(schema, { ...inputs, [listField]: [] });
    if (checked.failures.length > 0) {
      throw new ConfigError(`cannot import ${id}: ${checked.failures.map((f) => f.reason).join("; ")}`);
    }
    const target = ctx.kind.resolve(checked.inputs, ctx.settings);
    const actual = await this.list(target);
    if (actual === undefined) throw new Error(`cannot import ${id}: ${target.label} does not exist`);
    const byKey = new Map(actual.map((m) => [model.key(m), m]));
    const missing = (keys ?? []).filter((key) => !byKey.has(key));
    if (missing.length > 0) {
      const attached = [...byKey.keys()].sort();
      throw new Error(
        `cannot import ${id}: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not attached to ${target.label}` +
          ` (attached: ${attached.length === 0 ? "none" : attached.join(", ")})`,
      );
    }
    const managed = (keys === undefined ? actual : keys.map((key) => byKey.get(key)!)).map((m) =>
      model.observed(m, undefined),
    );
    const exclusive = target.inputs.exclusive === true;
    const declared = [fields[0].name, ...(exclusive ? ["exclusive"] : []), listField];
    const props = await this.observedOutputs(target, target.inputs, declared, managed);
    const program: Props = {};
    for (const name of declared) program[name] = props[name];
    program[listField] = Object.values(
      sortedByKey(
        managed.map((m) => model.declared(m)),
        (m) => labelOf(model, m),
      ),
    );
    return { props, inputs: program };
  }

  /** Every member the target has now (undefined: the target is gone), read with the run's retries. */
  private list(target: T): Promise<M[] | undefined> {
    const api = this.ctx.connect(target);
    return this.ctx.budget().run(() => api.list(), anyButPermanent);
  }

  /** The outputs that record `managed` as read from the cloud, with their health when `rollout` asks. */
  private observedOutputs(
    target: T,
    recorded: Props,
    declared: string[],
    managed: M[],
    progress: Props = {},
  ): Promise<Props> {
    const outs = { ...stateOutputs(this.ctx.schema, recorded, declared, managed), ...progress };
    return withHealth(this.ctx, outs, target, managed);
  }

  private async reconcile(
    id: string,
    target: T,
    declared: string[],
    news: Props,
    request: ReconcileRequest<M>,
  ): Promise<ReconcileOutcome<M> & { progress: Props }> {
    const { ctx } = this;
    const api = ctx.connect(target);
    const rollout = this.rolloutRun(api, readRollout(target.inputs.rollout), request);
    const owner = claimOwner(
      resourceName(news),
      request.desired.map((m) => ctx.schema.model.key(m)),
    );
    return ctx.coordination.exclusively(target.key, async () => {
      try {
        // Read when the reconcile starts, not when it was asked for: a resource checked in between
        // declares members this one must hand over rather than detach.
        const protectedKeys = ctx.coordination.claimedByOthers(target.key, owner);
        const outcome = await reconcile(
          ctx.schema.model,
          api,
          { ...request, protectedKeys },
          { ...ctx.options(), rollout },
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
        if (error.cause instanceof PlanRefused) throw error.cause;
        // A create that owns nothing yet has nothing to remember: fail it outright.
        if (request.created && error.managed.length === 0) throw error.cause;
        const reason = `${error.message}. The members attached so far are recorded in state; run \`pulumi up\` again to continue.`;
        const properties = {
          ...stateOutputs(ctx.schema, target.inputs, declared, error.managed),
          ...progressOutput(rollout?.progress()),
          __provider: news.__provider,
        };
        throw new PartialFailure(reason, id, properties, [reason]);
      }
    });
  }

  /** The rollout of one create, update or delete, when `rollout` is declared (or recorded). */
  private rolloutRun(
    api: MemberApi<M>,
    rollout: Rollout | undefined,
    request: Pick<ReconcileRequest<M>, "desired" | "previouslyManaged" | "recorded"> & { deleting?: boolean },
  ): RolloutRun<M> | undefined {
    if (!rollout) return undefined;
    return new RolloutRun(
      this.ctx.schema.model,
      api,
      rollout,
      request.desired,
      request.previouslyManaged,
      request.recorded,
      {
        clock: this.ctx.clock,
        pollMs: tuning(this.ctx.settings).healthPollMs,
        log: (line) => this.ctx.log(line),
        deleting: request.deleting,
      },
    );
  }

  /** Validates again (a provider can be driven without `check`) and fills run-time defaults. */
  private prepare(news: Props): { target: T; declared: string[]; desired: M[] } {
    const { schema } = this.ctx;
    const { inputs, failures } = checkInputs(schema, news, "checked");
    if (failures.length > 0) {
      throw new ConfigError(
        `invalid inputs for ${schema.typeName}: ${failures.map((f) => f.reason).join("; ")}`,
      );
    }
    const target = this.ctx.kind.resolve(inputs, this.ctx.settings);
    const declared = Object.keys(inputs).filter((k) => news[k] !== undefined || k === "exclusive");
    const members = inputs[schema.listField] as Record<string, M>;
    return { target, declared, desired: Object.values(members) };
  }
}

/**
 * What a refresh keeps of a recorded rollout: the members still gated and still draining, as long as
 * they are attached; and, with a health gate, members the refresh takes into ownership (an exclusive
 * group's), which no gate has passed for as far as the state knows (a run that died while waiting).
 */
function refreshedProgress(
  recorded: RolloutProgress,
  rollout: Rollout | undefined,
  attached: readonly string[],
  adopted: readonly string[],
): RolloutProgress {
  const present = new Set(attached);
  const gating = [
    ...new Set([
      ...recorded.gating.filter((key) => present.has(key)),
      ...(rollout?.healthGate ? adopted : []),
    ]),
  ].sort();
  const draining = Object.fromEntries(Object.entries(recorded.draining).filter(([key]) => present.has(key)));
  return { gating, draining };
}
