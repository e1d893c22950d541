/** A validation failure in the shape Pulumi's `check` returns: the engine prints both parts. */
export interface Failure {
  /** A Pulumi property path, e.g. `backendServers["ecs:i-abc"].weight`. */
  property: string;
  reason: string;
}

/** Renders a user's value for an error message: short, unambiguous, never multi-line. */
export function show(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") {
    // Quoted exactly as typed; a long value is cut outside the quotes, at a character, never mid-pair.
    const chars = [...value];
    if (chars.length <= 60) return JSON.stringify(value);
    return `${JSON.stringify(chars.slice(0, 57).join(""))}... (${chars.length} characters)`;
  }
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return `an ${typeof value}`;
}

/** `backendServers` + `["eni:eni-1@10.0.0.1"]` + `.weight` in Pulumi's property path syntax. */
export function memberPath(listField: string, key: string, field?: string): string {
  return `${listField}[${JSON.stringify(key)}]${field ? `.${field}` : ""}`;
}

/** One member's failure, with what it is about (a field, the member as a whole, a duplicate, a claim). */
export interface MemberFailure {
  /** `field <name>` for the field at fault, `member` for the member as a whole, `duplicate`, or a claim. */
  kind: string;
  /** What is wrong, without the member's name: the same text for members with the same problem. */
  problem: string;
  /** The problem says what the member is (`declared more than once: ...`): the count says the rest "are" it. */
  state?: boolean;
  failure: Failure;
}

/** Members shown one by one for each kind of failure, each with its exact property path; past them, a count. */
const SHOWN_PER_KIND = 3;

/**
 * The failures of many members, a few per kind: 200 duplicates (or 200 weights out of range, or 200
 * members another attachment declares) read as the first three, each at its own property path, and one
 * line at `listField` that counts the others and says what they share, rather than 200 lines of the same
 * sentence. Four of a kind are all shown: a count stands in for two members at least.
 */
export function aggregated(listField: string, all: readonly MemberFailure[]): Failure[] {
  const byKind = new Map<string, MemberFailure[]>();
  for (const failure of all) {
    const same = byKind.get(failure.kind);
    if (same) same.push(failure);
    else byKind.set(failure.kind, [failure]);
  }
  const cut = (same: readonly MemberFailure[]) =>
    same.length > SHOWN_PER_KIND + 1 ? SHOWN_PER_KIND : same.length;
  const shown = new Set([...byKind.values()].flatMap((same) => same.slice(0, cut(same))));
  const summaries = [...byKind].flatMap(([kind, same]): Failure[] => {
    if (cut(same) === same.length) return [];
    const counted = `${same.length - SHOWN_PER_KIND} more members (${same.length} in all, the first ${SHOWN_PER_KIND} shown)`;
    const problems = new Set(same.map((f) => f.problem));
    let reason: string;
    if (same[0].state) reason = `${counted} are ${same[0].problem}`;
    else if (problems.size === 1) reason = `${counted} have the same problem: ${same[0].problem}`;
    else if (kind === "member") reason = `${counted} are not allowed as given either`;
    else reason = `${counted} have a ${kind.slice("field ".length)} that is not allowed either`;
    return [{ property: listField, reason }];
  });
  return [...all.filter((f) => shown.has(f)).map((f) => f.failure), ...summaries];
}
