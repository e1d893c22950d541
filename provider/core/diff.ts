import { isDeepStrictEqual } from "node:util";
import { memberPath } from "./failures";
import { type MemberChange, memberChanges } from "./memberChanges";
import type { AttachmentSchema } from "./schema";
import { containsUnknown, isUnknown } from "./unknown";
import { isPlainObject } from "./validate";

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

/** What the new declaration changes against the recorded one, member by member. */
export interface DeclarationChanges {
  /** Top-level inputs other than the members that differ: `exclusive`, `rollout`, the target's fields. */
  fields: string[];
  /**
   * Members added, removed or changed (memberChanges, the rule the provider plugin's detailed diff uses): a
   * member whose registered name changes with the change (an ENS port) is removed under the old name and
   * added under the new one, as the preview shows it.
   */
  members: MemberChange[];
  /** Some new input is still unknown (a preview): what it will be is not known yet. */
  unknown: boolean;
}

/**
 * What the engine's own comparison of the recorded and the new inputs marks (`oldInputs.Diff(newInputs)`
 * in `diffResource`, pkg/resource/deploy/step_generator.go of pulumi v3.248.0, which it makes when a
 * provider answers "unknown"): the paths `preview --diff` then prints, and only those.
 */
export interface EngineComparison {
  /** `exclusive`, `backendServers["ecs:i-abc"]`, or the member list as a whole when it is unknown. */
  paths: string[];
  /** Hidden (`__`) inputs that differ: `__provider` after an upgrade, `__attachmentName` after a rename. */
  hidden: string[];
}

export interface DiffFacts {
  /** The inputs the last deployment recorded, which the engine compares with; undefined when not known. */
  oldInputs: Record<string, unknown> | undefined;
  /** The outputs it recorded: the members this resource owns, as the cloud settled them. */
  oldOutputs: Record<string, unknown>;
  /** The new checked inputs, as the engine holds them. */
  news: Record<string, unknown>;
  /** The same with run-time defaults (region, project) filled in, as outputs record them. */
  resolved: Record<string, unknown>;
  /** What a read of the cloud found against the declaration and the state; undefined when not read. */
  drift: { changes: boolean; lines: string[] } | undefined;
}

/**
 * Everything `diff` decides, as data, so that every front end (the dynamic provider, a provider plugin)
 * maps the same decision to its own protocol.
 */
export interface DiffDecision {
  /**
   * Whether `pulumi up` has work to do: the declaration differs from what the resource recorded, or the
   * cloud differs from the declaration (drift, or a previous `pulumi up` that stopped midway).
   */
  update: boolean;
  /** Inputs whose change means another load balancer or pool: the resource is replaced. */
  replaces: string[];
  /** What changes against the recorded declaration (the old inputs when known, else the state). */
  declared: DeclarationChanges;
  /** One sentence per member the cloud differs on since the last `pulumi up` (see detectDrift). */
  drift: string[];
  /** What the engine's own input comparison would mark; undefined when the old inputs are not known. */
  engine: EngineComparison | undefined;
  /**
   * True when the engine's comparison marks exactly the declared changes, and something: handed to it,
   * the update happens and the preview shows the changed members alone. False when it would see nothing
   * (drift alone, or work a failed `pulumi up` left), more (a member only renamed by a new release), or a
   * hidden input, which it would print.
   */
  engineShowsChanges: boolean;
}

export function decideDiff<M>(schema: AttachmentSchema<M>, facts: DiffFacts): DiffDecision {
  const recorded = diffInputs(schema, facts.oldOutputs, facts.resolved);
  const declared =
    facts.oldInputs === undefined
      ? declarationChanges(schema, facts.oldOutputs, facts.resolved)
      : declarationChanges(schema, facts.oldInputs, facts.news);
  const engine =
    facts.oldInputs === undefined ? undefined : engineComparison(schema, facts.oldInputs, facts.news);
  return {
    update: recorded.changes || facts.drift?.changes === true,
    replaces: recorded.replaces,
    declared,
    drift: facts.drift?.lines ?? [],
    engine,
    engineShowsChanges: engine !== undefined && showsExactly(schema, engine, declared),
  };
}

/**
 * The dynamic provider's answer. `undefined` hands the comparison to the engine, which then builds a
 * detailed diff from the old and new inputs and `preview --diff` prints only the changed members; `true`
 * makes it print the member list whole (a dynamic provider cannot give a detailed diff of its own);
 * `false` is no update.
 */
export function dynamicChanges(decision: DiffDecision): boolean | undefined {
  if (!decision.update) return false;
  // A replacement too: the plugin passes `replaces` on with "unknown", and the engine replaces.
  return decision.engineShowsChanges ? undefined : true;
}

function showsExactly<M>(
  schema: AttachmentSchema<M>,
  engine: EngineComparison,
  declared: DeclarationChanges,
): boolean {
  if (engine.hidden.length > 0 || engine.paths.length === 0) return false;
  // An unknown value shows as unknown, wherever it is: the engine marks it, the identities are not known.
  if (declared.unknown) return true;
  const expected = new Set([
    ...declared.fields,
    ...declared.members.map((m) => memberPath(schema.listField, m.label)),
  ]);
  return engine.paths.length === expected.size && engine.paths.every((path) => expected.has(path));
}

/** The members of a checked (keyed) member list; undefined while it or one of them is unknown. */
function membersOf<M>(value: unknown): M[] | undefined {
  if (!isPlainObject(value)) return undefined;
  const members = Object.values(value);
  return members.every((m) => isPlainObject(m) && !containsUnknown(m)) ? (members as M[]) : undefined;
}

/** The inputs a user declares besides the members, compared as `check` reads them. */
function declaredFields<M>(
  schema: AttachmentSchema<M>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): string[] {
  const value = (inputs: Record<string, unknown>, name: string) =>
    name === "exclusive" ? (inputs.exclusive ?? false) : inputs[name];
  return [...schema.fields.map((f) => f.name), "exclusive", "rollout"]
    .filter((name) => !isDeepStrictEqual(value(olds, name), value(news, name)))
    .sort();
}

function declarationChanges<M>(
  schema: AttachmentSchema<M>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): DeclarationChanges {
  const { listField, model } = schema;
  const fields = declaredFields(schema, olds, news);
  const desired = membersOf<M>(news[listField]);
  if (desired === undefined) return { fields, members: [], unknown: true };
  const recorded = membersOf<M>(olds[listField]) ?? [];
  const members = memberChanges(model, { recorded, desired, exclusive: news.exclusive === true });
  return { fields, members, unknown: containsUnknown(news) };
}

function engineComparison<M>(
  schema: AttachmentSchema<M>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): EngineComparison {
  const { listField } = schema;
  const paths: string[] = [];
  const hidden: string[] = [];
  for (const name of new Set([...Object.keys(olds), ...Object.keys(news)])) {
    if (name === listField || isDeepStrictEqual(olds[name], news[name])) continue;
    (name.startsWith("__") ? hidden : paths).push(name);
  }
  const before = olds[listField];
  const after = news[listField];
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const label of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (!isDeepStrictEqual(before[label], after[label])) paths.push(memberPath(listField, label));
    }
  } else if (!isDeepStrictEqual(before, after)) paths.push(listField);
  return { paths: paths.sort(), hidden: hidden.sort() };
}
