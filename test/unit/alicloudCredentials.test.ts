import { describe, expect, it } from "vitest";
import { resolveAlicloudCredentials } from "../../provider/clouds/alicloud/credentials";
import { slbEndpoint } from "../../provider/clouds/alicloud/slb/endpoint";
import { fixedSettings } from "../../provider/reconcile/settings";

const ENV = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI-ENV",
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: "secret-env",
  ALIBABA_CLOUD_SECURITY_TOKEN: "token-env",
};

describe("Alibaba credentials: one source wins entirely", () => {
  it("takes all three from stack config when it names an AccessKey", () => {
    const settings = fixedSettings(
      {
        "alicloud:accessKey": "LTAI-CONFIG",
        "alicloud:secretKey": "secret-config",
        "alicloud:securityToken": "token-config",
      },
      ENV,
    );
    expect(resolveAlicloudCredentials(settings)).toEqual({
      accessKeyId: "LTAI-CONFIG",
      accessKeySecret: "secret-config",
      securityToken: "token-config",
    });
  });

  it("never sends a leftover STS token from the environment with long-term keys from stack config", () => {
    const settings = fixedSettings(
      { "alicloud:accessKey": "LTAI-CONFIG", "alicloud:secretKey": "secret-config" },
      ENV,
    );
    expect(resolveAlicloudCredentials(settings)).toEqual({
      accessKeyId: "LTAI-CONFIG",
      accessKeySecret: "secret-config",
    });
  });

  it("never completes an AccessKey from stack config with a secret from the environment", () => {
    const settings = fixedSettings({ "alicloud:accessKey": "LTAI-CONFIG" }, ENV);
    expect(() => resolveAlicloudCredentials(settings)).toThrow(
      /stack config sets alicloud:accessKey but not alicloud:secretKey/,
    );
  });

  it("takes all three from the environment otherwise, aliases included", () => {
    expect(
      resolveAlicloudCredentials(fixedSettings({ "alicloud:securityToken": "token-config" }, ENV)),
    ).toEqual({
      accessKeyId: "LTAI-ENV",
      accessKeySecret: "secret-env",
      securityToken: "token-env",
    });
    const aliases = { ALICLOUD_ACCESS_KEY: "LTAI-ALIAS", ALICLOUD_SECRET_KEY: "secret-alias" };
    expect(resolveAlicloudCredentials(fixedSettings({}, aliases))).toEqual({
      accessKeyId: "LTAI-ALIAS",
      accessKeySecret: "secret-alias",
    });
  });

  it("names what is missing, without any value", () => {
    expect(() => resolveAlicloudCredentials(fixedSettings({}, {}))).toThrow(
      /neither in stack config nor in the environment/,
    );
    expect(() =>
      resolveAlicloudCredentials(fixedSettings({}, { ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI-ENV" })),
    ).toThrow(/ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set/);
  });
});

describe("CLB endpoints, as the official SDK maps them", () => {
  it.each([
    "cn-qingdao",
    "cn-beijing",
    "cn-hangzhou",
    "cn-shanghai",
    "cn-shenzhen",
    "cn-hongkong",
    "ap-southeast-1",
    "us-east-1",
    "us-west-1",
    "cn-shanghai-finance-1",
    "cn-shenzhen-finance-1",
    "cn-north-2-gov-1",
  ])("sends %s to the central host", (region) => {
    expect(slbEndpoint(region, undefined)).toBe("https://slb.aliyuncs.com");
  });

  it.each([
    ["cn-zhangjiakou", "https://slb.cn-zhangjiakou.aliyuncs.com"],
    ["eu-central-1", "https://slb.eu-central-1.aliyuncs.com"],
    ["ap-northeast-1", "https://slb.ap-northeast-1.aliyuncs.com"],
    ["cn-huhehaote-nebula-1", "https://slb-api.cn-qingdao-nebula.aliyuncs.com"],
  ])("sends %s to %s", (region, endpoint) => {
    expect(slbEndpoint(region, undefined)).toBe(endpoint);
  });

  it("lets ALIBABA_CLOUD_SLB_ENDPOINT win", () => {
    expect(slbEndpoint("cn-beijing", "http://127.0.0.1:8787/slb")).toBe("http://127.0.0.1:8787/slb");
  });
});

describe("credentials with surrounding whitespace", () => {
  it("are refused before any call, naming where they came from and never the value", () => {
    const settings = fixedSettings(
      { "alicloud:accessKey": "LTAI-CONFIG", "alicloud:secretKey": "secret-config\n" },
      {},
    );
    expect(() => resolveAlicloudCredentials(settings)).toThrow(
      "alicloud:secretKey begins or ends with whitespace (often a trailing newline from a CI secret): remove it. The value is not shown.",
    );
    const fromEnv = fixedSettings({}, { ...ENV, ALIBABA_CLOUD_SECURITY_TOKEN: " token-env" });
    expect(() => resolveAlicloudCredentials(fromEnv)).toThrow(
      /^the security token from the environment begins/,
    );
  });
});
