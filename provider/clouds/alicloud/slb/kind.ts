import { type AttachmentKind, identify, type Target } from "../../attachmentKind";
import { tuning } from "../../../reconcile/settings";
import { requireAlicloudRegion, resolveAlicloudCredentials } from "../credentials";
import { AlicloudRpc } from "../rpcClient";
import { SLB_API_VERSION, slbMemberApi } from "./api";
import { slbEndpoint } from "./endpoint";
import { type SlbBackendServer, slbSchema } from "./members";
import { slbPace } from "./quotas";

export interface SlbTarget extends Target {
  readonly regionId: string;
}

export const slbKind: AttachmentKind<SlbBackendServer, SlbTarget> = {
  name: "alicloud.slb",
  schema: slbSchema,
  resolve(inputs, settings) {
    const regionId = requireAlicloudRegion(inputs.regionId, settings);
    return { ...identify(slbKind, slbSchema, inputs), regionId, inputs: { ...inputs, regionId } };
  },
  connect(target, settings, shared) {
    const credentials = resolveAlicloudCredentials(settings);
    const endpoint = slbEndpoint(target.regionId, settings.env("ALIBABA_CLOUD_SLB_ENDPOINT"));
    const rpc = new AlicloudRpc({
      endpoint,
      apiVersion: SLB_API_VERSION,
      credentials,
      timeoutMs: tuning(settings).httpTimeoutMs,
      endpointSetting: "ALIBABA_CLOUD_SLB_ENDPOINT",
      pace: slbPace(shared, (name) => settings.env(name), endpoint, credentials.accessKeyId, target.regionId),
    });
    return slbMemberApi(rpc, target.regionId, target.id);
  },
};
