import { ConfigError, type Settings } from "../../reconcile/settings";
import { refusePaddedCredentials } from "../paddedCredential";

export interface HuaweiCredentials {
  accessKey: string;
  secretKey: string;
  /** Set for temporary (STS) credentials. */
  securityToken?: string;
}

/**
 * Stack config first, then the environment variables Huawei's own SDKs (`HUAWEICLOUD_SDK_*`, `CLOUD_SDK_*`)
 * and its Terraform provider (`HW_*`) read, never a mix: the SecretKey and the security token are taken
 * from the same place as the AccessKey. A security token is only ever valid with the key pair it was
 * issued for: a token left in the environment from
 * another session is never sent with long-term keys from stack config (every such request fails its
 * signature check, and failed checks lock the AccessKey).
 */
export function resolveHuaweiCredentials(settings: Settings): HuaweiCredentials {
  const fromConfig = settings.config("huaweicloud:accessKey");
  const accessKey = fromConfig ?? settings.env("HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY", "CLOUD_SDK_AK");
  const secretKey = fromConfig
    ? settings.config("huaweicloud:secretKey")
    : settings.env("HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY", "CLOUD_SDK_SK");
  const securityToken = fromConfig
    ? settings.config("huaweicloud:securityToken")
    : settings.env("HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN");
  if (!accessKey || !secretKey) {
    const missing = [!accessKey && "the AccessKey", !secretKey && "the SecretKey"]
      .filter(Boolean)
      .join(" and ");
    throw new ConfigError(
      `Huawei Cloud credentials are not set (missing ${missing}): run \`pulumi config set huaweicloud:accessKey <AK>\` ` +
        "and `pulumi config set --secret huaweicloud:secretKey <SK>` (with `huaweicloud:securityToken` for temporary " +
        "credentials), or set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (with HUAWEICLOUD_SDK_SECURITY_TOKEN).",
    );
  }
  refusePaddedCredentials(
    fromConfig
      ? {
          "huaweicloud:accessKey": accessKey,
          "huaweicloud:secretKey": secretKey,
          "huaweicloud:securityToken": securityToken,
        }
      : {
          "the AccessKey from the environment": accessKey,
          "the SecretKey from the environment": secretKey,
          "the security token from the environment": securityToken,
        },
  );
  return securityToken ? { accessKey, secretKey, securityToken } : { accessKey, secretKey };
}

/** A run-time default of the resource: its own input, else stack config, else the environment. */
interface DefaultSpec {
  input: string;
  configKey: string;
  envNames: readonly string[];
  check: (value: string) => boolean;
  example: string;
}

const REGION: DefaultSpec = {
  input: "region",
  configKey: "huaweicloud:region",
  envNames: ["HUAWEICLOUD_REGION", "HW_REGION_NAME"],
  check: (v) => /^[a-z]{2,}(-[a-z0-9]+){1,4}$/.test(v),
  example: "cn-north-4",
};

const PROJECT: DefaultSpec = {
  input: "projectId",
  configKey: "huaweicloud:projectId",
  envNames: ["HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"],
  check: (v) => /^[a-z0-9]{32}$/.test(v),
  example: "04dd36f964000fe22f9ac00bc85b1a1d",
};

function resolveDefault(spec: DefaultSpec, declared: unknown, settings: Settings): string {
  if (typeof declared === "string" && declared !== "") return declared;
  const fromConfig = settings.config(spec.configKey);
  const value = fromConfig ?? settings.env(...spec.envNames);
  if (!value) {
    throw new ConfigError(
      `The Huawei Cloud ${spec.input} is not set: give the resource a ${spec.input}, run \`pulumi config set ` +
        `${spec.configKey} <${spec.input}>\`, or set ${spec.envNames.join(" or ")}.`,
    );
  }
  // `check` validated the resource's own input; a value from config or the environment is checked here.
  if (!spec.check(value)) {
    const source = fromConfig
      ? `stack config ${spec.configKey}`
      : `the environment (${spec.envNames.join("/")})`;
    throw new ConfigError(
      `The Huawei Cloud ${spec.input} ${JSON.stringify(value)} from ${source} is not allowed: use one like ${spec.example}.`,
    );
  }
  return value;
}

export const requireHuaweiRegion = (declared: unknown, settings: Settings): string =>
  resolveDefault(REGION, declared, settings);

/**
 * Always resolved before any call: without a project id the SDK would ask IAM for one, an extra call
 * with its own failure modes.
 */
export const requireHuaweiProjectId = (declared: unknown, settings: Settings): string =>
  resolveDefault(PROJECT, declared, settings);
