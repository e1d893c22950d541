import { type AttachmentKind, identify, type Target } from "../../attachmentKind";
import type { PacerRegistry } from "../../../reconcile/pacing";
import type { Job, WriteKind } from "../../../reconcile/memberApi";
import type { SharedPart } from "../../../reconcile/runShared";
import { tuning } from "../../../reconcile/settings";
import type { AttachmentSchema } from "../../../core/schema";
import { requireAlicloudRegion, resolveAlicloudCredentials } from "../credentials";
import { AlicloudRpc } from "../rpcClient";
import { serverGroupMemberApi } from "./api";
import { SERVER_GROUP_ERROR_RULES } from "./errors";
import { serverGroupHealth } from "./health";
import type { ServerGroupMember } from "./members";
import { type ServerGroupQuotas, serverGroupPace } from "./quotas";

export interface ServerGroupTarget extends Target {
  readonly regionId: string;
}

/** One of the two server group APIs, as its kind needs it. */
export interface ServerGroupApiDefinition {
  name: "alicloud.alb" | "alicloud.nlb";
  product: "alb" | "nlb";
  apiVersion: string;
  schema: AttachmentSchema<ServerGroupMember>;
  endpointSetting: string;
  batchSize: number;
  batchSizes?: Partial<Record<WriteKind, number>>;
  quotas: ServerGroupQuotas;
  windows: SharedPart<PacerRegistry>;
  /** NLB's calls carry RegionId; ALB's endpoint alone names the region. */
  regionParameter: boolean;
  /** The job a write answered with, read with the API's own job action. */
  job(rpc: AlicloudRpc, jobId: string, action: string, target: string): Job;
}

/**
 * Where the API of a region is served, as the official SDKs resolve it: neither client sets an endpoint
 * map, and their `regional` rule gives `<product>.<region>.aliyuncs.com` (aliyun/alibabacloud-typescript-sdk:
 * alb-20200616/src/client.ts and nlb-20220430/src/client.ts, constructor; aliyun/endpoint-util:
 * ts/src/client.ts, getEndpointRules). `override` (ALIBABA_CLOUD_ALB_ENDPOINT, ALIBABA_CLOUD_NLB_ENDPOINT)
 * wins.
 */
export function serverGroupEndpoint(product: string, regionId: string, override: string | undefined): string {
  return override || `https://${product}.${regionId}.aliyuncs.com`;
}

/** The kind of an ALB or NLB server group attachment. */
export function serverGroupKind(
  api: ServerGroupApiDefinition,
): AttachmentKind<ServerGroupMember, ServerGroupTarget> {
  const kind: AttachmentKind<ServerGroupMember, ServerGroupTarget> = {
    name: api.name,
    schema: api.schema,
    resolve(inputs, settings) {
      const regionId = requireAlicloudRegion(inputs.regionId, settings);
      return { ...identify(kind, api.schema, inputs), regionId, inputs: { ...inputs, regionId } };
    },
    connect(target, settings, shared) {
      const credentials = resolveAlicloudCredentials(settings);
      const endpoint = serverGroupEndpoint(api.product, target.regionId, settings.env(api.endpointSetting));
      const t = tuning(settings);
      const rpc = new AlicloudRpc({
        endpoint,
        apiVersion: api.apiVersion,
        credentials,
        timeoutMs: t.httpTimeoutMs,
        endpointSetting: api.endpointSetting,
        errors: SERVER_GROUP_ERROR_RULES,
        pace: serverGroupPace(
          api.windows,
          api.quotas,
          SERVER_GROUP_ERROR_RULES.isRead,
          shared,
          (name) => settings.env(name),
          {
            endpoint,
            accessKeyId: credentials.accessKeyId,
            regionId: target.regionId,
          },
        ),
      });
      const scope: Record<string, string> = api.regionParameter ? { RegionId: target.regionId } : {};
      const healthSpec = {
        api: api.product,
        serverGroupId: target.id,
        scope,
        target: `server group ${target.id}`,
      };
      return serverGroupMemberApi(rpc, {
        serverGroupId: target.id,
        scope,
        batchSize: api.batchSize,
        ...(api.batchSizes ? { batchSizes: api.batchSizes } : {}),
        completion: { pollMs: t.completionPollMs, timeoutMs: t.completionTimeoutMs },
        job: (jobId, action, where) => api.job(rpc, jobId, action, where),
        health: (members) => serverGroupHealth(rpc, healthSpec, members),
      });
    },
  };
  return kind;
}
