import { isIP } from "node:net";
import { show } from "./failures";

/**
 * Field checks shared by every cloud. Each returns undefined when the value is allowed, else the reason,
 * written to name the bad value and what is allowed.
 */
export type Check = (value: unknown) => string | undefined;

export const integerIn =
  (min: number, max: number): Check =>
  (value) =>
    typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
      ? undefined
      : `${show(value)} is not allowed: use an integer from ${min} to ${max}`;

export const oneOf =
  (allowed: readonly string[]): Check =>
  (value) =>
    typeof value === "string" && allowed.includes(value)
      ? undefined
      : `${show(value)} is not allowed: use one of ${allowed.map((a) => `"${a}"`).join(", ")}`;

export const matches =
  (pattern: RegExp, what: string): Check =>
  (value) =>
    typeof value === "string" && pattern.test(value)
      ? undefined
      : `${show(value)} is not allowed: use ${what}`;

export const ipAddress =
  (versions: readonly (4 | 6)[] = [4, 6]): Check =>
  (value) => {
    const allowed = `use an IPv${versions.join(" or IPv")} address`;
    // Node accepts a zone index (`fe80::1%eth0`), which names an interface of the machine that runs Pulumi:
    // no load balancer can reach a member by it.
    if (typeof value === "string" && value.includes("%") && isIP(value) === 6)
      return `${show(value)} is not allowed: a zone index (%...) names a local interface; ${allowed} without one`;
    return typeof value === "string" && versions.includes(isIP(value) as 4 | 6)
      ? undefined
      : `${show(value)} is not allowed: ${allowed}`;
  };

export const isBoolean: Check = (value) =>
  typeof value === "boolean" ? undefined : `${show(value)} is not allowed: use true or false`;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
