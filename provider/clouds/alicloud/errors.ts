import type { Retryability } from "../../reconcile/cloudError";

/**
 * Alibaba's codes that mean "nothing happened, try again later" (../shared/reference/clouds.md), for both
 * CLB and ENS. Everything else an Alibaba API answers is permanent unless `stale` below says otherwise.
 */
const TRANSIENT = new Set([
  "Throttling",
  "Throttling.User",
  "Throttling.Api",
  "ServiceUnavailable",
  "InternalError",
  "SystemBusy",
  "OperationBusy",
  "ServiceIsConfiguring",
  "BackendServerProcessing",
  "BackendServer.configuring",
  "ServiceIsStopping",
  "OperationConflict",
  "ens.interface.error",
]);

/**
 * Codes that mean the members changed under us (someone attached or detached the same server). No document
 * names the code CLB and ENS use for "already attached", so any code or message saying so counts. ENS's
 * `InvalidParameter.%s` pattern gives `...BackendServerExists` for an add of an attached server and
 * `...BackendServerNotFound` for a set of one that is no longer attached; a missing instance is
 * `InstanceNotFound`, which stays permanent.
 */
function isStale(code: string, message: string): boolean {
  return (
    /already ?exist|exists|BackendServerNotFound$/i.test(code) ||
    /already (attached|exist|added)|not attached/i.test(message)
  );
}

export function classifyAlibabaError(
  code: string,
  message: string,
  httpStatus: number | undefined,
): Retryability {
  if (TRANSIENT.has(code) || code.startsWith("Throttling")) return "transient";
  if (isStale(code, message)) return "stale";
  if (httpStatus !== undefined && httpStatus >= 500 && !code) return "transient";
  return "permanent";
}
