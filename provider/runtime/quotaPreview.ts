import type { Target } from "../clouds/attachmentKind";
import { memberKeys } from "../core/rollout";
import { checkInputs } from "../core/schema";
import { containsUnknown } from "../core/unknown";
import { onlyTransient } from "../reconcile/retry";
import { driftReadEnabled } from "./driftRead";
import type { ProviderContext, Props } from "./providerContext";

/**
 * A preview's warning, on stderr (which the CLI shows with the preview), when a change would pass a member
 * quota the cloud reports (Huawei's 500 members per pool and 500 per account by default). Members are added
 * before any is removed, so what an add meets is what the quota counts now plus every member the change
 * adds, whatever it removes. Only a warning: the cloud decides, and `pulumi up` reports its refusal with
 * the code, the request id and what to do. Kinds whose adapter reports no quota (`memberQuotas`) are not
 * read; neither is the cloud when the drift read is off (a preview without cloud credentials).
 */
export async function previewQuota<M, T extends Target>(
  ctx: ProviderContext<M, T>,
  olds: Props,
  news: Props,
): Promise<void> {
  const { model, listField } = ctx.schema;
  const checked = checkInputs(ctx.schema, news, "checked").inputs;
  if (containsUnknown(checked[listField]) || !driftReadEnabled(ctx.settings)) return;
  const recorded = new Set(memberKeys(model, olds[listField]));
  // Members declared now that this resource did not have: at most what the change attaches.
  const added = memberKeys(model, checked[listField]).filter((key) => !recorded.has(key)).length;
  const target = ctx.resolveOrUndefined(checked);
  if (added === 0 || target === undefined) return;

  let quotas;
  try {
    const api = ctx.connect(target);
    const read = api.memberQuotas?.bind(api);
    if (!read) return;
    quotas = await ctx.budget().run(read, onlyTransient);
  } catch (error) {
    ctx.log(
      `${target.label}: the member quotas could not be read (${error instanceof Error ? error.message : String(error)}): ` +
        `the preview cannot tell whether this change fits them`,
    );
    return;
  }
  for (const quota of quotas) {
    const needed = quota.used + added;
    if (needed <= quota.limit) continue;
    ctx.log(
      `warning: ${target.label}: this change adds ${added} member${added === 1 ? "" : "s"}, and members are ` +
        `added before any is removed: ${quota.counts} would reach ${needed}, past the quota of ${quota.limit} ` +
        `(${quota.used} now). pulumi up will be refused by the cloud: remove members in an earlier update, ` +
        `or ask the cloud to raise the quota`,
    );
  }
}
