import { type AttachmentKind, identify } from "../../attachmentKind";
import { tuning } from "../../../reconcile/settings";
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
  name: "alicloud.ens",
  schema: ensSchema,
  resolve: (inputs) => ({ ...identify(ensKind, ensSchema, inputs), inputs: { ...inputs } }),
  connect(target, settings, shared) {
    const credentials = resolveAlicloudCredentials(settings);
    const { httpTimeoutMs } = tuning(settings);
    const endpoint = settings.env("ALIBABA_CLOUD_ENS_ENDPOINT") ?? ENS_ENDPOINT;
    const rpc = new AlicloudRpc({
      endpoint,
      apiVersion: ENS_API_VERSION,
      credentials,
      timeoutMs: httpTimeoutMs,
      endpointSetting: "ALIBABA_CLOUD_ENS_ENDPOINT",
      // Every call, reads and retries included, counts against the account's quota.
      pace: ensPace(shared, (name) => settings.env(name), endpoint, credentials.accessKeyId),
    });
    return ensMemberApi(rpc, target.id);
  },
};
