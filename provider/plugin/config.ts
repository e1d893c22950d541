/**
 * The provider's configuration: per-account credentials, regions and endpoints. The default provider
 * takes it from the stack config of the `backend-servers` namespace (`backend-servers:alicloudRegion`);
 * an explicit provider resource from its own inputs, so that one program manages several accounts. Either
 * maps onto the same `Settings` the dynamic resources read (provider/runtime/settings.ts): one property per
 * config key there, the environment behind it as before.
 */
import { show } from "../core/failures";
import { isUnknown } from "../core/unknown";
import { isPlainObject } from "../core/validate";
import type { Settings } from "../reconcile/settings";
import { CONFIG_KEYS, stackSettings } from "../runtime/settings";
import { KIND_DOCS } from "./kindDocs";

type Props = Record<string, unknown>;

/** `alicloud:accessKey` -> `alicloudAccessKey`: the provider property for a stack config key. */
export function propertyOf(configKey: string): string {
  const [namespace, name] = configKey.split(":");
  return `${namespace}${name[0].toUpperCase()}${name.slice(1)}`;
}

/** The property holding endpoint overrides, by the environment variable each overrides. */
export const ENDPOINTS = "endpoints";

/** Parts of a credential: secret in the SDKs and in state. */
const SECRET = /:(accessKey|secretKey|securityToken)$/;

/** What each config key is, for the schema; the defaults are the environment variables the kinds read. */
const DESCRIPTIONS: Readonly<Record<(typeof CONFIG_KEYS)[number], string>> = {
  "alicloud:accessKey":
    "Alibaba Cloud AccessKey ID. Default: env `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALICLOUD_ACCESS_KEY` (never a mix of the two sources).",
  "alicloud:secretKey":
    "Alibaba Cloud AccessKey secret, from the same source as the AccessKey ID. Default: env `ALIBABA_CLOUD_ACCESS_KEY_SECRET`.",
  "alicloud:securityToken":
    "Alibaba Cloud STS token, with STS credentials. Default: env `ALIBABA_CLOUD_SECURITY_TOKEN`.",
  "alicloud:region":
    "Region of the CLB load balancers and ALB and NLB server groups without a `regionId`. Default: env `ALIBABA_CLOUD_REGION_ID` / `ALICLOUD_REGION`.",
  "huaweicloud:accessKey":
    "Huawei Cloud AK. Default: env `HUAWEICLOUD_SDK_AK` / `HW_ACCESS_KEY` / `CLOUD_SDK_AK`.",
  "huaweicloud:secretKey":
    "Huawei Cloud SK, from the same source as the AK. Default: env `HUAWEICLOUD_SDK_SK` / `HW_SECRET_KEY` / `CLOUD_SDK_SK`.",
  "huaweicloud:securityToken":
    "Huawei Cloud security token, with temporary credentials. Default: env `HUAWEICLOUD_SDK_SECURITY_TOKEN`.",
  "huaweicloud:region":
    "Region of the pools without a `region`. Default: env `HUAWEICLOUD_REGION` / `HW_REGION_NAME`.",
  "huaweicloud:projectId":
    "Project of the pools without a `projectId`. Default: env `HUAWEICLOUD_SDK_PROJECT_ID` / `HW_PROJECT_ID`.",
};

export interface ConfigProperty {
  name: string;
  description: string;
  secret: boolean;
}

/** The text properties of the configuration, one per config key, in a stable order. */
export const CONFIG_PROPERTIES: readonly ConfigProperty[] = CONFIG_KEYS.map((key) => ({
  name: propertyOf(key),
  description: DESCRIPTIONS[key],
  secret: SECRET.test(key),
}));

/** The environment variables `endpoints` may set: each kind's endpoint override. */
export function endpointSettings(): string[] {
  return [...new Set(Object.values(KIND_DOCS).map((doc) => doc.endpointSetting))].sort();
}

export const ENDPOINTS_DESCRIPTION =
  "API endpoints, by the environment variable that would otherwise set them " +
  `(${endpointSettings()
    .map((name) => `\`${name}\``)
    .join(
      ", ",
    )}): a URL like \`https://slb-vpc.cn-beijing.aliyuncs.com\`. Unset: that variable, else the cloud's public endpoint.`;

