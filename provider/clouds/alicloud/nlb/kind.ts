import { CloudError } from "../../../reconcile/cloudError";
import type { Job } from "../../../reconcile/memberApi";
import type { AlicloudRpc } from "../rpcClient";
import { nlbDescription, serverGroupSchema } from "../serverGroup/members";
import { serverGroupKind } from "../serverGroup/kind";
import { NLB_QUOTAS, NLB_WINDOWS } from "./quotas";

export const NLB_API_VERSION = "2022-04-30";

/**
 * NLB's limit per call: "You can add up to 200 backend servers in each call" and likewise for Remove and
 * Update in the SDK's current models (aliyun/alibabacloud-typescript-sdk: nlb-20220430/src/models/
 * {Add,Remove}ServersFromServerGroupRequest.ts, UpdateServerGroupServersAttributeRequest.ts, since the
 * 2025-04-09 model; the 2024 model and older API pages said 40). The current definition is followed.
 */
export const NLB_BATCH_SIZE = 200;

export const nlbSchema = serverGroupSchema("alicloud.nlb.ServerGroupAttachment", {
  // "If multi-port forwarding is enabled, you do not need to set this parameter" (AddServersToServerGroupRequest.ts).
  portRequired: false,
  description: nlbDescription,
});

/**
 * An NLB write's job, read with GetJobStatus (nlb-20220430/src/models/GetJobStatusRequest.ts): Status
 * Succeeded or processing (GetJobStatusResponseBody.ts). The model names no other status: any other
 * answer is taken as the job's failure, and reported with it.
 */
function nlbJob(rpc: AlicloudRpc, jobId: string, action: string, target: string): Job {
  return {
    id: `job ${jobId}`,
    async done() {
      const answer = await rpc.call<Record<string, unknown>>("GetJobStatus", { JobId: jobId }, target);
      const status = String(answer.Status ?? "");
      if (status === "Succeeded") return true;
      if (status.toLowerCase() === "processing") return false;
      throw new CloudError({
        action,
        target,
        code: "JobFailed",
        message: `job ${jobId} ended ${JSON.stringify(status)}, not Succeeded`,
        requestId: typeof answer.RequestId === "string" ? answer.RequestId : undefined,
        retry: "permanent",
      });
    },
  };
}

export const nlbKind = serverGroupKind({
  name: "alicloud.nlb",
  product: "nlb",
  apiVersion: NLB_API_VERSION,
  schema: nlbSchema,
  endpointSetting: "ALIBABA_CLOUD_NLB_ENDPOINT",
  batchSize: NLB_BATCH_SIZE,
  quotas: NLB_QUOTAS,
  windows: NLB_WINDOWS,
  regionParameter: true,
  job: nlbJob,
});
