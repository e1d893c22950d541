import type { AttachmentKind, Target } from "../clouds/attachmentKind";
import type { DiffResult } from "../core/diff";
import type { Failure } from "../core/failures";
import { checkInputs } from "../core/schema";
import { claimDeclared } from "./claims";
import { type CloudView, diffAgainstCloud } from "./driftDiff";
import { Lifecycle } from "./lifecycle";
import { ProviderContext, type ProviderDeps, type Props } from "./providerContext";
import { previewQuota } from "./quotaPreview";
import { previewRollout, removalGuard } from "./rolloutPreview";

export type { CloudView, ProviderDeps };

/**
 * The dynamic-provider methods for one resource type, on top of its kind: the one place the concerns
 * meet. Each lives in a file of its own: claims (claims.ts), the drift-aware diff (driftDiff.ts), the
 * rollout's preview and removal guard (rolloutPreview.ts), create/read/update/delete (lifecycle.ts) and
 * the health output (healthOutput.ts).
 */
export class AttachmentProvider<M, T extends Target = Target> {
  private readonly ctx: ProviderContext<M, T>;
  private readonly lifecycle: Lifecycle<M, T>;

  constructor(kind: AttachmentKind<M, T>, deps: ProviderDeps) {
    this.ctx = new ProviderContext(kind, deps);
    this.lifecycle = new Lifecycle(this.ctx);
  }

  /**
   * Validates and normalizes; then claims the members (conflicts fail here, before anything changes) and
   * guards `rollout.maxRemovals` against the previous declaration.
   */
  async check(olds: Props, news: Props): Promise<{ inputs: Props; failures: Failure[] }> {
    const result = checkInputs(this.ctx.schema, news);
    if (result.failures.length === 0) result.failures.push(...claimDeclared(this.ctx, result.inputs));
    if (result.failures.length === 0) result.failures.push(...removalGuard(this.ctx, olds, result.inputs));
    return result;
  }

  /**
   * What a preview shows: drift (see diffAgainstCloud), with `rollout` what the rollout will do, and a
   * warning where the change would pass a member quota the cloud reports (quotaPreview.ts). `seen` is
   * given what the cloud holds, when the diff read it.
   */
  async diff(
    _id: string,
    olds: Props,
    news: Props,
    seen?: (cloud: CloudView<M>) => void,
  ): Promise<DiffResult> {
    const result = await diffAgainstCloud(this.ctx, olds, news, seen);
    if (result.changes) previewRollout(this.ctx, olds, checkInputs(this.ctx.schema, news, "checked").inputs);
    if (result.changes) await previewQuota(this.ctx, olds, news);
    return result;
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
