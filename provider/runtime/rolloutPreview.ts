import type { Target } from "../clouds/attachmentKind";
import type { Failure } from "../core/failures";
import { memberKeys, readRollout, removalLimit } from "../core/rollout";
import { containsUnknown } from "../core/unknown";
import { removalRefusal } from "../reconcile/rollout";
import type { ProviderContext, Props } from "./providerContext";

/** `loadBalancerId lb-abc`: the target as the user declared it, for the rollout's messages. */
function declaredTarget<M, T extends Target>(ctx: ProviderContext<M, T>, inputs: Props): string {
  const [field] = ctx.schema.fields;
  return `${field.name} ${String(inputs[field.name])}`;
}

/**
 * `rollout.maxRemovals` against the previous declaration, in `check`: a preview shows the refusal, and
 * an `up` stops before any call. The update checks again against what the cloud has.
 */
export function removalGuard<M, T extends Target>(
  ctx: ProviderContext<M, T>,
  olds: Props,
  inputs: Props,
): Failure[] {
  const { model, listField } = ctx.schema;
  const rollout = readRollout(inputs.rollout);
  if (rollout?.maxRemovals === undefined || containsUnknown(inputs[listField])) return [];
  const before = memberKeys(model, olds[listField]);
  const after = new Set(memberKeys(model, inputs[listField]));
  const removed = before.filter((key) => !after.has(key));
  const limit = removalLimit(rollout.maxRemovals, before.length);
  if (removed.length <= limit) return [];
  return [
    {
      property: "rollout.maxRemovals",
      reason: removalRefusal(rollout.maxRemovals, limit, removed, before.length, declaredTarget(ctx, inputs)),
    },
  ];
}

/** What a rollout will do, on stderr, which the CLI shows with the preview. */
export function previewRollout<M, T extends Target>(
  ctx: ProviderContext<M, T>,
  olds: Props,
  checked: Props,
): void {
  const { model, listField } = ctx.schema;
  const rollout = readRollout(checked.rollout);
  if (!rollout || containsUnknown(checked[listField])) return;
  const before = memberKeys(model, olds[listField]);
  const after = memberKeys(model, checked[listField]);
  const added = after.filter((key) => !before.includes(key));
  const removed = before.filter((key) => !after.includes(key));
  const where = declaredTarget(ctx, checked);
  const gate = rollout.healthGate;
  if (added.length > 0) {
    ctx.log(
      `rollout of ${where}: adds ${added.join(", ")}` +
        (gate
          ? `, then waits up to ${gate.timeoutSeconds} s until ${gate.minHealthyRatio === 1 ? "all are" : `${Math.round(gate.minHealthyRatio * 100)}% are`} healthy before removing anything`
          : ""),
    );
  }
  if (removed.length > 0) {
    ctx.log(
      `rollout of ${where}: ` +
        (rollout.drainSeconds !== undefined
          ? `drains ${removed.join(", ")} at weight 0 for ${rollout.drainSeconds} s, then removes them`
          : `removes ${removed.join(", ")}`),
    );
  }
}
