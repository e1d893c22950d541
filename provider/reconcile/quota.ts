/** A rate quota as the clouds document it: at most `calls` calls in any window of `windowMs`. */
export interface Quota {
  calls: number;
  windowMs: number;
}

/** `90/60` (calls / seconds) for messages and the README. */
export function formatQuota(quota: Quota): string {
  return `${quota.calls}/${quota.windowMs / 1000}`;
}

/**
 * Reads an operator's override of a quota, written as the Quota Center shows it: `calls/seconds`, such as
 * `180/60` or `20/1`. A value that is not of that form is an error naming the variable, never silently the
 * default: an operator who raised a quota and mistyped it must learn so before a deployment is throttled.
 */
export function parseQuota(name: string, text: string): Quota {
  const match = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  const calls = match ? Number(match[1]) : Number.NaN;
  const seconds = match ? Number(match[2]) : Number.NaN;
  if (!(calls >= 1) || !Number.isSafeInteger(calls) || !(seconds > 0) || !Number.isFinite(seconds)) {
    throw new QuotaSettingError(
      `${name}=${JSON.stringify(text)} is not a rate quota: write calls/seconds with a whole number of calls of at least 1 and a positive number of seconds, such as 90/60`,
    );
  }
  return { calls, windowMs: Math.round(seconds * 1000) };
}

export class QuotaSettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuotaSettingError";
  }
}

/** One documented quota of a cloud, and the environment variable that overrides it. */
export interface QuotaRule {
  /** What it covers, for messages: `CLB AddBackendServers, SetBackendServers, RemoveBackendServers`. */
  covers: string;
  documented: Quota;
  overrideVariable: string;
}

/** The quota in force: the override when the operator set one, else the documented value. */
export function quotaInForce(rule: QuotaRule, env: (name: string) => string | undefined): Quota {
  const text = env(rule.overrideVariable);
  return text === undefined ? rule.documented : parseQuota(rule.overrideVariable, text);
}
