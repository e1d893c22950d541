import type { Emulator, EmulatorCredential } from "../../emulator";
import { SHORT_RETRIES } from "../shortRetries";

/**
 * Environment of a CLI stack against the emulator: every API's endpoint, and short retries.
 */
export function emulatorEnv(emulator: Emulator): Record<string, string> {
  return {
    ALIBABA_CLOUD_SLB_ENDPOINT: emulator.endpoints.slb,
    ALIBABA_CLOUD_ENS_ENDPOINT: emulator.endpoints.ens,
    ALIBABA_CLOUD_ALB_ENDPOINT: emulator.endpoints.alb,
    ALIBABA_CLOUD_NLB_ENDPOINT: emulator.endpoints.nlb,
    HUAWEICLOUD_ELB_ENDPOINT: emulator.endpoints.elb,
    ...SHORT_RETRIES,
  };
}

/** Stack config of an Alibaba Cloud credential, split as `pulumi config set` / `set --secret` store it. */
export function alibabaConfig(
  credential: EmulatorCredential,
  region = "cn-beijing",
): { config: Record<string, string>; secrets: Record<string, string> } {
  const secrets: Record<string, string> = { "alicloud:secretKey": credential.accessKeySecret };
  if (credential.securityToken !== undefined) secrets["alicloud:securityToken"] = credential.securityToken;
  return { config: { "alicloud:accessKey": credential.accessKeyId, "alicloud:region": region }, secrets };
}

/** Stack config of a Huawei Cloud credential (region and project too), the secret parts set as secrets. */
export function huaweiConfig(
  credential: EmulatorCredential,
  region: string,
  projectId: string,
): { config: Record<string, string>; secrets: Record<string, string> } {
  const secrets: Record<string, string> = { "huaweicloud:secretKey": credential.accessKeySecret };
  if (credential.securityToken !== undefined) secrets["huaweicloud:securityToken"] = credential.securityToken;
  return {
    config: {
      "huaweicloud:accessKey": credential.accessKeyId,
      "huaweicloud:region": region,
      "huaweicloud:projectId": projectId,
    },
    secrets,
  };
}
