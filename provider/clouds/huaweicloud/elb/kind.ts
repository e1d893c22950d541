import { type AttachmentKind, identify, type Target } from "../../attachmentKind";
import { tuning } from "../../../reconcile/settings";
import { credentialFingerprint, HUAWEI_AUTH_GATES } from "../authGuard";
import { requireHuaweiProjectId, requireHuaweiRegion, resolveHuaweiCredentials } from "../credentials";
import { huaweiTransport } from "../sdkClient";
import { elbMemberApi } from "./api";
import { type ElbMember, elbSchema } from "./members";
import { elbPace, pacedTransport } from "./quotas";

/** `https://elb.<region>.myhuaweicloud.com`, unless HUAWEICLOUD_ELB_ENDPOINT says otherwise. */
export function elbEndpoint(region: string, override: string | undefined): string {
  return override || `https://elb.${region}.myhuaweicloud.com`;
}

export interface ElbTarget extends Target {
  readonly projectId: string;
  readonly region: string;
}

export const elbKind: AttachmentKind<ElbMember, ElbTarget> = {
  name: "huaweicloud.elb",
  schema: elbSchema,
  resolve(inputs, settings) {
    const projectId = requireHuaweiProjectId(inputs.projectId, settings);
    const region = requireHuaweiRegion(inputs.region, settings);
    // Pool ids are unique across projects and regions: the key is the pool's id alone.
    return {
      ...identify(elbKind, elbSchema, inputs),
      projectId,
      region,
      inputs: { ...inputs, projectId, region },
    };
  },
  connect(target, settings, shared) {
    const credentials = resolveHuaweiCredentials(settings);
    const endpoint = elbEndpoint(target.region, settings.env("HUAWEICLOUD_ELB_ENDPOINT"));
    const transport = pacedTransport(
      huaweiTransport({
        endpoint,
        projectId: target.projectId,
        credentials,
        timeoutMs: tuning(settings).httpTimeoutMs,
      }),
      elbPace(shared, (name) => settings.env(name), endpoint, credentials.accessKey),
    );
    return elbMemberApi(
      transport,
      target.id,
      shared.get(HUAWEI_AUTH_GATES),
      credentialFingerprint(credentials),
    );
  },
};
