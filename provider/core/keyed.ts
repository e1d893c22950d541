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

/**
 * The canonical keyed object: sorted by key, so reordering a program's list is no change. (Two members
 * with one key: the last given wins, in the first one's place.)
 *
 * Built property by property into an object that starts as a hash table: V8 gives an object literal a
 * hidden class per property added, up to about a hundred, before it turns it into one, and that cost
 * `Object.fromEntries` 0.4 to 0.7 ms for 1,000 members, where this takes 0.1 to 0.2 ms (docs/performance.md).
 * Deleting a property is what makes V8 start with the table; any engine returns the same object.
 */
export function sortedByKey<T>(members: readonly T[], keyOf: (member: T) => string): Record<string, T> {
  const keys = members.map(keyOf);
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
  const keyed: Record<string, T> = { [HASHED]: undefined as T };
  delete keyed[HASHED];
  for (const i of order) {
    // An own property whatever the key: assigning `__proto__` would set the prototype instead.
    if (keys[i] === "__proto__") Object.defineProperty(keyed, keys[i], { ...OWN, value: members[i] });
    else keyed[keys[i]] = members[i];
  }
  return keyed;
}
const HASHED = "\u0000";
const OWN = { enumerable: true, writable: true, configurable: true };
