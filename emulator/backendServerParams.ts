// Shared parsing of the Alibaba `BackendServers` parameter: one form field holding a JSON array string.

export type BackendServersParse =
  | { kind: "missing" }
  | { kind: "invalid"; reason: string }
  | { kind: "ok"; entries: Record<string, unknown>[] };

export const MAX_ENTRIES_PER_CALL = 20;

export function parseBackendServers(raw: string | undefined): BackendServersParse {
  if (raw === undefined || raw === "") return { kind: "missing" };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { kind: "invalid", reason: "is not valid JSON" };
  }
  if (!Array.isArray(value)) return { kind: "invalid", reason: "must be a JSON array" };
  if (value.length === 0) return { kind: "invalid", reason: "must not be empty" };
  if (!value.every((e) => typeof e === "object" && e !== null && !Array.isArray(e))) {
    return { kind: "invalid", reason: "entries must be JSON objects" };
  }
  return { kind: "ok", entries: value as Record<string, unknown>[] };
}

/** An integer given as a JSON number or as a decimal string ("100"), or undefined when absent. */
export function integerField(value: unknown): number | undefined | "invalid" {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return Number.isInteger(value) ? value : "invalid";
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return "invalid";
}

/** Server ids are short tokens of letters, digits and `-_.`; anything else is malformed. */
export const isWellFormedServerId = (value: unknown): value is string =>
  typeof value === "string" && /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(value);

/** Keeps the first entry of each identity, as the clouds do with duplicates inside one request. */
export function firstOfEach<T>(entries: readonly T[], key: (entry: T) => string): T[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const k = key(entry);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
