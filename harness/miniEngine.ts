import { isDeepStrictEqual } from "node:util";
import { type DiffChanges, type Plugin, PluginCallError, type PropertyDiffKind } from "./plugin";
import type { Props } from "./struct";

/** What a program registers: inputs including `__provider` (see captureRegistrations). */
export interface Registration {
  urn: string;
  inputs: Props;
}

/** One resource in the checkpoint: the engine keeps inputs and outputs apart. */
export interface ResourceState {
  urn: string;
  id: string;
  inputs: Props;
  outputs: Props;
  /**
   * The reasons of a partial failure (the engine's `initErrors`). The engine updates such a resource on
   * the next `up` even when Diff reports no change (pkg/resource/deploy/step_generator.go, v3.248.0).
   */
  initErrors?: string[];
}

export type CheckFailure = { property: string; reason: string };

export interface PreviewStep {
  urn: string;
  /**
   * For a resource whose Check failed, the step the engine was about to plan: "create" when it is not
   * in state, "update" otherwise (Diff is not called). "delete": in state but not in the program.
   */
  op: "create" | "update" | "replace" | "same" | "delete";
  failures: CheckFailure[];
  checkedInputs: Props;
  /** The detailed diff the plugin's Diff returned, when it sent one (the dynamic plugin never does). */
  detailedDiff?: Record<string, PropertyDiffKind>;
}

/** "delete-replaced": the original of a replaced resource, deleted at the end of the deployment. */
export type UpStepOp = "create" | "update" | "replace" | "same" | "delete" | "delete-replaced";

export interface UpStep {
  urn: string;
  op: UpStepOp;
  /** Set when a provider call of this step failed (Check, Diff, Create, Update or Delete). */
  error?: PluginCallError;
}

export interface UpResult {
  steps: UpStep[];
  /** Check failures; such a resource gets no step and is left as it was. */
  failures: ({ urn: string } & CheckFailure)[];
}

type Planned =
  | { op: "create" }
  | {
      op: "same" | "update" | "replace";
      deleteBeforeReplace: boolean;
      detailedDiff?: Record<string, PropertyDiffKind>;
    };

/**
 * A small engine that drives a Plugin in the order and with the arguments the Pulumi engine uses,
 * and keeps a checkpoint the way the engine does, so tests read as `up`/`preview`/`refresh`/`destroy`
 * lifecycles. There is no dependency graph: every registration is independent and runs concurrently,
 * as the engine runs independent resources.
 */
export class MiniEngine {
  readonly state = new Map<string, ResourceState>();
  /**
   * Old resources whose replacement failed after the new one was created. Pulumi keeps them as
   * "pending delete" and deletes them at the start of the next update; so does `up` here.
   */
  readonly pendingDeletes: ResourceState[] = [];

  constructor(private readonly plugin: Plugin) {}

  /** `pulumi preview`: Check, then Diff for resources already in state. Never Create/Update. */
  async preview(program: Registration[]): Promise<PreviewStep[]> {
    const planned = await Promise.all(
      program.map(async (registration): Promise<PreviewStep> => {
        const old = this.state.get(registration.urn);
        const checked = await this.plugin.check(registration.urn, old?.inputs ?? {}, registration.inputs);
        const base = { urn: registration.urn, failures: checked.failures, checkedInputs: checked.inputs };
        if (checked.failures.length > 0) return { ...base, op: old ? "update" : "create" };
        const plan = await this.plan(registration.urn, checked.inputs);
        return plan.op !== "create" && plan.detailedDiff
          ? { ...base, op: plan.op, detailedDiff: plan.detailedDiff }
          : { ...base, op: plan.op };
      }),
    );
    const deletes = this.removedFrom(program).map((old): PreviewStep => ({
      urn: old.urn,
      op: "delete",
      failures: [],
      checkedInputs: {},
    }));
    return [...planned, ...deletes];
  }

