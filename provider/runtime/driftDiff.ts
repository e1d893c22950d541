import type { Target } from "../clouds/attachmentKind";
import { type DiffDecision, decideDiff, diffInputs } from "../core/diff";
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

/** Members named in one line before the rest are counted: a line a reviewer reads at any size. */
const NAMED = 10;

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
 * Each drifted member is printed on stderr, which the CLI shows with the preview, and so is every member
 * exclusive ownership is about to detach that the resource neither declares nor owned.
 *
 * `oldInputs` are the inputs the engine recorded (see OldInputs), when known. A run-time default that is
 * missing (a region, a project) fails here as it will fail `pulumi up`, even in a preview.
 */
export async function diffAgainstCloud<M, T extends Target>(
  ctx: ProviderContext<M, T>,
  olds: Props,
  news: Props,
  oldInputs: Props | undefined,
  seen?: (cloud: CloudView<M>) => void,
): Promise<DiffDecision> {
  const { schema } = ctx;
  const checked = checkInputs(schema, news, "checked").inputs;
  const target = ctx.kind.resolve(checked, ctx.settings);
  const facts = { oldInputs, oldOutputs: olds, news, resolved: target.inputs, drift: undefined };
  if (diffInputs(schema, olds, target.inputs).replaces.length > 0 || containsUnknown(checked))
    return decideDiff(schema, facts);
  if (!driftReadEnabled(ctx.settings)) return decideDiff(schema, facts);

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
      const line =
        "it does not exist (deleted outside Pulumi?); pulumi up fails, pulumi refresh drops the resource from state";
      ctx.log(`drift in ${where(api)}: ${line}`);
      return decideDiff(schema, { ...facts, drift: { changes: true, lines: [line] } });
    }
    const recordedExclusive = olds.exclusive === true;
    const protectedKeys = ctx.coordination.claimedByOthers(target.key, owner);
    seen?.({ actual, protectedKeys });
    const drift = detectDrift(model, {
      desired,
      actual,
      recorded: readManaged(schema, olds),
      recordedExclusive,
      exclusive: checked.exclusive === true,
      protectedKeys,
    });
    for (const line of drift.lines) ctx.log(`drift in ${where(api)}: ${line}`);
    // Already exclusive, the drift lines name each one; turned on now, they are the change's doing.
    if (!recordedExclusive && drift.undeclared.length > 0) {
      ctx.log(`exclusive ownership of ${where(api)}: ${undeclaredLine(drift.undeclared)}`);
    }
    return decideDiff(schema, { ...facts, drift });
  });
}

/** What turning exclusive ownership on detaches, in one line, with the way to keep another's members. */
function undeclaredLine(keys: readonly string[]): string {
  const named = keys.slice(0, NAMED).join(", ");
  const more = keys.length > NAMED ? ` and ${keys.length - NAMED} more` : "";
  return (
    `pulumi up detaches ${keys.length} attached member${keys.length === 1 ? "" : "s"} it does not declare: ` +
    `${named}${more}; another attachment that declares any of them cannot keep them in a run that does ` +
    `not include it (pulumi up --target)`
  );
}
