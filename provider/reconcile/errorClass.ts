import type { Retryability } from "./cloudError";

/**
 * The codes of one cloud API that are not permanent, taken from the vendor's own error tables and tools
 * (each adapter cites its sources). Everything not listed is permanent: a code nobody documents as
 * retryable is reported at once rather than retried for minutes.
 */
export interface ErrorTable {
  /** Nothing happened; the same call may be sent again after a backoff (throttling, busy). */
  transient: readonly (string | RegExp)[];
  /** On a write: the members changed since they were read (already attached, no longer there). */
  stale: readonly string[];
}

/** A refusal the API answered: its HTTP status and the code in its body ("" when it had none). */
export interface Refusal {
  status: number;
  code: string;
  /** Whether the call changes members (a write) or only reads them. */
  write: boolean;
}

const matches = (code: string, patterns: readonly (string | RegExp)[]) =>
  patterns.some((p) => (typeof p === "string" ? p === code : p.test(code)));

/**
 * One rule for every cloud, applied in this order:
 * 1. a code the table lists as transient, or HTTP 429: retry the same call;
 * 2. HTTP 401: never retried (a wrong key stays wrong, and repeated failures can lock the AccessKey);
 * 3. a code the table lists as stale: on a write, re-read and re-plan; on a read, permanent;
 * 4. a gateway time-out (504): a write may have happened (re-read first), a read is retried;
 * 5. any other 5xx: the server failed, retry;
 * 6. everything else is permanent.
 */
export function classifyRefusal(table: ErrorTable, { status, code, write }: Refusal): Retryability {
  if (status === 429 || (code !== "" && matches(code, table.transient))) return "transient";
  if (status === 401) return "permanent";
  if (code !== "" && table.stale.includes(code)) return write ? "stale" : "permanent";
  if (status === 504) return write ? "uncertain" : "transient";
  if (status >= 500) return "transient";
  return "permanent";
}

/** Never reached a server: sending it again cannot do anything twice. */
const NOT_SENT = new Set(["ECONNREFUSED", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * A request that got no answer, the same for every cloud. An unknown host (`ENOTFOUND`) is a mistyped
 * region or endpoint: it fails at once, never retried. A write that may have reached the server (a
 * time-out, a reset) is `uncertain`: the members are re-read before anything is sent again.
 */
export function classifyNoAnswer(code: string, write: boolean): Retryability {
  if (code === "ENOTFOUND" || code === "UnexpectedError") return "permanent";
  if (NOT_SENT.has(code) || !write) return "transient";
  return "uncertain";
}

/** Said after an `ENOTFOUND`, naming the setting that decides the host. */
export const unknownHostHint = (endpointSetting: string) =>
  ` (unknown host: check the region or ${endpointSetting})`;
