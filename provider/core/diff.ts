import type { AttachmentSchema } from "./schema";
import { containsUnknown, isUnknown } from "./unknown";

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
  const before = Object.values((olds ?? {}) as Record<string, M>);
  const after = Object.values((news ?? {}) as Record<string, M>);
  if (after.length !== before.length || after.some(containsUnknown)) return true;
  // Matched by identity, not by the name a member is registered under: a release that names members
  // differently (an ENS port in the name) is no change by itself.
  const beforeByKey = new Map(before.map((m) => [schema.model.key(m), m]));
  return after.some((m) => {
    const old = beforeByKey.get(schema.model.key(m));
    return old === undefined || schema.model.needsUpdate(m, old, old);
  });
}
