import type { AttachmentKind, Target } from "../clouds/attachmentKind";
import { type DiffDecision, type DiffResult, dynamicChanges } from "../core/diff";
import type { Failure } from "../core/failures";
import { checkInputs } from "../core/schema";
import { claimDeclared } from "./claims";
import { type CloudView, diffAgainstCloud } from "./driftDiff";
import { Lifecycle } from "./lifecycle";
import { OldInputs } from "./oldInputs";
import { ProviderContext, type ProviderDeps, type Props } from "./providerContext";
import { previewQuota } from "./quotaPreview";
import { previewRollout, removalGuard } from "./rolloutPreview";

export type { CloudView, ProviderDeps };

/**
 * The provider methods for one resource type, on top of its kind: the one place the concerns meet. Each
 * lives in a file of its own: claims (claims.ts), the drift-aware diff (driftDiff.ts) and the old inputs
 * it is compared with (oldInputs.ts), the rollout's preview and removal guard (rolloutPreview.ts), the
 * quota preview (quotaPreview.ts), create/read/update/delete (lifecycle.ts) and the health output
 * (healthOutput.ts).
 */
export class AttachmentProvider<M, T extends Target = Target> {
  private readonly ctx: ProviderContext<M, T>;
  private readonly lifecycle: Lifecycle<M, T>;
  private readonly oldInputs = new OldInputs();

  constructor(kind: AttachmentKind<M, T>, deps: ProviderDeps) {
    this.ctx = new ProviderContext(kind, deps);
    this.lifecycle = new Lifecycle(this.ctx);
  }

  /**
   * Validates and normalizes, and resolves the run-time defaults (a missing region fails here, in a preview
   * too); then claims the members (conflicts fail here, before anything changes) and guards
   * `rollout.maxRemovals` against the previous declaration. Records the old inputs for `diff` (OldInputs).
   */
  async check(olds: Props, news: Props): Promise<{ inputs: Props; failures: Failure[] }> {
    const result = checkInputs(this.ctx.schema, news);
    if (result.failures.length === 0) result.failures.push(...this.ctx.defaultsFailures(result.inputs));
    if (result.failures.length === 0) result.failures.push(...claimDeclared(this.ctx, result.inputs));
    if (result.failures.length === 0) result.failures.push(...removalGuard(this.ctx, olds, result.inputs));
    if (result.failures.length === 0) this.oldInputs.record(olds, result.inputs);
    return result;
  }

  /**
   * The decision behind a preview (core/diff.ts), and what a preview shows beside it on stderr: drift (see
   * diffAgainstCloud), with `rollout` what the rollout will do, and a warning where the change would pass
   * a member quota the cloud reports (quotaPreview.ts). `seen` is given what the cloud holds, when the diff
   * read it.
   */
  async decide(olds: Props, news: Props, seen?: (cloud: CloudView<M>) => void): Promise<DiffDecision> {
    const decision = await diffAgainstCloud(this.ctx, olds, news, this.oldInputs.take(news), seen);
    if (decision.update) previewRollout(this.ctx, olds, checkInputs(this.ctx.schema, news, "checked").inputs);
    if (decision.update) await previewQuota(this.ctx, olds, news);
    return decision;
  }

  /** Whether to update, for a front end that gives the engine its own detailed diff (the provider plugin). */
  async diff(
    _id: string,
    olds: Props,
    news: Props,
    seen?: (cloud: CloudView<M>) => void,
  ): Promise<DiffResult> {
    const decision = await this.decide(olds, news, seen);
    return { changes: decision.update, replaces: decision.replaces, deleteBeforeReplace: false };
  }

  /**
   * The dynamic provider's answer (see dynamicChanges): "don't know" when the engine's own comparison of
   * the old and new inputs shows exactly what changes, so that `preview --diff` prints the changed members
   * alone.
   */
  async dynamicDiff(
    _id: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: boolean | undefined; replaces: string[]; deleteBeforeReplace: boolean }> {
    const decision = await this.decide(olds, news);
    return { changes: dynamicChanges(decision), replaces: decision.replaces, deleteBeforeReplace: false };
  }

  create(news: Props): Promise<{ id: string; outs: Props }> {
    return this.lifecycle.create(news);
  }

  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    return this.lifecycle.update(id, olds, news);
  }

  delete(_id: string, olds: Props): Promise<void> {
    return this.lifecycle.delete(olds);
  }

  read(id: string, olds: Props): Promise<{ id: string; props: Props; inputs: Props }> {
    return this.lifecycle.read(id, olds);
  }

  /** Import: see Lifecycle.adopt. */
  adopt(
    id: string,
    inputs: Props,
    keys: readonly string[] | undefined,
  ): Promise<{ props: Props; inputs: Props }> {
    return this.lifecycle.adopt(id, inputs, keys);
  }
}
