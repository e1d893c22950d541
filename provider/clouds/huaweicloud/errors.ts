import { CloudError, type Retryability } from "../../reconcile/cloudError";
import type { HuaweiAnswer, NoAnswer } from "./sdkClient";

export type ElbOperation = "list" | "batch-add" | "batch-update" | "batch-delete";

/**
 * How an ELB v3 refusal may be retried (../shared/reference/clouds.md):
 * - 401 never: API Gateway locks an AccessKey for five minutes after five signature failures in a row.
 * - throttling (429, any `*.0308`), data conflicts (409 ELB.8907) and server errors: the same call again.
 *   A 504 on a write is a gateway time-out: the write may have happened, so the members are re-read first.
 * - ELB.8904 "not found" on a write: a member (batch-update) or the pool vanished since the read, so
 *   re-read and re-plan. On the list it means the pool is gone, which the adapter reports as such.
 * - everything else (ELB.8902 invalid input, ELB.8905 quota, ELB.2001 member limit, ELB.8938/8939 IP members
 *   not allowed, 403 permissions) will fail the same way again.
 */
export function classifyElbRefusal(operation: ElbOperation, status: number, code: string): Retryability {
  if (status === 401) return "permanent";
  if (status === 429 || code.endsWith(".0308")) return "transient";
  if (code === "ELB.8907") return "transient";
  if (code === "ELB.8904") return operation === "list" ? "permanent" : "stale";
  if (status === 504) return operation === "list" ? "transient" : "uncertain";
  if (status >= 500) return "transient";
  return "permanent";
}

/** The request never reached a server: sending it again cannot do anything twice. */
const NOT_SENT = new Set(["ECONNREFUSED", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * A request without an answer. A write may or may not have happened (a time-out, a reset), so the members
 * are re-read before anything is sent again. An unknown host is a wrong region or endpoint, not a glitch.
 */
export function classifyNoAnswer(operation: ElbOperation, code: string): Retryability {
  if (code === "ENOTFOUND" || code === "UnexpectedError") return "permanent";
  if (NOT_SENT.has(code) || operation === "list") return "transient";
  return "uncertain";
}

/** A `CloudError` for a refusal, built from the answer's fields only. */
export function refusalError(operation: ElbOperation, target: string, answer: HuaweiAnswer): CloudError {
  const { body, status } = answer;
  // ELB answers `{error_code, error_msg}`; some gateways nest them as `{error: {code, message}}`.
  const nested = (body.error ?? {}) as Record<string, unknown>;
  const code = String(body.error_code ?? nested.code ?? `HTTP${status}`);
  let message = String(body.error_msg ?? nested.message ?? `HTTP status ${status}`);
  if (status === 401) {
    message +=
      " (check the AccessKey, SecretKey and security token; not retried: five failed signatures in a row lock the AccessKey for five minutes)";
  }
  return new CloudError({
    action: operation,
    target,
    code,
    message,
    ...(answer.requestId ? { requestId: answer.requestId } : {}),
    httpStatus: status,
    retry: classifyElbRefusal(operation, status, code),
  });
}

export function noAnswerError(operation: ElbOperation, target: string, failure: NoAnswer): CloudError {
  const hint =
    failure.code === "ENOTFOUND" ? " (unknown host: check the region or HUAWEICLOUD_ELB_ENDPOINT)" : "";
  return new CloudError({
    action: operation,
    target,
    code: failure.code,
    message: `${failure.message}${hint}`,
    retry: classifyNoAnswer(operation, failure.code),
  });
}
