import { sortedByKey } from "../core/keyed";
import { labelOf } from "../core/model";
import type { AttachmentSchema } from "../core/schema";
import { isPlainObject } from "../core/validate";

/**
 * The version of the state shape this release writes. The stored provider text requires the installed
 * package at run time, so every later release reads what any earlier one wrote: bump this only with a
 * reader for the old shape in `readManaged`.
 */
export const STATE_VERSION = 1;

/** Hidden from `pulumi preview --diff` by their `__` prefix. */
const VERSION_KEY = "__stateVersion";
const DECLARED_KEY = "__declaredInputs";

/** The outputs recorded in state: resolved inputs, the members this resource owns, and bookkeeping. */
export function stateOutputs<M>(
  schema: AttachmentSchema<M>,
  resolved: Record<string, unknown>,
  declaredInputs: readonly string[],
  managed: readonly M[],
): Record<string, unknown> {
  return {
    ...resolved,
    [schema.listField]: sortedByKey(managed, (m) => labelOf(schema.model, m)),
    [VERSION_KEY]: STATE_VERSION,
    [DECLARED_KEY]: [...declaredInputs],
  };
}

/** The members recorded as owned, from the outputs of any release of this package. */
export function readManaged<M>(schema: AttachmentSchema<M>, outputs: Record<string, unknown>): M[] {
  const version = outputs[VERSION_KEY] ?? STATE_VERSION;
  if (version !== STATE_VERSION) {
    throw new Error(
      `this state was written by a newer release of pulumi-backend-servers (state version ${String(version)}): upgrade the package`,
    );
  }
  const members = outputs[schema.listField];
  return isPlainObject(members) ? (Object.values(members).filter(isPlainObject) as M[]) : [];
}

/** Which top-level inputs the program set, so that a refresh reports inputs of the same shape. */
export function declaredInputs(outputs: Record<string, unknown>, fallback: readonly string[]): string[] {
  const declared = outputs[DECLARED_KEY];
  return Array.isArray(declared) ? declared.filter((d): d is string => typeof d === "string") : [...fallback];
}