  /**
   * `pulumi up`: pending deletes, then per resource Check and Create, or Check, Diff and
   * Update/replace; then, if all of that succeeded, deletes of the replaced originals and of resources
   * the program no longer registers. Provider errors are reported in the result, not thrown.
   *
   * `targets` (`pulumi up --target`): only those URNs are checked, created, updated or deleted; every
   * other resource keeps its state, whatever the program now says of it.
   */
  async up(program: Registration[], targets?: readonly string[]): Promise<UpResult> {
    const targeted = (urn: string) => targets === undefined || targets.includes(urn);
    const failures: UpResult["failures"] = [];
    const pending = this.pendingDeletes.splice(0);
    const steps: UpStep[] = await Promise.all(pending.map((old) => this.deleteStep(old)));
    const replaced: ResourceState[] = [];
    const applied = await Promise.all(
      program
        .filter((r) => targeted(r.urn))
        .map((registration) => this.apply(registration, failures, replaced)),
    );
    steps.push(...applied.filter((step): step is UpStep => step !== undefined));
    // The engine deletes replaced originals and what the program dropped at the end of the deployment
    // (the real CLI prints "deleting original" after every other resource's step), and only once
    // everything else succeeded: a failed update never takes resources away, and an original left
    // behind is deleted at the start of the next update.
    if (failures.length > 0 || steps.some((step) => step.error)) {
      this.pendingDeletes.push(...replaced);
      return { steps, failures };
    }
    const dropped = this.removedFrom(program).filter((old) => targeted(old.urn));
    steps.push(
      ...(await Promise.all([
        ...replaced.map((old) => this.deleteStep(old, "delete-replaced")),
        ...dropped.map((old) => this.deleteStep(old)),
      ])),
    );
    return { steps, failures };
  }

  /** `pulumi refresh`: Read every resource with its stored outputs and inputs. */
  async refresh(): Promise<void> {
    await settleAll(
      [...this.state.values()].map(async (old) => {
        const read = await this.plugin.read(old.urn, old.id, old.outputs, old.inputs);
        // An empty id is the provider saying "it is gone": the engine drops it from state.
        if (read.id === "") this.state.delete(old.urn);
        else
          this.state.set(old.urn, {
            urn: old.urn,
            id: read.id,
            inputs: read.inputs ?? old.inputs,
            outputs: read.properties,
          });
      }),
    );
  }

  /**
   * `pulumi destroy`: Delete every resource in state with its stored outputs; with `targets`
   * (`pulumi destroy --target`), only those. No program runs, so no Check either.
   */
  async destroy(targets?: readonly string[]): Promise<void> {
    const all =
      targets === undefined
        ? [...this.pendingDeletes.splice(0), ...this.state.values()]
        : [...this.state.values()].filter((old) => targets.includes(old.urn));
    const steps = await Promise.all(all.map((old) => this.deleteStep(old)));
    const errors = steps.flatMap((step) => (step.error ? [step.error] : []));
    if (errors.length > 0)
      throw errors.length === 1 ? errors[0] : new AggregateError(errors, "destroy failed");
  }

  private removedFrom(program: Registration[]): ResourceState[] {
    const wanted = new Set(program.map((registration) => registration.urn));
    return [...this.state.values()].filter((old) => !wanted.has(old.urn));
  }

  /** Decides the step for checked inputs, calling Diff when the resource exists. */
  private async plan(urn: string, checkedInputs: Props): Promise<Planned> {
    const old = this.state.get(urn);
    if (old === undefined) return { op: "create" };
    const diff = await this.plugin.diff(urn, old.id, old.outputs, checkedInputs, old.inputs);
    // DIFF_UNKNOWN (the provider returned no `changes`) makes the engine compare old and new inputs
    // itself, `__provider` included.
    const changes: DiffChanges =
      diff.changes === "unknown"
        ? isDeepStrictEqual(old.inputs, checkedInputs)
          ? "none"
          : "some"
        : diff.changes;
    if (changes === "none") return { op: "same", deleteBeforeReplace: false };
    const op = diff.replaces.length > 0 ? "replace" : "update";
    return { op, deleteBeforeReplace: diff.deleteBeforeReplace, detailedDiff: diff.detailedDiff };
  }

