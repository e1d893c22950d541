import type { AttachmentSchema } from "./schema";
import { isUnknown } from "./unknown";

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * Compares the recorded state with the new, checked inputs. Only another load balancer or pool (or region)
 * replaces the resource; member, weight and ownership changes are updates in place. `__provider` is
 * ignored, so upgrading this package alone is no change.
 */
export function diffInputs<M>(
  schema: AttachmentSchema<M>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): DiffResult {
  const replaces = schema.fields
    .filter((f) => f.replaceOnChange && news[f.name] !== undefined)
    .filter((f) => isUnknown(news[f.name]) || news[f.name] !== olds[f.name])
    .map((f) => f.name);
  const changes =
    replaces.length > 0 ||
    (olds.exclusive ?? false) !== news.exclusive ||
    JSON.stringify(olds.rollout) !== JSON.stringify(news.rollout) ||
    membersDiffer(schema, olds[schema.listField], news[schema.listField]);
  return { changes, replaces, deleteBeforeReplace: false };
}

function membersDiffer<M>(schema: AttachmentSchema<M>, olds: unknown, news: unknown): boolean {
  if (isUnknown(news) || isUnknown(olds)) return true;
  const before = (olds ?? {}) as Record<string, M>;
  const after = (news ?? {}) as Record<string, M>;
  const afterKeys = Object.keys(after);
  if (afterKeys.length !== Object.keys(before).length) return true;
  return afterKeys.some((key) => {
    const old = before[key];
    if (old === undefined || isUnknown(after[key])) return true;
    return schema.model.needsUpdate(after[key], old, old);
  });
}
