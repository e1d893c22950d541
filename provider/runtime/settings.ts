/**
 * Where credentials and defaults come from at run time: the stack configuration the engine hands the
 * provider through `configure`, then the environment. Nothing here is ever written to state.
 *
 * The engine calls `configure` once per provider text; every resource type shares this one snapshot,
 * because all dynamic resources of a deployment run in one plugin process.
 */
export interface Settings {
  /** A stack config value such as `alicloud:region`, if set. */
  config(key: string): string | undefined;
  /** The first of the given environment variables that is set and not empty. */
  env(...names: string[]): string | undefined;
}

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

/** Settings from plain maps, for tests and for programs that drive a provider directly. */
export function fixedSettings(
  config: Record<string, string>,
  env: Record<string, string | undefined>,
): Settings {
  return {
    config: (key) => config[key] || undefined,
    env: (...names) => names.map((n) => env[n]).find((v) => v) || undefined,
  };
}

/** A missing or invalid setting: the message says what to set. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Tuning knobs for operators, read from the environment at run time. */
export function tuning(settings: Settings): {
  httpTimeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  retryDeadlineMs: number;
  /** How often health is read while a health gate waits. */
  healthPollMs: number;
} {
  const num = (name: string, fallback: number) => {
    const raw = settings.env(name);
    const value = raw === undefined ? Number.NaN : Number(raw);
    return Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    httpTimeoutMs: num("BACKEND_SERVERS_HTTP_TIMEOUT_MS", 20_000),
    retryBaseMs: num("BACKEND_SERVERS_RETRY_BASE_MS", 500),
    retryMaxMs: num("BACKEND_SERVERS_RETRY_MAX_MS", 10_000),
    retryDeadlineMs: num("BACKEND_SERVERS_RETRY_DEADLINE_MS", 180_000),
    healthPollMs: num("BACKEND_SERVERS_HEALTH_POLL_MS", 2000),
  };
}
