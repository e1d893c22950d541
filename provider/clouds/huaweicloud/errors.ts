import { CloudError, type Retryability } from "../../reconcile/cloudError";
import {
  classifyNoAnswer,
  classifyRefusal,
  type ErrorTable,
  unknownHostHint,
} from "../../reconcile/errorClass";
import type { HuaweiAnswer, NoAnswer } from "./sdkClient";

export type ElbOperation =
  "list" | "show-pool" | "quota-details" | "batch-add" | "batch-update" | "batch-delete";

/** Reads change nothing: an unanswered read is simply read again. */
export const isElbRead = (operation: ElbOperation): boolean =>
  operation === "list" || operation === "show-pool" || operation === "quota-details";

/**
 * The codes of ELB v3 that are not permanent, for the shared rule (reconcile/errorClass.ts), which also
 * never retries a 401 (API Gateway locks an AccessKey after repeated signature failures), retries 429 and
 * 5xx, and re-reads after a 504 on a write. Sources:
 * - transient: API Gateway's throttling codes end in `.0308` ("The throttling threshold has been reached",
 *   retry after 2 to 5 s: https://support.huaweicloud.com/intl/en-us/oce_faq/en-us_topic_0000001887959462.html;
 *   API Gateway's codes: https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-errorcode.html).
 * - stale: `ELB.8904` (404, a member or the pool is not found) and `ELB.8907` (409, data conflict: a
 *   member with that address and port exists) on a write mean the members changed since the read (ELB's
 *   error-code table, https://support.huaweicloud.com/intl/en-us/api-elb/ErrorCode.html). The executor re-reads and re-plans once; if the new plan is the same, the error is reported.
 *   On the list, `ELB.8904` means the pool is gone, which the adapter reports as such.
 * - everything else (`ELB.8902` invalid input, `ELB.8905` quota, `ELB.2001` member limit, `ELB.8938`/`8939`
 *   IP members not allowed, 403 permissions) fails the same way again.
 */
export const ELB_ERRORS: ErrorTable = {
  transient: [/\.0308$/],
  stale: ["ELB.8904", "ELB.8907"],
};

export function classifyElbRefusal(operation: ElbOperation, status: number, code: string): Retryability {
  return classifyRefusal(ELB_ERRORS, { status, code, write: !isElbRead(operation) });
}

/**
 * Said after a quota refusal: which quotas an add counts against (Huawei's quota page, "Notes and
 * Constraints": 500 backend servers per pool and 500 per account by default), where to read them, and the
 * ways out.
 */
const QUOTA_ADVICE =
  " (a member quota is full: the pool's, 500 members by default, or the account's, 500 members across all " +
  "pools of the project by default; `GET /v3/{project_id}/elb/quotas/details` shows each quota and its use. " +
  "Members are added before any is removed, so a change that adds and removes near a quota passes it on " +
  "the way: remove members in an earlier update, or ask Huawei Cloud to raise the quota)";

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
  if (code === "ELB.8905") message += QUOTA_ADVICE;
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
  const hint = failure.code === "ENOTFOUND" ? unknownHostHint("HUAWEICLOUD_ELB_ENDPOINT") : "";
  return new CloudError({
    action: operation,
    target,
    code: failure.code,
    message: `${failure.message}${hint}`,
    retry: classifyNoAnswer(failure.code, !isElbRead(operation)),
  });
}
