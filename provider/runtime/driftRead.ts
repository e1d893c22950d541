import type { Settings } from "./settings";

export const DRIFT_READ_ENV = "BACKEND_SERVERS_DRIFT_READ";

/**
 * Whether `diff` reads the cloud to detect drift (the default). `off` (or `false`, `0`) is for previews that
 * must not call the cloud, such as a pull request's preview run without cloud credentials: diff then
 * compares the program with the recorded state only, and a member changed outside the program stays as it
 * is until a `pulumi refresh` or a change of the resource's inputs.
 */
export function driftReadEnabled(settings: Settings): boolean {
  const value = settings.env(DRIFT_READ_ENV)?.trim().toLowerCase();
  return !(value === "off" || value === "false" || value === "0");
}
