// What the handlers of the two Alibaba member APIs (CLB slb-20140515 and ENS ens-20171110) share: the
// `BackendServers` parameter, one form field holding a JSON array string whose entries each handler reads
// as its own contract rows say, and the shape of a handler. Each API keeps its own refusal codes.
import type { ApiError } from "./apiError";
import type { EmulatorState } from "./state";

/** One action: the response body without RequestId, or an ApiError thrown for a refusal. */
export type AlibabaAction = (state: EmulatorState, params: Record<string, string>) => Record<string, unknown>;

/**
 * Both APIs take at most 20 entries a call (the `*` field rows of contract/actions.ts, citing
 * slb-20140515 AddBackendServersRequest.ts and ens-20171110 RemoveBackendServersRequest.ts).
 */
const MAX_ENTRIES_PER_CALL = 20;

type BackendServersParse =
  | { kind: "missing" }
  | { kind: "invalid"; reason: string }
  | { kind: "ok"; entries: Record<string, unknown>[] };

function parseBackendServers(raw: string | undefined): BackendServersParse {
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

/** How one API refuses a `BackendServers` parameter it cannot read, in its own codes. */
export interface BackendServersRefusals {
  missing(): ApiError;
  invalid(reason: string): ApiError;
  tooMany(limit: number): ApiError;
  /**
   * Two entries naming one member (as the action names members): refused whole where set; absent, the
   * first counts and the others are ignored.
   */
  duplicate?(index: number, first: number): ApiError;
}

/**
 * Reads an action's `BackendServers` with `parseEntry` (which throws for a bad entry), so that a refused
 * call is refused whole before anything changes. Of entries with one identity the first is kept, as CLB's
 * AddBackendServers documents (CLB's other actions are silent: contract/actions.ts), unless the API
 * refuses them (`refuse.duplicate`: ENS, silent, the least forgiving reading).
 */
export function entryReader<T>(
  refuse: BackendServersRefusals,
  parseEntry: (action: string, entry: Record<string, unknown>, index: number) => T,
  keyOf: (entry: T) => string,
): (action: string, params: Record<string, string>) => T[] {
  return (action, params) => {
    const parsed = parseBackendServers(params.BackendServers);
    if (parsed.kind === "missing") throw refuse.missing();
    if (parsed.kind === "invalid") throw refuse.invalid(parsed.reason);
    if (parsed.entries.length > MAX_ENTRIES_PER_CALL) throw refuse.tooMany(MAX_ENTRIES_PER_CALL);
    const seen = new Map<string, number>();
    return parsed.entries
      .map((entry, index) => parseEntry(action, entry, index))
      .filter((entry, index) => {
        const key = keyOf(entry);
        const first = seen.get(key);
        if (first !== undefined && refuse.duplicate) throw refuse.duplicate(index, first);
        if (first !== undefined) return false;
        seen.set(key, index);
        return true;
      });
  };
}

/**
 * An integer from `min` to `max`, given as a JSON number or as a decimal string ("100"); undefined when
 * absent, "invalid" for anything else.
 */
export function integerWithin(value: unknown, min: number, max: number): number | undefined | "invalid" {
  if (value === undefined || value === null) return undefined;
  let n: number | undefined;
  if (typeof value === "number" && Number.isInteger(value)) n = value;
  else if (typeof value === "string" && /^-?\d+$/.test(value.trim())) n = Number(value.trim());
  return n === undefined || n < min || n > max ? "invalid" : n;
}

/** Server ids are short tokens of letters, digits and `-_.`; anything else is malformed. */
export const isWellFormedServerId = (value: unknown): value is string =>
  typeof value === "string" && /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(value);
