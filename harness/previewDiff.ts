import { isDeepStrictEqual } from "node:util";
import type { Props } from "./struct";

export interface DiffLine {
  /** As a reviewer reads it: `backendServers["ecs:i-1"].weight`, `backendServers[3]`, `region`. */
  path: string;
  /** The same path as keys and indexes, for code that should not parse `path`. */
  keys: (string | number)[];
  kind: "add" | "delete" | "update";
  old?: unknown;
  new?: unknown;
}

/**
 * The changes `pulumi preview --diff` shows for a dynamic resource: its old INPUTS against its new
 * inputs (whatever the provider's own diff said), internal `__` keys hidden. Objects are compared
 * key by key and arrays position by position, so inserting one element into a list shows every
 * later position as changed, while the same insertion in an object keyed by identity shows one
 * added key. One line per changed leaf, added or removed key, or added or removed element; two
 * values of different shapes (object vs array vs primitive) make one `update` line.
 *
 * This is what a PR-review tool posts, so tests use it to keep that output small and meaningful.
 */
export function previewDiffLines(oldInputs: Props, newInputs: Props): DiffLine[] {
  const lines: DiffLine[] = [];
  diffObjects(oldInputs, newInputs, [], lines);
  return lines;
}

/**
 * The distinct direct children of `field` (a path as in DiffLine.path) that have a changed line:
 * keys for an object, indexes (as strings) for an array. A line at `field` itself names no child.
 */
export function changedEntries(lines: DiffLine[], field: string): Set<string> {
  const children = new Set<string>();
  for (const line of lines) {
    for (let depth = 1; depth < line.keys.length; depth++) {
      if (formatPath(line.keys.slice(0, depth)) === field) children.add(String(line.keys[depth]));
    }
  }
  return children;
}

type Keys = (string | number)[];

function diffObjects(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  at: Keys,
  out: DiffLine[],
) {
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => !k.startsWith("__"));
  for (const key of keys.sort()) {
    // A null or missing value is "no value": going between the two is not a change.
    const [o, n] = [olds[key] ?? null, news[key] ?? null];
    if (o === null && n === null) continue;
    if (o === null) out.push(line(at, key, "add", undefined, n));
    else if (n === null) out.push(line(at, key, "delete", o, undefined));
    else diffValues(o, n, [...at, key], out);
  }
}

function diffArrays(olds: unknown[], news: unknown[], at: Keys, out: DiffLine[]) {
  for (let index = 0; index < Math.max(olds.length, news.length); index++) {
    if (index >= news.length) out.push(line(at, index, "delete", olds[index], undefined));
    else if (index >= olds.length) out.push(line(at, index, "add", undefined, news[index]));
    else diffValues(olds[index], news[index], [...at, index], out);
  }
}

function diffValues(o: unknown, n: unknown, at: Keys, out: DiffLine[]) {
  if (Array.isArray(o) && Array.isArray(n)) return diffArrays(o, n, at, out);
  if (isObject(o) && isObject(n)) return diffObjects(o, n, at, out);
  if (!isDeepStrictEqual(o, n)) out.push({ path: formatPath(at), keys: at, kind: "update", old: o, new: n });
}

function line(at: Keys, key: string | number, kind: DiffLine["kind"], o: unknown, n: unknown): DiffLine {
  const keys = [...at, key];
  const result: DiffLine = { path: formatPath(keys), keys, kind };
  if (kind !== "add") result.old = o;
  if (kind !== "delete") result.new = n;
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function formatPath(keys: Keys): string {
  return keys
    .map((key, i) => {
      if (typeof key === "number") return `[${key}]`;
      if (!IDENTIFIER.test(key)) return `[${JSON.stringify(key)}]`;
      return i === 0 ? key : `.${key}`;
    })
    .join("");
}
