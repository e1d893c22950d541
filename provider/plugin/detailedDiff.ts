/**
 * The detailed diff the plugin's Diff returns: one property path per added, removed or changed member (and
 * per member field that changes), per member the cloud has drifted on, and per other input that changes.
 * The engine then prints exactly those paths (`pulumi preview --diff`), old values from the recorded
 * outputs and new ones from the checked inputs, both keyed by member label.
 */
import type { DiffResult } from "../core/diff";
import { memberPath } from "../core/failures";
import { memberChanges } from "../core/memberChanges";
import type { AttachmentSchema } from "../core/schema";
import { containsUnknown, isUnknown } from "../core/unknown";
import { isPlainObject } from "../core/validate";
import type { CloudView } from "../runtime/attachmentProvider";
import { readManaged } from "../runtime/state";
import type { Props } from "./wire";

export type PropertyDiffKind = "add" | "addReplace" | "delete" | "deleteReplace" | "update" | "updateReplace";

/** Property path -> what happens there. */
export type DetailedDiff = Record<string, PropertyDiffKind>;

export function detailedDiff<M>(
  schema: AttachmentSchema<M>,
  olds: Props,
  news: Props,
  result: DiffResult,
  cloud: CloudView<M> | undefined,
): DetailedDiff {
  const diff: DetailedDiff = {};
  for (const field of schema.fields) {
    const value = news[field.name];
    if (value === undefined || (!isUnknown(value) && value === olds[field.name])) continue;
    const replaces = result.replaces.includes(field.name);
    if (olds[field.name] === undefined) diff[field.name] = replaces ? "addReplace" : "add";
    else diff[field.name] = replaces ? "updateReplace" : "update";
  }
  if ((olds.exclusive ?? false) !== news.exclusive) diff.exclusive = "update";
  if (JSON.stringify(olds.rollout) !== JSON.stringify(news.rollout)) {
    diff.rollout = olds.rollout === undefined ? "add" : news.rollout === undefined ? "delete" : "update";
  }

  const { listField, model } = schema;
  const declared = news[listField];
  if (!isPlainObject(declared) || containsUnknown(declared)) {
    // Not known yet (a preview): which members change is known once the values are.
    diff[listField] = "update";
    return diff;
  }
  const changes = memberChanges(model, {
    recorded: readManaged(schema, olds),
    desired: Object.values(declared) as M[],
    exclusive: news.exclusive === true,
    cloud,
  });
  for (const change of changes) {
    if (change.kind === "update" && change.fields.length > 0) {
      // The old value the engine prints is the recorded one, which a drifted field still has: "100 => 100"
      // would say nothing. The field is shown as set to the declared value instead; the drift line on
      // stderr says what the cloud has (and `preview --refresh` shows it as the old value).
      const kind = change.drift ? "add" : "update";
      for (const field of change.fields) diff[memberPath(listField, change.label, field)] = kind;
    } else {
      diff[memberPath(listField, change.label)] = change.kind === "remove" ? "delete" : change.kind;
    }
  }
  return diff;
}
