import { isUnknown } from "./unknown";

/**
 * The members a resource was given: a list, as a program declares them, or, once checked, the object keyed
 * by identity that `check` returns and state records (`keyed`), or unknown during preview. Only a checked
 * value may be keyed: a program's object is refused, so that a single member given without the brackets,
 * or a map, is reported as not a list instead of being read member by member.
 */
export type MemberEntries =
  { kind: "unknown" } | { kind: "invalid" } | { kind: "entries"; entries: [string, unknown][] };

export function memberEntries(value: unknown, keyed: boolean): MemberEntries {
  if (isUnknown(value)) return { kind: "unknown" };
  if (Array.isArray(value)) return { kind: "entries", entries: value.map((item, i) => [`#${i + 1}`, item]) };
  if (keyed && value !== null && typeof value === "object")
    return { kind: "entries", entries: Object.entries(value as object) };
  return { kind: "invalid" };
}

/** The canonical keyed object: sorted by key, so reordering a program's list is no change. */
export function sortedByKey<T>(members: readonly T[], keyOf: (member: T) => string): Record<string, T> {
  const pairs = members.map((m) => [keyOf(m), m] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(pairs);
}
