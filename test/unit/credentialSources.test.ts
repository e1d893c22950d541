// How both clouds' credentials choose their source: stack config or the environment, one of them whole,
// never a mix, and never a value a user cannot see is wrong. Each cloud's file tests its own names.
import { describe, expect, it } from "vitest";
import { resolveAlicloudCredentials } from "../../provider/clouds/alicloud/credentials";
import { resolveHuaweiCredentials } from "../../provider/clouds/huaweicloud/credentials";
import { fixedSettings, type Settings } from "../../provider/reconcile/settings";

/** The three parts of a credential, as one cloud names them in config, in the environment and in its result. */
interface Names {
  accessKey: string;
  secret: string;
  token: string;
}

interface CredentialCloud {
  resolve(settings: Settings): object;
  config: Names;
  env: Names;
  result: Names;
  /** What the error says when stack config names an AccessKey but no secret. */
  noSecretInConfig: RegExp;
}

const ALIBABA: CredentialCloud = {
  resolve: resolveAlicloudCredentials,
  config: { accessKey: "alicloud:accessKey", secret: "alicloud:secretKey", token: "alicloud:securityToken" },
  env: {
    accessKey: "ALIBABA_CLOUD_ACCESS_KEY_ID",
    secret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    token: "ALIBABA_CLOUD_SECURITY_TOKEN",
  },
  result: { accessKey: "accessKeyId", secret: "accessKeySecret", token: "securityToken" },
  noSecretInConfig: /stack config sets alicloud:accessKey but not alicloud:secretKey/,
};

const HUAWEI: CredentialCloud = {
  resolve: resolveHuaweiCredentials,
  config: {
    accessKey: "huaweicloud:accessKey",
    secret: "huaweicloud:secretKey",
    token: "huaweicloud:securityToken",
  },
  env: {
    accessKey: "HUAWEICLOUD_SDK_AK",
    secret: "HUAWEICLOUD_SDK_SK",
    token: "HUAWEICLOUD_SDK_SECURITY_TOKEN",
  },
  result: { accessKey: "accessKey", secret: "secretKey", token: "securityToken" },
  noSecretInConfig: /missing the SecretKey/,
};

/** `values` under the names `names` gives each part. */
const named = (names: Names, values: Partial<Names>) =>
  Object.fromEntries(
    (Object.keys(values) as (keyof Names)[]).map((part) => [names[part], values[part] as string]),
  );

describe.each([
  ["Alibaba", ALIBABA],
  ["Huawei", HUAWEI],
])("%s credentials: one source wins entirely", (_name, cloud) => {
  const fromConfig = { accessKey: "AK-CONFIG", secret: "secret-config", token: "token-config" };
  const fromEnv = { accessKey: "AK-ENV", secret: "secret-env", token: "token-env" };
  const resolve = (config: Partial<Names>, env: Partial<Names>) =>
    cloud.resolve(fixedSettings(named(cloud.config, config), named(cloud.env, env)));

  it("takes all three from stack config when it names an AccessKey", () => {
    expect(resolve(fromConfig, fromEnv)).toEqual(named(cloud.result, fromConfig));
  });

  it("never sends a leftover token from the environment with long-term keys from stack config", () => {
    const { accessKey, secret } = fromConfig;
    expect(resolve({ accessKey, secret }, fromEnv)).toEqual(named(cloud.result, { accessKey, secret }));
  });

  it("never completes an AccessKey from stack config with a secret from the environment", () => {
    expect(() => resolve({ accessKey: fromConfig.accessKey }, fromEnv)).toThrow(cloud.noSecretInConfig);
  });

  it("takes all three from the environment when stack config names no AccessKey", () => {
    expect(resolve({ token: fromConfig.token }, fromEnv)).toEqual(named(cloud.result, fromEnv));
  });

  it("refuses a secret with a trailing newline before any call, never showing it", () => {
    let message = "";
    try {
      resolve({}, { ...fromEnv, secret: "secret-env-value\n" });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /from the environment begins or ends with whitespace \(often a trailing newline from a CI secret\): remove it\. The value is not shown\.$/,
    );
    expect(message).not.toContain("secret-env-value");
  });
});