/** The engine puts the provider's version among its inputs; it is not configuration. */
const ENGINE_KEYS = new Set(["version"]);

export interface ConfigFailure {
  property: string;
  reason: string;
}

/**
 * CheckConfig: every property known and text, `endpoints` naming only endpoint settings with URLs. A value
 * still unknown in a preview is checked when it is known (Configure is only called with known values).
 */
export function checkConfig(news: Props): ConfigFailure[] {
  const failures: ConfigFailure[] = [];
  const known = new Map(CONFIG_PROPERTIES.map((p) => [p.name, p]));
  for (const [name, value] of Object.entries(news)) {
    if (ENGINE_KEYS.has(name) || isUnknown(value) || value === undefined) continue;
    if (name === ENDPOINTS) {
      failures.push(...checkEndpoints(value));
    } else if (!known.has(name)) {
      failures.push({
        property: name,
        reason: `${name} is not a setting of the backend-servers provider: use ${[...known.keys(), ENDPOINTS].join(", ")}`,
      });
    } else if (typeof value !== "string") {
      failures.push({ property: name, reason: `${name} ${show(value)} is not allowed: use text` });
    }
  }
  return failures;
}

function checkEndpoints(value: unknown): ConfigFailure[] {
  // Set from stack config, an object arrives as its JSON text.
  const parsed = typeof value === "string" ? parseObject(value) : value;
  const allowed = endpointSettings();
  if (!isPlainObject(parsed)) {
    return [
      {
        property: ENDPOINTS,
        reason: `${ENDPOINTS} ${show(value)} is not allowed: use an object like { ${allowed[0]}: "https://..." }`,
      },
    ];
  }
  const failures: ConfigFailure[] = [];
  for (const [name, url] of Object.entries(parsed)) {
    const property = `${ENDPOINTS}.${name}`;
    if (!allowed.includes(name)) {
      failures.push({
        property,
        reason: `${property} is not an endpoint setting: use ${allowed.join(", ")}`,
      });
    } else if (isUnknown(url)) {
      continue;
    } else if (typeof url !== "string" || !/^https?:\/\/[^\s/]+/.test(url)) {
      failures.push({
        property,
        reason: `${property} ${show(url)} is not allowed: use an http:// or https:// URL`,
      });
    }
  }
  return failures;
}

function parseObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The settings of one provider: its properties in place of the stack config keys they stand for, its
 * endpoints in place of those environment variables; the environment for everything else, as the dynamic
 * resources read it. A property not set is unset here too: never an empty credential.
 */
export function providerSettings(config: Props): Settings {
  const byKey = new Map(CONFIG_KEYS.map((key) => [key as string, config[propertyOf(key)]]));
  const settings = stackSettings({ get: (key) => byKey.get(key) });
  const raw = config[ENDPOINTS];
  const parsed = typeof raw === "string" ? parseObject(raw) : raw;
  const endpoints = isPlainObject(parsed) ? parsed : {};
  return {
    config: (key) => settings.config(key),
    env: (...names) => {
      for (const name of names) {
        const endpoint = endpoints[name];
        if (typeof endpoint === "string" && endpoint !== "") return endpoint;
      }
      return settings.env(...names);
    },
  };
}

/**
 * A message of the shared runtime, with each stack config key it names (`alicloud:accessKey`) named as the
 * plugin's user sets it (`backend-servers:alicloudAccessKey`, the provider's `alicloudAccessKey`).
 */
export function inPluginTerms(message: string): string {
  return CONFIG_KEYS.reduce(
    (text, key) => text.split(key).join(`${PLUGIN_NAMESPACE}:${propertyOf(key)}`),
    message,
  );
}

/** The stack config namespace of the default provider: the plugin's name. */
const PLUGIN_NAMESPACE = "backend-servers";

/** DiffConfig: the properties whose value changed. None of them replaces anything (see server.ts). */
export function changedConfig(olds: Props, news: Props): string[] {
  const names = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...names]
    .filter((name) => !ENGINE_KEYS.has(name))
    .filter((name) => JSON.stringify(olds[name]) !== JSON.stringify(news[name]))
    .sort();
}
