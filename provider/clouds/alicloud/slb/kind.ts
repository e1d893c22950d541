import type { AttachmentKind } from "../../../runtime/attachmentKind";
import { tuning } from "../../../runtime/settings";
import { requireAlicloudRegion, resolveAlicloudCredentials } from "../credentials";
import { AlicloudRpc } from "../rpcClient";
import { SLB_API_VERSION, slbMemberApi } from "./api";
import { slbEndpoint } from "./endpoint";
import { type SlbBackendServer, slbSchema } from "./members";
import { slbPace } from "./quotas";

export const slbKind: AttachmentKind<SlbBackendServer> = {
  schema: slbSchema,
  resolve: (inputs, settings) => ({ ...inputs, regionId: requireAlicloudRegion(inputs.regionId, settings) }),
  targetKey: (resolved) => `alicloud.slb/${String(resolved.loadBalancerId)}`,
  connect(resolved, settings) {
    const regionId = String(resolved.regionId);
    const credentials = resolveAlicloudCredentials(settings);
    const rpc = new AlicloudRpc({
      endpoint: slbEndpoint(regionId, settings.env("ALIBABA_CLOUD_SLB_ENDPOINT")),
      apiVersion: SLB_API_VERSION,
      credentials,
      timeoutMs: tuning(settings).httpTimeoutMs,
      endpointSetting: "ALIBABA_CLOUD_SLB_ENDPOINT",
      pace: slbPace((name) => settings.env(name), credentials.accessKeyId, regionId),
    });
    return slbMemberApi(rpc, regionId, String(resolved.loadBalancerId));
  },
};
