/**
 * Where credentials and defaults come from at run time: the stack configuration the engine hands the
 * provider through `configure`, then the environment. Nothing here is ever written to state.
 */
import type { Settings } from "../reconcile/settings";

/**
 * The config keys this package reads; the rest of the stack's config is not retained. The provider
 * plugin's configuration has one property for each (provider/plugin/config.ts).
 */
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

/**
 * Settings from one stack config (none: the environment alone) and the process environment. Each
 * `configure` builds new ones, so a key removed from the config is unset, never remembered from before.
 */
export function stackSettings(config: { get(key: string): unknown } | undefined): Settings {
  const kept: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const value = config?.get(key);
    if (typeof value === "string" && value !== "") kept[key] = value;
  }
  return {
    config: (key) => kept[key],
    env: (...names) => {
      for (const name of names) {
        const value = process.env[name];
        if (value) return value;
      }
      return undefined;
    },
  };
}
