import type { Target } from "../clouds/attachmentKind";
import type { Failure } from "../core/failures";
import { memberKeys, readRollout, removalLimit } from "../core/rollout";
import { containsUnknown, isUnknown } from "../core/unknown";
import { removalRefusal, type RefusalWording } from "../reconcile/rollout";
import type { ProviderContext, Props } from "./providerContext";

/** `loadBalancerId lb-abc`: the target as the user declared it, for the rollout's messages. */
function declaredTarget<M, T extends Target>(ctx: ProviderContext<M, T>, inputs: Props): string {
  const [field] = ctx.schema.fields;
  return `${field.name} ${String(inputs[field.name])}`;
}

/**
 * `rollout.maxRemovals` against the previous declaration, in `check`: a preview shows the refusal, and
 * an `up` stops before any call. The update checks again against what the cloud has.
 *
 * A change that replaces the resource (another load balancer or pool) deletes the old one once the new
 * one exists, and the delete honours the old one's recorded `maxRemovals`: such a change is refused here,
 * before the new one is created, since by then no change of the program could let the delete through.
 */
export function removalGuard<M, T extends Target>(
  ctx: ProviderContext<M, T>,
  olds: Props,
  inputs: Props,
): Failure[] {
  const { model, listField, fields } = ctx.schema;
  if (containsUnknown(inputs[listField])) return [];
  const before = memberKeys(model, olds[listField]);
  const after = new Set(memberKeys(model, inputs[listField]));
  const replacing = fields.find(
    (f) =>
      f.replaceOnChange &&
      olds[f.name] !== undefined &&
      inputs[f.name] !== undefined &&
      !isUnknown(inputs[f.name]) &&
      olds[f.name] !== inputs[f.name],
  );
  // The limit that applies: the old resource's for the delete of a replacement, else the new one's.
  const rollout = readRollout(replacing ? olds.rollout : inputs.rollout);
  if (rollout?.maxRemovals === undefined) return [];
  // On another target the old one's members all go; on the same one, those the new one does not declare.
  const elsewhere = replacing !== undefined && olds[fields[0].name] !== inputs[fields[0].name];
  const removed = elsewhere ? before : before.filter((key) => !after.has(key));
  const limit = removalLimit(rollout.maxRemovals, before.length);
  if (removed.length <= limit) return [];
  const wording: RefusalWording | undefined = replacing && {
    verb: `changing ${replacing.name} to ${String(inputs[replacing.name])} replaces this attachment, and deleting the old one would remove`,
    advice:
      `First raise rollout.maxRemovals (to "100%", say) or leave it out, with a pulumi up that keeps ` +
      `${replacing.name} ${String(olds[replacing.name])}; then change ${replacing.name}`,
  };
  return [
    {
      property: "rollout.maxRemovals",
      reason: removalRefusal(
        rollout.maxRemovals,
        limit,
        removed,
        before.length,
        declaredTarget(ctx, replacing ? olds : inputs),
        wording,
      ),
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
    // A timeout or ratio still unknown in this preview (NaN) is not shown as a number.
    const upTo = Number.isNaN(gate?.timeoutSeconds) ? "" : ` up to ${gate?.timeoutSeconds} s`;
    const ratio = gate?.minHealthyRatio;
    const share =
      ratio === 1 ? "all are" : Number.isNaN(ratio) ? "enough are" : `${Math.round(ratio! * 100)}% are`;
    ctx.log(
      `rollout of ${where}: adds ${added.join(", ")}` +
        (gate ? `, then waits${upTo} until ${share} healthy before removing anything` : ""),
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
