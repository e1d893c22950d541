import { ConfigError, type Settings } from "../../runtime/settings";

export interface AlicloudCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** Set for STS credentials. */
  securityToken?: string;
}

/** Stack config first, then the environment variables Alibaba's own tools and Terraform read. */
export function resolveAlicloudCredentials(settings: Settings): AlicloudCredentials {
  const accessKeyId =
    settings.config("alicloud:accessKey") ??
    settings.env("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY");
  const accessKeySecret =
    settings.config("alicloud:secretKey") ??
    settings.env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY");
  const securityToken =
    settings.config("alicloud:securityToken") ??
    settings.env("ALIBABA_CLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN");
  if (!accessKeyId || !accessKeySecret) {
    throw new ConfigError(
      "Alibaba Cloud credentials are not set: run `pulumi config set alicloud:accessKey <id>` and " +
        "`pulumi config set --secret alicloud:secretKey <secret>`, or set ALIBABA_CLOUD_ACCESS_KEY_ID and " +
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET (with ALIBABA_CLOUD_SECURITY_TOKEN for STS).",
    );
  }
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
