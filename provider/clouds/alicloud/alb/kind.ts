import { CloudError } from "../../../reconcile/cloudError";
import type { Job } from "../../../reconcile/memberApi";
import type { AlicloudRpc } from "../rpcClient";
import { albDescription, serverGroupSchema } from "../serverGroup/members";
import { serverGroupKind } from "../serverGroup/kind";
import { ALB_QUOTAS, ALB_WINDOWS } from "./quotas";

export const ALB_API_VERSION = "2020-06-16";

/**
 * ALB's limits per call (aliyun/alibabacloud-typescript-sdk: alb-20200616/src/models): Add and Remove
 * take "at most 200 servers in each call" (AddServersToServerGroupRequest.ts,
 * RemoveServersFromServerGroupRequest.ts), Update "up to 40" (UpdateServerGroupServersAttributeRequest.ts).
 */
export const ALB_BATCH_SIZE = 200;
export const ALB_UPDATE_BATCH_SIZE = 40;

export const albSchema = serverGroupSchema("alicloud.alb.ServerGroupAttachment", {
  // "This parameter is required if you set ServerType to Ecs, Eni, Eci, or Ip" (AddServersToServerGroupRequest.ts).
  portRequired: true,
  description: albDescription,
});

/**
 * An ALB write's job, read with ListAsynJobs by its id (alb-20200616/src/models/ListAsynJobsRequest.ts):
 * Status Succeeded, Processing or Failed, with the ErrorCode and ErrorMessage of a failed one
 * (ListAsynJobsResponseBody.ts). A job the answer does not list yet is still running.
 */
function albJob(rpc: AlicloudRpc, jobId: string, action: string, target: string): Job {
  return {
    id: `job ${jobId}`,
    async done() {
      const answer = await rpc.call<Record<string, unknown>>("ListAsynJobs", { JobIds: [jobId] }, target);
      const jobs = Array.isArray(answer.Jobs) ? (answer.Jobs as Record<string, unknown>[]) : [];
      const job = jobs.find((j) => j.Id === jobId);
      if (!job || job.Status === "Processing") return false;
      if (job.Status === "Succeeded") return true;
      throw new CloudError({
        action,
        target,
        code: typeof job.ErrorCode === "string" && job.ErrorCode ? job.ErrorCode : "JobFailed",
        message: `job ${jobId} ended ${String(job.Status)}${job.ErrorMessage ? `: ${String(job.ErrorMessage)}` : ""}`,
        requestId: typeof answer.RequestId === "string" ? answer.RequestId : undefined,
        retry: "permanent",
      });
    },
  };
}

export const albKind = serverGroupKind({
  name: "alicloud.alb",
  product: "alb",
  apiVersion: ALB_API_VERSION,
  schema: albSchema,
  endpointSetting: "ALIBABA_CLOUD_ALB_ENDPOINT",
  batchSize: ALB_BATCH_SIZE,
  batchSizes: { update: ALB_UPDATE_BATCH_SIZE },
  quotas: ALB_QUOTAS,
  windows: ALB_WINDOWS,
  regionParameter: false,
  job: albJob,
});
