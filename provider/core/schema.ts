import { aggregated, type Failure, type MemberFailure, memberPath, show } from "./failures";
import { memberEntries, sortedByKey } from "./keyed";
import { labelOf, type MemberModel } from "./model";
import { checkRollout } from "./rollout";
import { RESOURCE_NAME_KEY } from "./resourceName";
import { containsUnknown, isUnknown, UNKNOWN } from "./unknown";
import { type Check, isBoolean, isPlainObject } from "./validate";

/** A top-level input of an attachment resource, other than its members and `exclusive`. */
export interface FieldSpec {
  name: string;
  required: boolean;
  check: Check;
  /** A change of this field means another load balancer or pool: the resource is replaced. */
  replaceOnChange: boolean;
}

export interface MemberProblem {
  /** The member field at fault; absent when the member as a whole is wrong. */
  field?: string;
  reason: string;
}

/** Everything `check` and `diff` need to know about one resource type's inputs. */
export interface AttachmentSchema<M> {
  /** The resource type as users write it, for messages: `alicloud.slb.BackendServerAttachment`. */
  typeName: string;
  fields: readonly FieldSpec[];
  /** `backendServers` or `members`. */
  listField: string;
  /** How one member is named in messages: `(serverId, type, serverIp)`. */
  identityFields: string;
  model: MemberModel<M>;
  /**
   * Applies defaults to one declared member and validates every field. Fields that are still unknown in a
   * preview are passed through unchecked.
   */
  normalizeMember(raw: Record<string, unknown>): { member: M; problems: MemberProblem[] };
  /** Why this cloud cannot gate a rollout on health; absent where it can. */
  healthGateRefusal?: string;
}

export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: Failure[];
}

/**
 * Normalizes and validates a resource's inputs, before any cloud call: defaults applied, members in
 * canonical order, every bad value reported with its property path, the value and what is allowed.
 *
 * `source` says where the inputs come from: a program gives its members as a list; inputs that `check`
 * already returned (given again to diff, create and update) hold them keyed by identity.
 */
export function checkInputs<M>(
  schema: AttachmentSchema<M>,
  news: Record<string, unknown>,
  source: "program" | "checked" = "program",
): CheckResult {
  const failures: Failure[] = [];
  const inputs: Record<string, unknown> = {};
  const known = new Set([...schema.fields.map((f) => f.name), schema.listField, "exclusive", "rollout"]);

  for (const name of Object.keys(news)) {
    if (!known.has(name) && !name.startsWith("__")) {
      failures.push({
        property: name,
        reason: `${name} is not an input of ${schema.typeName}: use ${[...known].join(", ")}`,
      });
    }
  }

  // The resource class passes its name, hidden from `preview --diff`, so that messages can name it.
  if (typeof news[RESOURCE_NAME_KEY] === "string") inputs[RESOURCE_NAME_KEY] = news[RESOURCE_NAME_KEY];

  for (const field of schema.fields) {
    const value = news[field.name];
    if (value === null) {
      failures.push({ property: field.name, reason: nullReason(field.name) });
      continue;
    }
    if (value === undefined) {
      if (field.required) failures.push({ property: field.name, reason: `${field.name} is required` });
      continue;
    }
    inputs[field.name] = value;
    if (isUnknown(value)) continue;
    const problem = field.check(value);
    if (problem) failures.push({ property: field.name, reason: `${field.name} ${problem}` });
  }

  const exclusive = news.exclusive === undefined ? false : news.exclusive;
  inputs.exclusive = exclusive;
  if (exclusive === null) failures.push({ property: "exclusive", reason: nullReason("exclusive") });
  else if (!isUnknown(exclusive)) {
    const problem = isBoolean(exclusive);
    if (problem) failures.push({ property: "exclusive", reason: `exclusive ${problem}` });
  }

  if (news.rollout !== undefined) {
    inputs.rollout = news.rollout;
    failures.push(...checkRollout(news.rollout, schema.healthGateRefusal));
  }

  const members = checkMembers(schema, news[schema.listField], source === "checked");
  inputs[schema.listField] = members.value;
  failures.push(...members.failures);
  return { inputs, failures };
}

