/**
 * Where credentials and defaults come from at run time: the stack configuration the engine hands the
 * provider through `configure`, then the environment. Nothing here is ever written to state.
 *
 * The engine calls `configure` once per provider text; every resource type shares this one snapshot,
 * because all dynamic resources of a deployment run in one plugin process.
 */
import type { Settings } from "../reconcile/settings";

let stackConfig: Record<string, string> = {};

/** Keeps the config keys this package reads; the rest of the stack's config is not retained. */
export function setStackConfig(config: { get(key: string): unknown } | undefined): void {
  const next: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const value = config?.get(key);
    if (typeof value === "string" && value !== "") next[key] = value;
  }
  stackConfig = { ...stackConfig, ...next };
}

export const CONFIG_KEYS = [
  "alicloud:accessKey",
  "alicloud:secretKey",
  "alicloud:securityToken",
  "alicloud:region",
  "huaweicloud:accessKey",
  "huaweicloud:secretKey",
  "huaweicloud:securityToken",
  "huaweicloud:region",
  "huaweicloud:projectId",
] as const;

export const processSettings: Settings = {
  config: (key) => stackConfig[key],
  env: (...names) => {
    for (const name of names) {
      const value = process.env[name];
      if (value) return value;
    }
    return undefined;
  },
};
