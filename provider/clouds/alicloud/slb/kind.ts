import { type AttachmentKind, identify, type Target } from "../../attachmentKind";
import type { RunShared } from "../../../reconcile/runShared";
import { type Settings, tuning } from "../../../reconcile/settings";
import { requireAlicloudRegion, resolveAlicloudCredentials } from "../credentials";
import { AlicloudRpc } from "../rpcClient";
import { SLB_API_VERSION, slbMemberApi, vServerMemberApi } from "./api";
import { slbEndpoint } from "./endpoint";
import { type SlbBackendServer, slbSchema } from "./members";
import { slbPace } from "./quotas";
import { type VServerBackendServer, vServerSchema } from "./vserverMembers";

export interface SlbTarget extends Target {
  readonly regionId: string;
}

/** The default server group of a CLB load balancer. */
export const slbKind: AttachmentKind<SlbBackendServer, SlbTarget> = {
  name: "alicloud.slb",
  schema: slbSchema,
  resolve: (inputs, settings) => slbTarget(slbKind, inputs, settings),
  connect: (target, settings, shared) =>
    slbMemberApi(slbRpc(target, settings, shared), target.regionId, target.id),
};

/**
 * A VServer group of a CLB load balancer: the same API, endpoint, credentials and quota windows as the
 * default group (a VServer-group action and a default-group one of the same account and region count
 * in windows of their own, the shared reads in one).
 */
export const vServerKind: AttachmentKind<VServerBackendServer, SlbTarget> = {
  name: "alicloud.slb.vserver",
  schema: vServerSchema,
  resolve: (inputs, settings) => slbTarget(vServerKind, inputs, settings),
  connect: (target, settings, shared) =>
    vServerMemberApi(slbRpc(target, settings, shared), target.regionId, target.id),
};

function slbTarget(
  kind: AttachmentKind<unknown, SlbTarget>,
  inputs: Readonly<Record<string, unknown>>,
  settings: Settings,
): SlbTarget {
  const regionId = requireAlicloudRegion(inputs.regionId, settings);
  return { ...identify(kind, kind.schema, inputs), regionId, inputs: { ...inputs, regionId } };
}

/** A CLB client of the target's region: credentials read here, paced with every CLB client of the run. */
function slbRpc(target: SlbTarget, settings: Settings, shared: RunShared): AlicloudRpc {
  const credentials = resolveAlicloudCredentials(settings);
  const endpoint = slbEndpoint(target.regionId, settings.env("ALIBABA_CLOUD_SLB_ENDPOINT"));
  return new AlicloudRpc({
    endpoint,
    apiVersion: SLB_API_VERSION,
    credentials,
    timeoutMs: tuning(settings).httpTimeoutMs,
    endpointSetting: "ALIBABA_CLOUD_SLB_ENDPOINT",
    pace: slbPace(shared, (name) => settings.env(name), endpoint, credentials.accessKeyId, target.regionId),
  });
}