function checkMembers<M>(
  schema: AttachmentSchema<M>,
  value: unknown,
  keyed: boolean,
): { value: unknown; failures: Failure[] } {
  const { listField, model } = schema;
  if (value === undefined || value === null) {
    // A mistyped StackReference output or an unset config value must never read as "no members":
    // with exclusive: true that would detach every server of the load balancer.
    const reason =
      `${listField} is required, and was ${show(value)}: a missing list is never taken as empty; ` +
      `give [] to declare no members`;
    return { value: {}, failures: [{ property: listField, reason }] };
  }
  const given = memberEntries(value, keyed);
  if (given.kind === "unknown") return { value, failures: [] };
  if (given.kind === "invalid") {
    return {
      value,
      failures: [
        { property: listField, reason: `${listField} ${show(value)} is not allowed: use a list of members` },
      ],
    };
  }

  const failures: MemberFailure[] = [];
  const settled: M[] = [];
  const pending: Record<string, unknown> = {};
  const firstLabelByKey = new Map<string, string>();

  for (const [label, raw] of given.entries) {
    if (isUnknown(raw)) {
      pending[label] = raw;
      continue;
    }
    if (!isPlainObject(raw)) {
      const problem = `${show(raw)} is not allowed: use an object`;
      failures.push({
        kind: "member",
        problem,
        failure: { property: memberPath(listField, label), reason: `member ${label} ${problem}` },
      });
      continue;
    }
    const { member, problems } = schema.normalizeMember(raw);
    const unknown = containsUnknown(member);
    const name = unknown ? label : model.key(member);
    for (const problem of problems) {
      failures.push({
        kind: problem.field === undefined ? "member" : `field ${problem.field}`,
        problem: problem.reason,
        failure: {
          property: memberPath(listField, name, problem.field),
          reason: `member ${name}: ${problem.reason}`,
        },
      });
    }
    if (problems.length > 0) continue;
    if (unknown) {
      pending[label] = member;
      continue;
    }
    if (firstLabelByKey.has(name)) {
      const problem = `declared more than once: each ${schema.identityFields} may appear once`;
      failures.push({
        kind: "duplicate",
        problem,
        state: true,
        failure: { property: memberPath(listField, name), reason: `member ${name} is ${problem}` },
      });
      continue;
    }
    firstLabelByKey.set(name, label);
    settled.push(member);
  }
  // Pending members only in a preview: the keyed object is not copied into another when there are none.
  const byLabel = sortedByKey(settled, (m) => labelOf(model, m));
  if (Object.keys(pending).length > 0) Object.assign(byLabel, known(model, settled, pending));
  return { value: byLabel, failures: aggregated(listField, failures) };
}

/**
 * Members with a value still unknown (a preview), under their own name when the fields that name them are
 * known (only a weight unknown, say), so that a preview shows that member changing rather than one member
 * removed and another added; else under their place in the list (`#3`). A name another member has, or
 * that two share, keeps the place: duplicates are checked once everything is known.
 */
function known<M>(
  model: MemberModel<M>,
  settled: readonly M[],
  pending: Record<string, unknown>,
): Record<string, unknown> {
  const named = (member: unknown) => {
    if (!isPlainObject(member)) return undefined;
    try {
      const name = labelOf(model, member as M);
      return name.includes(UNKNOWN) ? undefined : name;
    } catch {
      return undefined;
    }
  };
  const taken = new Set(settled.map((m) => labelOf(model, m)));
  const names = Object.entries(pending).map(([place, member]) => [place, named(member)] as const);
  const counts = new Map<string, number>();
  for (const [, name] of names) if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  return Object.fromEntries(
    names.map(([place, name]) => [
      name !== undefined && !taken.has(name) && counts.get(name) === 1 ? name : place,
      pending[place],
    ]),
  );
}

/** One rule for every field: null is never read as "not set" nor as the default. */
export function nullReason(field: string): string {
  return `${field} null is not allowed: give a value, or leave ${field} out where it is optional`;
}
