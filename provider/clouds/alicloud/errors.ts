import type { Retryability } from "../../reconcile/cloudError";
import { classifyRefusal, type ErrorTable } from "../../reconcile/errorClass";

/**
 * The codes of CLB (slb 2014-05-15) and ENS (2017-11-10) that are not permanent. Sources:
 * - transient: the CLB error-code table marks `ServiceIsConfiguring`, `VServerGroupProcessing` and
 *   `OperationBusy` "please try again later"
 *   (https://help.aliyun.com/zh/slb/classic-load-balancer/developer-reference/api-slb-2014-05-15-errorcodes);
 *   Alibaba's Terraform provider retries `ServiceUnavailable`, `Rejected.Throttling` and every `Throttling*`
 *   code (`NeedRetry`, aliyun/terraform-provider-alicloud: alicloud/errors.go) and treats `SystemBusy`,
 *   `OperationBusy`, `ServiceIsStopping`, `BackendServer.configuring`, `ServiceIsConfiguring` as "SLB is
 *   busy" (`SlbIsBusy`, same file), and `InternalError` and `OperationConflict` as retryable on writes
 *   (`DiskInvalidOperation`, same file). Every 5xx is retried by the shared rule.
 * - stale: no Alibaba document names the code for adding a server that is already attached or setting one
 *   that is not: the codes below are the emulator's inferred ones (emulator/contract/errors.ts marks
 *   them `silent`). Nothing is inferred from a message: `InvalidInstanceId.NotExists` or "the ENI is not
 *   attached to any ECS instance" are permanent, as every code not listed.
 */
export const ALIBABA_ERRORS: ErrorTable = {
  transient: [
    /^Throttling/,
    "Rejected.Throttling",
    "ServiceUnavailable",
    "InternalError",
    "SystemBusy",
    "OperationBusy",
    "ServiceIsConfiguring",
    "VServerGroupProcessing",
    "ServiceIsStopping",
    "BackendServer.configuring",
    "OperationConflict",
  ],
  stale: [
    "BackendServer.AlreadyExist",
    "InvalidParameter.BackendServerExists",
    "InvalidParameter.BackendServerNotFound",
  ],
};

/** Reads are DescribeLoadBalancerAttribute; every other action of ours changes members. */
export function classifyAlibabaError(action: string, code: string, httpStatus: number): Retryability {
  return classifyRefusal(ALIBABA_ERRORS, {
    status: httpStatus,
    code,
    write: !action.startsWith("Describe"),
  });
}
