import { describe, expect, it } from "vitest";
import {
  requireHuaweiProjectId,
  requireHuaweiRegion,
  resolveHuaweiCredentials,
} from "../../provider/clouds/huaweicloud/credentials";
import { elbEndpoint } from "../../provider/clouds/huaweicloud/elb/kind";
import { fixedSettings } from "../../provider/reconcile/settings";

const PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d";

describe("Huawei credentials", () => {
  it.each([
    [{ HUAWEICLOUD_SDK_AK: "A", HUAWEICLOUD_SDK_SK: "S", HUAWEICLOUD_SDK_SECURITY_TOKEN: "T" }, "T"],
    [{ HW_ACCESS_KEY: "A", HW_SECRET_KEY: "S", HW_SECURITY_TOKEN: "T" }, "T"],
    [{ CLOUD_SDK_AK: "A", CLOUD_SDK_SK: "S" }, undefined],
  ])("reads the environment names Huawei's SDKs and Terraform use: %j", (env, token) => {
    const credentials = resolveHuaweiCredentials(fixedSettings({}, env));
    expect(credentials).toEqual({
      accessKey: "A",
      secretKey: "S",
      ...(token ? { securityToken: token } : {}),
    });
  });

  it("says what is missing and what to set, in one error", () => {
    expect(() => resolveHuaweiCredentials(fixedSettings({}, { HUAWEICLOUD_SDK_AK: "A" }))).toThrow(
      /^Huawei Cloud credentials are not set \(missing the SecretKey\): run `pulumi config set huaweicloud:accessKey <AK>` and `pulumi config set --secret huaweicloud:secretKey <SK>`.+HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK/,
    );
    expect(() => resolveHuaweiCredentials(fixedSettings({}, {}))).toThrow(
      /missing the AccessKey and the SecretKey/,
    );
  });
});

describe("Huawei project and region", () => {
  it("takes the resource's own value, then stack config, then the environment", () => {
    const settings = fixedSettings(
      { "huaweicloud:region": "cn-east-3" },
      { HUAWEICLOUD_REGION: "cn-south-1", HW_PROJECT_ID: PROJECT },
    );
    expect(requireHuaweiRegion("ap-southeast-1", settings)).toBe("ap-southeast-1");
    expect(requireHuaweiRegion(undefined, settings)).toBe("cn-east-3");
    expect(requireHuaweiRegion(undefined, fixedSettings({}, { HW_REGION_NAME: "cn-north-4" }))).toBe(
      "cn-north-4",
    );
    expect(requireHuaweiProjectId(undefined, settings)).toBe(PROJECT);
    expect(
      requireHuaweiProjectId(undefined, fixedSettings({}, { HUAWEICLOUD_SDK_PROJECT_ID: PROJECT })),
    ).toBe(PROJECT);
  });

  it("checks a value from config or the environment as strictly as the resource's own", () => {
    expect(() =>
      requireHuaweiProjectId(undefined, fixedSettings({ "huaweicloud:projectId": "my-project" }, {})),
    ).toThrow(
      'The Huawei Cloud projectId "my-project" from stack config huaweicloud:projectId is not allowed: use one like 04dd36f964000fe22f9ac00bc85b1a1d.',
    );
    expect(() =>
      requireHuaweiRegion(undefined, fixedSettings({}, { HUAWEICLOUD_REGION: "Beijing 4" })),
    ).toThrow(
      /region "Beijing 4" from the environment \(HUAWEICLOUD_REGION\/HW_REGION_NAME\) is not allowed/,
    );
  });

  it("says where to set a missing one", () => {
    expect(() => requireHuaweiRegion(undefined, fixedSettings({}, {}))).toThrow(
      "The Huawei Cloud region is not set: give the resource a region, run `pulumi config set huaweicloud:region <region>`, or set HUAWEICLOUD_REGION or HW_REGION_NAME.",
    );
  });

  it("builds the regional endpoint unless HUAWEICLOUD_ELB_ENDPOINT overrides it", () => {
    expect(elbEndpoint("cn-north-4", undefined)).toBe("https://elb.cn-north-4.myhuaweicloud.com");
    expect(elbEndpoint("cn-north-4", "http://127.0.0.1:9")).toBe("http://127.0.0.1:9");
  });
});
