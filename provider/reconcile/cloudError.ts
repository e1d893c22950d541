import { cutSigningMaterial } from "./redact";

/**
 * How a failed call may be retried:
 * - `transient`: the cloud did nothing (throttling, 5xx, busy); send the same call again after a backoff.
 * - `uncertain`: the call may or may not have taken effect (time-out, dropped connection); re-read the
 *   members before sending anything again, since a blind retry of an add that did succeed fails.
 * - `stale`: the cloud's members changed since they were read (already attached, gone); re-read and re-plan.
 * - `permanent`: retrying cannot help (bad input, bad credentials, quota); report it.
 */
export type Retryability = "transient" | "uncertain" | "stale" | "permanent";

export interface CloudErrorInfo {
  /** The API action or operation: `AddBackendServers`, `batch-add`. */
  action: string;
  /** What it acted on, for people: `load balancer lb-abc`, `pool 04a9...`. */
  target: string;
  /** The cloud's error code, or a network error code such as `ETIMEDOUT`. */
  code: string;
  message: string;
  requestId?: string;
  httpStatus?: number;
  retry: Retryability;
}

/**
 * The one error type adapters throw. It is built field by field from the SDK's error, never by wrapping
 * it: SDK errors carry request headers and URLs that may hold credentials. Adapters redact their own
 * credentials from the message (`redact`); whatever they pass, quoted signing material is cut here, so no
 * cloud can surface a string to sign.
 */
export class CloudError extends Error {
  readonly info: CloudErrorInfo;

  constructor(given: CloudErrorInfo) {
    const info = { ...given, message: cutSigningMaterial(given.message) };
    const request = info.requestId ? ` (RequestId: ${info.requestId})` : "";
    super(`${info.action} on ${info.target} failed: ${info.code}: ${info.message}${request}`);
    this.name = "CloudError";
    this.info = info;
  }

  get retry(): Retryability {
    return this.info.retry;
  }
}

/** Network failures, as Node reports them: whether the request reached the cloud is unknown. */
const NETWORK_CODES = new Set([
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
]);

/** The code of a network-level failure, or undefined when `error` is not one. */
export function networkErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; name?: unknown; message?: unknown } | undefined;
  if (typeof e?.code === "string" && NETWORK_CODES.has(e.code)) return e.code;
  if (e?.name === "RequestTimeoutError" || /timed? ?out/i.test(String(e?.message ?? ""))) return "ETIMEDOUT";
  if (/socket hang up/i.test(String(e?.message ?? ""))) return "ECONNRESET";
  return undefined;
}
