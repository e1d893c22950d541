import { describe, expect, it } from "vitest";
import { resolveAlicloudCredentials } from "../../provider/clouds/alicloud/credentials";
import { slbEndpoint } from "../../provider/clouds/alicloud/slb/endpoint";
import { fixedSettings } from "../../provider/reconcile/settings";

const ENV = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI-ENV",
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: "secret-env",
  ALIBABA_CLOUD_SECURITY_TOKEN: "token-env",
};

describe("Alibaba credentials", () => {
  it("reads the environment's aliases", () => {
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
  // One region of each kind the SDK's endpoint map holds, and regions it does not hold: what a user's
  // region resolves to, not a copy of the map.
  it.each([
    ["a public region the central host serves", "cn-hangzhou", "https://slb.aliyuncs.com"],
    ["a finance region", "cn-shanghai-finance-1", "https://slb.aliyuncs.com"],
    ["a government region", "cn-north-2-gov-1", "https://slb.aliyuncs.com"],
    [
      "the region with a host of its own",
      "cn-huhehaote-nebula-1",
      "https://slb-api.cn-qingdao-nebula.aliyuncs.com",
    ],
    ["a region outside the map", "cn-zhangjiakou", "https://slb.cn-zhangjiakou.aliyuncs.com"],
    ["another region outside the map", "eu-central-1", "https://slb.eu-central-1.aliyuncs.com"],
    [
      "a region whose name starts like a central one",
      "cn-beijing-x",
      "https://slb.cn-beijing-x.aliyuncs.com",
    ],
  ])("sends %s (%s) to %s", (_kind, region, endpoint) => {
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
