import type { Target } from "../clouds/attachmentKind";
import { type DiffResult, diffInputs } from "../core/diff";
import { detectDrift } from "../core/drift";
import { resourceName } from "../core/resourceName";
import { checkInputs } from "../core/schema";
import { containsUnknown } from "../core/unknown";
import type { MemberApi } from "../reconcile/memberApi";
import { anyButPermanent } from "../reconcile/retry";
import { claimOwner } from "./coordination";
import { DRIFT_READ_ENV, driftReadEnabled } from "./driftRead";
import type { ProviderContext, Props } from "./providerContext";
import { readManaged } from "./state";

/**
 * What the diff's one read of the cloud found, for a front end that shows drift member by member (the
 * provider plugin's detailed diff) instead of reading the cloud a second time.
 */
export interface CloudView<M> {
  actual: readonly M[];
  /** Members another resource of this run declares: the diff never plans to remove them. */
  protectedKeys: ReadonlySet<string>;
}

/**
 * The program against the recorded state, and, when every input is known, the cloud against both: one
 * read of the group (paced and retried like any read) finds a member detached, changed or left behind
 * since the last `pulumi up`, whatever detached it (a targeted run, an unlucky order, a change by hand).
 * Only "update" reaches the engine, so each drifted member is also printed on stderr, which the CLI
 * shows with the preview.
 */
export async function diffAgainstCloud<M, T extends Target>(
  ctx: ProviderContext<M, T>,
  olds: Props,
  news: Props,
  seen?: (cloud: CloudView<M>) => void,
): Promise<DiffResult> {
  const { schema } = ctx;
  const checked = checkInputs(schema, news, "checked").inputs;
  const target = ctx.resolveOrUndefined(checked);
  const fromInputs = diffInputs(schema, olds, target?.inputs ?? checked);
  if (target === undefined || fromInputs.replaces.length > 0 || containsUnknown(checked)) return fromInputs;
  if (!driftReadEnabled(ctx.settings)) return fromInputs;

  const { model, listField, typeName } = schema;
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
    api = ctx.connect(target); // credentials are read here
  } catch (error) {
    throw cannotRead(error);
  }
  // Queued behind any reconcile of the same group that started before: the read sees what it left.
  return ctx.coordination.exclusively(target.key, async () => {
    let actual: M[] | undefined;
    try {
      actual = await ctx.budget().run(() => api.list(), anyButPermanent);
    } catch (error) {
      throw cannotRead(error);
    }
    if (actual === undefined) {
      ctx.log(
        `drift in ${where(api)}: it does not exist (deleted outside Pulumi?); pulumi up fails, pulumi refresh drops the resource from state`,
      );
      return { ...fromInputs, changes: true };
    }
    const protectedKeys = ctx.coordination.claimedByOthers(target.key, owner);
    seen?.({ actual, protectedKeys });
    const drift = detectDrift(model, {
      desired,
      actual,
      recorded: readManaged(schema, olds),
      recordedExclusive: olds.exclusive === true,
      exclusive: checked.exclusive === true,
      protectedKeys,
    });
    for (const line of drift.lines) ctx.log(`drift in ${where(api)}: ${line}`);
    return { ...fromInputs, changes: fromInputs.changes || drift.changes };
  });
}
