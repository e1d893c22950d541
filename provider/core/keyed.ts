import { isUnknown } from "./unknown";

/**
 * Members are registered as an object keyed by identity, not as a list: `pulumi preview --diff` compares
 * lists by position (inserting one member would show every later one as changed) but objects by key, so
 * each added, removed or changed member shows as exactly one line.
 *
 * A second member with the same identity is kept under a suffixed key so that `check` can report the
 * duplicate instead of one silently replacing the other.
 */
export function keyByIdentity<T>(
  items: readonly T[],
  keyOf: (item: T, index: number) => string,
): Record<string, T> {
  const keyed: Record<string, T> = {};
  items.forEach((item, index) => {
    let key = keyOf(item, index);
    for (let n = 2; Object.hasOwn(keyed, key); n++) key = `${keyOf(item, index)} (duplicate ${n})`;
    keyed[key] = item;
  });
  return keyed;
}

/**
 * The members a resource was given, whichever shape they came in: the keyed object this package registers,
 * a plain list (a program that uses the provider class directly), or unknown during preview.
 */
export type MemberEntries =
  { kind: "unknown" } | { kind: "invalid" } | { kind: "entries"; entries: [string, unknown][] };

export function memberEntries(value: unknown): MemberEntries {
  if (isUnknown(value)) return { kind: "unknown" };
  if (value === undefined || value === null) return { kind: "entries", entries: [] };
  if (Array.isArray(value)) return { kind: "entries", entries: value.map((item, i) => [`#${i + 1}`, item]) };
  if (typeof value === "object") return { kind: "entries", entries: Object.entries(value as object) };
  return { kind: "invalid" };
}

/** The canonical keyed object: sorted by key, so reordering a program's list is no change. */
export function sortedByKey<T>(members: readonly T[], keyOf: (member: T) => string): Record<string, T> {
  const pairs = members.map((m) => [keyOf(m), m] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(pairs);
}
