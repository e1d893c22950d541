/**
 * The provider plugin's configuration: checked before use with the property, the value and what is
 * allowed; mapped onto the same settings the dynamic resources read, credentials from the provider never
 * mixed with the environment's; and the import id's two forms.
 */
import { describe, expect, it } from "vitest";
import { slbSchema } from "../../provider/clouds/alicloud/slb/members";
import { resolveAlicloudCredentials } from "../../provider/clouds/alicloud/credentials";
import { elbSchema } from "../../provider/clouds/huaweicloud/elb/members";
import { changedConfig, checkConfig, providerSettings } from "../../provider/plugin/config";
import { parseImportId } from "../../provider/plugin/importId";
import { unwrapSecrets } from "../../provider/plugin/wire";

describe("the provider's configuration", () => {
  it("refuses an unknown setting, a value that is not text, an unknown endpoint and one that is not a URL", () => {
    expect(
      checkConfig({
        alicloudRegion: "cn-beijing",
        version: "0.1.0",
        alicloudAccesKey: "typo",
        huaweicloudProjectId: 12,
        endpoints: { ALIBABA_CLOUD_SLB_ENDPOINT: "slb.example.com", AWS_ENDPOINT: "https://aws" },
      }),
    ).toEqual([
      {
        property: "alicloudAccesKey",
        reason: expect.stringMatching(
          /^alicloudAccesKey is not a setting of the backend-servers provider: use alicloudAccessKey, .*, endpoints$/,
        ),
      },
      { property: "huaweicloudProjectId", reason: "huaweicloudProjectId 12 is not allowed: use text" },
      {
        property: "endpoints.ALIBABA_CLOUD_SLB_ENDPOINT",
        reason:
          'endpoints.ALIBABA_CLOUD_SLB_ENDPOINT "slb.example.com" is not allowed: use an http:// or https:// URL',
      },
      {
        property: "endpoints.AWS_ENDPOINT",
        reason:
          "endpoints.AWS_ENDPOINT is not an endpoint setting: use ALIBABA_CLOUD_ALB_ENDPOINT, ALIBABA_CLOUD_ENS_ENDPOINT, ALIBABA_CLOUD_NLB_ENDPOINT, ALIBABA_CLOUD_SLB_ENDPOINT, HUAWEICLOUD_ELB_ENDPOINT",
      },
    ]);
    // From stack config an object arrives as JSON text; anything else is refused as what it is.
    expect(checkConfig({ endpoints: '{"HUAWEICLOUD_ELB_ENDPOINT":"http://127.0.0.1:1"}' })).toEqual([]);
    expect(checkConfig({ endpoints: "https://slb.example.com" })).toEqual([
      {
        property: "endpoints",
        reason:
          'endpoints "https://slb.example.com" is not allowed: use an object like { ALIBABA_CLOUD_ALB_ENDPOINT: "https://..." }',
      },
    ]);
  });

  it("stands in for the stack config keys and the endpoint variables; the environment is behind it", () => {
    process.env.ALIBABA_CLOUD_ENS_ENDPOINT = "https://from-env";
    process.env.HUAWEICLOUD_REGION = "cn-north-4";
    try {
      const settings = providerSettings({
        alicloudAccessKey: "AKID-PROVIDER",
        alicloudSecretKey: "secret",
        huaweicloudRegion: "",
        endpoints: { ALIBABA_CLOUD_SLB_ENDPOINT: "http://127.0.0.1:9/slb" },
      });
      expect(settings.config("alicloud:accessKey")).toBe("AKID-PROVIDER");
      // Empty is not set: the environment's region is used, never an empty one.
      expect(settings.config("huaweicloud:region")).toBeUndefined();
      expect(settings.env("HUAWEICLOUD_REGION")).toBe("cn-north-4");
      expect(settings.env("ALIBABA_CLOUD_SLB_ENDPOINT")).toBe("http://127.0.0.1:9/slb");
      expect(settings.env("ALIBABA_CLOUD_ENS_ENDPOINT")).toBe("https://from-env");
    } finally {
      delete process.env.ALIBABA_CLOUD_ENS_ENDPOINT;
      delete process.env.HUAWEICLOUD_REGION;
    }
  });

  it("takes a credential from the provider whole: an STS token in the environment never joins its keys", () => {
    process.env.ALIBABA_CLOUD_SECURITY_TOKEN = "token-of-another-session";
    try {
      const settings = providerSettings({ alicloudAccessKey: "AKID", alicloudSecretKey: "secret" });
      expect(resolveAlicloudCredentials(settings)).toEqual({
        accessKeyId: "AKID",
        accessKeySecret: "secret",
      });
    } finally {
      delete process.env.ALIBABA_CLOUD_SECURITY_TOKEN;
    }
  });

  it("unwraps the secrets Configure carries, at any depth", () => {
    const secret = (value: unknown) => ({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value,
    });
    expect(
      unwrapSecrets({ alicloudSecretKey: secret("s"), endpoints: { A_ENDPOINT: secret("u") }, region: "r" }),
    ).toEqual({
      alicloudSecretKey: "s",
      endpoints: { A_ENDPOINT: "u" },
      region: "r",
    });
  });

  it("reports which settings changed, the engine's version key aside", () => {
    expect(
      changedConfig(
        { alicloudSecretKey: "old", alicloudRegion: "cn-beijing", version: "0.1.0" },
        {
          alicloudSecretKey: "new",
          alicloudRegion: "cn-beijing",
          endpoints: { X_ENDPOINT: "u" },
          version: "0.2.0",
        },
      ),
    ).toEqual(["alicloudSecretKey", "endpoints"]);
  });
});

describe("the import id", () => {
  it("names the members to adopt in shared mode, or the whole group in exclusive mode", () => {
    expect(
      parseImportId(
        slbSchema,
        "lb-2ze7o5h52g02kkzze7lru/ecs:i-1abcdef, eni:eni-2abcdef@10.0.0.5,ecs:i-1abcdef",
        "x",
      ),
    ).toEqual({
      inputs: { loadBalancerId: "lb-2ze7o5h52g02kkzze7lru", exclusive: false },
      keys: ["ecs:i-1abcdef", "eni:eni-2abcdef@10.0.0.5"],
    });
    expect(parseImportId(elbSchema, "04a9bc65-b75b-478d-b4d6-e693bb61dd35/*", "x")).toEqual({
      inputs: { poolId: "04a9bc65-b75b-478d-b4d6-e693bb61dd35", exclusive: true },
      keys: undefined,
    });
    // IPv6 members keep their brackets and colons: only "/" after the pool and "," split.
    expect(parseImportId(elbSchema, "pool/[2001:db8::5]:8080,10.0.0.1:80", "x").keys).toEqual([
      "[2001:db8::5]:8080",
      "10.0.0.1:80",
    ]);
  });

  it.each([
    "lb-2ze7o5h52g02kkzze7lru",
    "/ecs:i-1abcdef",
    "lb-2ze7o5h52g02kkzze7lru/",
    "lb-2ze7o5h52g02kkzze7lru/ecs:i-1,,ecs:i-2",
  ])("refuses %j, saying both forms", (id) => {
    expect(() => parseImportId(slbSchema, id, "lb-x/ecs:i-y")).toThrow(
      new RegExp(
        `^import id ${JSON.stringify(id).replace(/[[\]]/g, "\\$&")} is not allowed: .*; use <loadBalancerId>/<member key>\\[,<member key>\\.\\.\\.\\] to adopt those members, or <loadBalancerId>/\\* to adopt the whole group exclusively \\(e\\.g\\. lb-x/ecs:i-y\\)$`,
      ),
    );
  });
});
