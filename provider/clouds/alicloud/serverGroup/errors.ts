import { classifyRefusal, type ErrorTable } from "../../../reconcile/errorClass";
import type { AlibabaErrorRules } from "../rpcClient";

/**
 * The codes of ALB (alb 2020-06-16) and NLB (nlb 2022-04-30) that are not permanent. Sources:
 * - busy, waited out as transient: the NLB pages of AddServersToServerGroup, RemoveServersFromServerGroup
 *   and UpdateServerGroupServersAttribute list `IncorrectStatus.serverGroup` ("please check if the server
 *   group is currently undergoing any other operations"), `Conflict.Lock` and `SystemBusy` ("please try
 *   again later"), DeleteServerGroup's `ResourceInUse.ServerGroup` ("please try again later")
 *   (https://www.alibabacloud.com/help/en/slb/api-addserverstoservergroup-nlb and its siblings); Alibaba's
 *   Terraform provider retries ALB's `IncorrectStatus.ServerGroup` and `IdempotenceProcessing` on these
 *   writes (aliyun/terraform-provider-alicloud: alicloud/resource_alicloud_alb_server_group.go) and NLB's
 *   `Conflict.Lock` (its pull request 5980), and every `Throttling*`, `ServiceUnavailable` and 5xx
 *   (`NeedRetry`, alicloud/errors.go). ALB spells the busy code with a capital S, NLB with a small one.
 * - stale: NLB's RemoveServersFromServerGroup page lists `ResourceNotFound.BackendServer` (404) for a
 *   server that is not in the group; no page names the code for adding a server that is already there:
 *   the emulator's inferred one (emulator/contract/errors.ts marks it `silent`). Each is taken to mean the
 *   same on both APIs.
 * Everything else is permanent, as in every table.
 */
export const SERVER_GROUP_ERRORS: ErrorTable = {
  transient: [
    /^Throttling/,
    "Rejected.Throttling",
    "ServiceUnavailable",
    "InternalError",
    "SystemBusy",
    "IncorrectStatus.ServerGroup",
    "IncorrectStatus.serverGroup",
    "Conflict.Lock",
    "ResourceInUse.ServerGroup",
    "IdempotenceProcessing",
  ],
  stale: ["ResourceNotFound.BackendServer", "ResourceAlreadyAssociated.BackendServer"],
};

/** Both APIs read with `List*` and `Get*` actions; every other action of ours changes members. */
const isRead = (action: string) => action.startsWith("List") || action.startsWith("Get");

export const SERVER_GROUP_ERROR_RULES: AlibabaErrorRules = {
  isRead,
  classify: (action, code, httpStatus) =>
    classifyRefusal(SERVER_GROUP_ERRORS, { status: httpStatus, code, write: !isRead(action) }),
};

/** The server group does not exist: ALB's code, and NLB's (404). */
export const GROUP_GONE = new Set(["ResourceNotFound.ServerGroup", "ResourceNotFound.serverGroup"]);
