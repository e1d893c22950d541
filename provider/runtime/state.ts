import { sortedByKey } from "../core/keyed";
import { labelOf } from "../core/model";
import type { AttachmentSchema } from "../core/schema";
import { isPlainObject } from "../core/validate";
import { NO_PROGRESS, type RolloutProgress } from "../reconcile/rollout";

/**
 * The version of the state shape this release writes. The stored provider text requires the installed
 * package at run time, so every later release reads what any earlier one wrote: bump this only with a
 * reader for the old shape in `readManaged`.
 */
export const STATE_VERSION = 1;

/** Hidden from `pulumi preview --diff` by their `__` prefix. */
const VERSION_KEY = "__stateVersion";
const DECLARED_KEY = "__declaredInputs";
/** An unfinished rollout: members still gated on health, members draining and since when. */
const ROLLOUT_KEY = "__rollout";

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

/** The `__rollout` output for unfinished work; nothing when the rollout is done or absent. */
export function progressOutput(progress: RolloutProgress | undefined): Record<string, unknown> {
  if (!progress || (progress.gating.length === 0 && Object.keys(progress.draining).length === 0)) return {};
  return { [ROLLOUT_KEY]: progress };
}

/** What the last run left unfinished, as recorded; empty when nothing (or something unreadable) is. */
export function readProgress(outputs: Record<string, unknown>): RolloutProgress {
  const recorded = outputs[ROLLOUT_KEY];
  if (!isPlainObject(recorded)) return NO_PROGRESS;
  const gating = Array.isArray(recorded.gating)
    ? recorded.gating.filter((k): k is string => typeof k === "string")
    : [];
  const draining: Record<string, number> = {};
  if (isPlainObject(recorded.draining)) {
    for (const [key, since] of Object.entries(recorded.draining))
      if (typeof since === "number" && Number.isFinite(since)) draining[key] = since;
  }
  return { gating, draining };
}
