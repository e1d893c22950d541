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
 *   busy" (`SlbIsBusy`, same file). Every 5xx is retried by the shared rule.
 * - `InternalError`: the same provider retries it on a CLB action (`DeleteDomainExtension`,
 *   alicloud/resource_alicloud_slb_domain_extension.go); for ENS no vendor source names it (that provider
 *   retries ENS's AddBackendServers and RemoveBackendServers on a 5xx answer only: `NeedRetry` in
 *   alicloud/resource_alicloud_ens_load_balancer.go), so for ENS the rule is silent.
 * - `OperationConflict`: silent for CLB and ENS. Only ECS lists of that provider name it (`DiskInvalidOperation`,
 *   `NetworkInterfaceInvalidOperations`, `SnapshotInvalidOperations` in alicloud/errors.go); it says another
 *   operation on the resource is under way, which waiting resolves, so it is retried like the busy codes.
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

/**
 * Codes that are transient on a removal only. `ObtainIpFail` on `AddBackendServers` says the server does not
 * exist or is not running, which no retry changes (permanent there). On `RemoveBackendServers` Alibaba's
 * Terraform provider retries it for 5 minutes (`resourceAliyunSlbBackendServersDelete` in
 * aliyun/terraform-provider-alicloud: alicloud/resource_alicloud_slb_backend_server.go), and its PR 1253
 * ("fix slb_attachment err ObtainIpFail", https://github.com/aliyun/terraform-provider-alicloud/pull/1253)
 * fixed a failed removal by retrying it.
 */
export const TRANSIENT_ON_REMOVAL: readonly string[] = ["ObtainIpFail"];

/** Reads are DescribeLoadBalancerAttribute; every other action of ours changes members. */
export function classifyAlibabaError(action: string, code: string, httpStatus: number): Retryability {
  if (action === "RemoveBackendServers" && TRANSIENT_ON_REMOVAL.includes(code)) return "transient";
  return classifyRefusal(ALIBABA_ERRORS, {
    status: httpStatus,
    code,
    write: !action.startsWith("Describe"),
  });
}
