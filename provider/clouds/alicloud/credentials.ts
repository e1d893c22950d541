import { ConfigError, type Settings } from "../../reconcile/settings";
import { refusePaddedCredentials } from "../paddedCredential";

export interface AlicloudCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** Set for STS credentials. */
  securityToken?: string;
}

/**
 * Stack config if it names an AccessKey, else the environment variables Alibaba's own tools and Terraform
 * read; never a mix. A security token is only valid with the key pair it was issued with, so a leftover
 * ALIBABA_CLOUD_SECURITY_TOKEN in the environment is never sent with long-term keys from stack config (every
 * such request fails its signature check), and a secret is never taken from the other source either.
 */
export function resolveAlicloudCredentials(settings: Settings): AlicloudCredentials {
  const fromConfig = settings.config("alicloud:accessKey") !== undefined;
  const [accessKeyId, accessKeySecret, securityToken] = fromConfig
    ? [
        settings.config("alicloud:accessKey"),
        settings.config("alicloud:secretKey"),
        settings.config("alicloud:securityToken"),
      ]
    : [
        settings.env("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY"),
        settings.env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY"),
        settings.env("ALIBABA_CLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN"),
      ];
  if (!accessKeyId || !accessKeySecret) {
    const where = fromConfig
      ? "stack config sets alicloud:accessKey but not alicloud:secretKey (the two are always taken from the same place)"
      : accessKeyId
        ? "ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set"
        : "they are neither in stack config nor in the environment";
    throw new ConfigError(
      `Alibaba Cloud credentials are not set: ${where}. Run \`pulumi config set alicloud:accessKey <id>\` and ` +
        "`pulumi config set --secret alicloud:secretKey <secret>` (with `alicloud:securityToken` for STS), or set " +
        "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (with ALIBABA_CLOUD_SECURITY_TOKEN for STS).",
    );
  }
  refusePaddedCredentials(
    fromConfig
      ? {
          "alicloud:accessKey": accessKeyId,
          "alicloud:secretKey": accessKeySecret,
          "alicloud:securityToken": securityToken,
        }
      : {
          "the AccessKey ID from the environment": accessKeyId,
          "the AccessKey secret from the environment": accessKeySecret,
          "the security token from the environment": securityToken,
        },
  );
  return securityToken ? { accessKeyId, accessKeySecret, securityToken } : { accessKeyId, accessKeySecret };
}

/** The resource's regionId, else stack config alicloud:region, else the environment. */
export function resolveAlicloudRegion(declared: unknown, settings: Settings): string | undefined {
  if (typeof declared === "string" && declared !== "") return declared;
  return settings.config("alicloud:region") ?? settings.env("ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION");
}

export function requireAlicloudRegion(declared: unknown, settings: Settings): string {
  const region = resolveAlicloudRegion(declared, settings);
  if (!region) {
    throw new ConfigError(
      "The Alibaba Cloud region is not set: give the resource a regionId, run `pulumi config set alicloud:region " +
        "<region>`, or set ALIBABA_CLOUD_REGION_ID.",
    );
  }
  return region;
}