  private async apply(
    registration: Registration,
    failures: UpResult["failures"],
    replaced: ResourceState[],
  ): Promise<UpStep | undefined> {
    const { urn } = registration;
    const old = this.state.get(urn);
    const attempted = old ? "update" : "create";
    try {
      const checked = await this.plugin.check(urn, old?.inputs ?? {}, registration.inputs);
      if (checked.failures.length > 0) {
        failures.push(...checked.failures.map((failure) => ({ urn, ...failure })));
        return undefined;
      }
      const plan = await this.plan(urn, checked.inputs);
      if (plan.op === "create") return await this.createStep(urn, checked.inputs, "create");
      if (plan.op === "same" && old!.initErrors !== undefined)
        return await this.updateStep(old!, checked.inputs);
      if (plan.op === "same") {
        // A same step records the new inputs but keeps the old outputs, `__provider` included: Delete
        // and Read keep running the provider text of the last Create/Update.
        this.state.set(urn, { ...old!, inputs: checked.inputs });
        return { urn, op: "same" };
      }
      if (plan.op === "update") return await this.updateStep(old!, checked.inputs);
      return await this.replaceStep(old!, checked.inputs, plan.deleteBeforeReplace, replaced);
    } catch (error) {
      return { urn, op: attempted, error: asPluginError(error) };
    }
  }

  private async createStep(urn: string, inputs: Props, op: "create" | "replace"): Promise<UpStep> {
    try {
      const created = await this.plugin.create(urn, inputs);
      this.state.set(urn, { urn, id: created.id, inputs, outputs: created.properties });
      return { urn, op };
    } catch (error) {
      const failure = asPluginError(error);
      // A partial failure is recorded with the outputs the provider reported, so the next `up`
      // diffs and updates it instead of creating it again.
      if (failure.initFailure) {
        const { id, properties, reasons } = failure.initFailure;
        this.state.set(urn, { urn, id, inputs, outputs: properties, initErrors: reasons });
      }
      return { urn, op, error: failure };
    }
  }

  private async updateStep(old: ResourceState, inputs: Props): Promise<UpStep> {
    const { urn } = old;
    try {
      const updated = await this.plugin.update(urn, old.id, old.outputs, inputs, old.inputs);
      this.state.set(urn, { urn, id: old.id, inputs, outputs: updated.properties });
      return { urn, op: "update" };
    } catch (error) {
      const failure = asPluginError(error);
      // The engine keeps the resource's id on a partial update failure; only the outputs move.
      if (failure.initFailure) {
        const { properties, reasons } = failure.initFailure;
        this.state.set(urn, { urn, id: old.id, inputs, outputs: properties, initErrors: reasons });
      }
      return { urn, op: "update", error: failure };
    }
  }

  /**
   * Create-before-delete by default, as Pulumi replaces: the original goes to `replaced`, deleted at the
   * end of the deployment. Delete-first when the provider asks.
   */
  private async replaceStep(
    old: ResourceState,
    inputs: Props,
    deleteFirst: boolean,
    replaced: ResourceState[],
  ): Promise<UpStep> {
    const { urn } = old;
    if (deleteFirst) {
      const deleted = await this.deleteStep(old);
      if (deleted.error) return { urn, op: "replace", error: deleted.error };
      return this.createStep(urn, inputs, "replace");
    }
    const created = await this.createStep(urn, inputs, "replace");
    if (created.error) {
      // A plain failure created nothing and the old resource stays in state. A partial failure did
      // create the new one, which now holds the state entry: the old one waits as a pending delete.
      if (created.error.initFailure) this.pendingDeletes.push(old);
      return created;
    }
    replaced.push(old);
    return created;
  }

  /**
   * Deletes `old`, which is either the state entry for its URN or a replaced resource that no
   * longer is. Only a confirmed delete removes it; a replaced one whose delete failed stays pending.
   */
  private async deleteStep(old: ResourceState, op: "delete" | "delete-replaced" = "delete"): Promise<UpStep> {
    const current = this.state.get(old.urn) === old;
    try {
      await this.plugin.delete(old.urn, old.id, old.outputs, old.inputs);
      if (current) this.state.delete(old.urn);
      return { urn: old.urn, op };
    } catch (error) {
      if (!current) this.pendingDeletes.push(old);
      return { urn: old.urn, op, error: asPluginError(error) };
    }
  }
}

function asPluginError(error: unknown): PluginCallError {
  if (error instanceof PluginCallError) return error;
  // Anything else is a bug in the harness or the test, not a provider outcome: let it surface.
  throw error;
}

async function settleAll(work: Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(work);
  const errors = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, "refresh failed");
}
