import type { AttachmentKind } from "../../../runtime/attachmentKind";
import { tuning } from "../../../runtime/settings";
import { resolveAlicloudCredentials } from "../credentials";
import { AlicloudRpc } from "../rpcClient";
import { ENS_API_VERSION, ensMemberApi } from "./api";
import { type EnsBackendServer, ensSchema } from "./members";
import { ensPace } from "./quotas";

/**
 * ENS has one central endpoint and no RegionId on these actions: the official SDK's client sets no
 * endpoint map and an empty endpoint rule, which resolves to `ens.aliyuncs.com` for every region
 * (aliyun/alibabacloud-typescript-sdk: ens-20171110/src/client.ts, constructor).
 */
export const ENS_ENDPOINT = "https://ens.aliyuncs.com";

export const ensKind: AttachmentKind<EnsBackendServer> = {
  schema: ensSchema,
  resolve: (inputs) => ({ ...inputs }),
  targetKey: (resolved) => `alicloud.ens/${String(resolved.loadBalancerId)}`,
  connect(resolved, settings) {
    const credentials = resolveAlicloudCredentials(settings);
    const { httpTimeoutMs } = tuning(settings);
    const rpc = new AlicloudRpc({
      endpoint: settings.env("ALIBABA_CLOUD_ENS_ENDPOINT") ?? ENS_ENDPOINT,
      apiVersion: ENS_API_VERSION,
      credentials,
      timeoutMs: httpTimeoutMs,
      endpointSetting: "ALIBABA_CLOUD_ENS_ENDPOINT",
      // Every call, reads and retries included, counts against the account's quota.
      pace: ensPace((name) => settings.env(name), credentials.accessKeyId),
    });
    return ensMemberApi(rpc, String(resolved.loadBalancerId));
  },
};
