import type { AttachmentKind } from "../../../runtime/attachmentKind";
import { tuning } from "../../../runtime/settings";
import { credentialFingerprint } from "../authGuard";
import { requireHuaweiProjectId, requireHuaweiRegion, resolveHuaweiCredentials } from "../credentials";
import { huaweiTransport } from "../sdkClient";
import { elbMemberApi } from "./api";
import { type ElbMember, elbSchema } from "./members";
import { elbPace, pacedTransport } from "./quotas";

/** `https://elb.<region>.myhuaweicloud.com`, unless HUAWEICLOUD_ELB_ENDPOINT says otherwise. */
export function elbEndpoint(region: string, override: string | undefined): string {
  return override || `https://elb.${region}.myhuaweicloud.com`;
}

export const elbKind: AttachmentKind<ElbMember> = {
  schema: elbSchema,
  resolve: (inputs, settings) => ({
    ...inputs,
    projectId: requireHuaweiProjectId(inputs.projectId, settings),
    region: requireHuaweiRegion(inputs.region, settings),
  }),
  // Pool ids are unique across projects and regions.
  targetKey: (resolved) => `huaweicloud.elb/${String(resolved.poolId)}`,
  connect(resolved, settings) {
    const credentials = resolveHuaweiCredentials(settings);
    const transport = pacedTransport(
      huaweiTransport({
        endpoint: elbEndpoint(String(resolved.region), settings.env("HUAWEICLOUD_ELB_ENDPOINT")),
        projectId: String(resolved.projectId),
        credentials,
        timeoutMs: tuning(settings).httpTimeoutMs,
      }),
      elbPace((name) => settings.env(name), credentials.accessKey),
    );
    return elbMemberApi(transport, String(resolved.poolId), credentialFingerprint(credentials));
  },
};
