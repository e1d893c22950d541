import { ConfigError } from "../reconcile/settings";

/**
 * Refuses a credential with leading or trailing whitespace (a CI secret often ends with a newline) before
 * any call: signed as it is, every request fails its signature check, and repeated failures can lock the
 * AccessKey. `named` maps where each value came from (`alicloud:secretKey`) to the value; values are
 * never shown.
 */
export function refusePaddedCredentials(named: Readonly<Record<string, string | undefined>>): void {
  const padded = Object.entries(named)
    .filter(([, value]) => value !== undefined && value !== value.trim())
    .map(([where]) => where);
  if (padded.length > 0) {
    throw new ConfigError(
      `${padded.join(" and ")} ${padded.length === 1 ? "begins or ends" : "begin or end"} with whitespace ` +
        "(often a trailing newline from a CI secret): remove it. The value is not shown.",
    );
  }
}
