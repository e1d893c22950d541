import { DEFAULT_RETRY } from "./retry";

/**
 * The settings contract every layer reads: a stack config value or an environment variable, and the
 * error that says which one to set. Where the values come from (the engine's stack config, the process
 * environment) is the runtime's business (`runtime/settings.ts`); adapters and the provider only read.
 */
export interface Settings {
  /** A stack config value such as `alicloud:region`, if set. */
  config(key: string): string | undefined;
  /** The first of the given environment variables that is set and not empty. */
  env(...names: string[]): string | undefined;
}

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
  /** The least wait between two reads of an asynchronous write's job (ALB, NLB): completion.ts. */
  completionPollMs: number;
  /** How long a job may run before its members are read again instead (completion.ts). */
  completionTimeoutMs: number;
} {
  const num = (name: string, fallback: number) => {
    const raw = settings.env(name);
    const value = raw === undefined ? Number.NaN : Number(raw);
    return Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    httpTimeoutMs: num("BACKEND_SERVERS_HTTP_TIMEOUT_MS", 20_000),
    retryBaseMs: num("BACKEND_SERVERS_RETRY_BASE_MS", DEFAULT_RETRY.baseDelayMs),
    retryMaxMs: num("BACKEND_SERVERS_RETRY_MAX_MS", DEFAULT_RETRY.maxDelayMs),
    retryDeadlineMs: num("BACKEND_SERVERS_RETRY_DEADLINE_MS", DEFAULT_RETRY.deadlineMs),
    healthPollMs: num("BACKEND_SERVERS_HEALTH_POLL_MS", 2000),
    completionPollMs: num("BACKEND_SERVERS_COMPLETION_POLL_MS", 250),
    completionTimeoutMs: num("BACKEND_SERVERS_COMPLETION_TIMEOUT_MS", 300_000),
  };
}
