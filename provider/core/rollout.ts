import { type Failure, show } from "./failures";
import type { MemberModel } from "./model";
import { containsUnknown, isUnknown } from "./unknown";
import { integerIn, isPlainObject } from "./validate";

/** The opt-in `rollout` input: how membership changes are made without dropping traffic. */
export interface Rollout {
  /** Add first, then wait until the added members are healthy before removing anything. */
  healthGate?: { timeoutSeconds: number; minHealthyRatio: number };
  /** Set members to weight 0 and wait this long before removing them. */
  drainSeconds?: number;
  /** The most members one `pulumi up` may remove: a count, or a share of the members managed. */
  maxRemovals?: number | string;
}

const KEYS = ["healthGate", "drainSeconds", "maxRemovals"];
const PERCENT = /^(\d{1,3})%$/;

/**
 * Validates `rollout` (absent: no rollout). `gateRefusal` says why this cloud cannot gate on health
 * (ENS reports no health per member), and is reported when a health gate is asked for.
 */
export function checkRollout(value: unknown, gateRefusal: string | undefined): Failure[] {
  if (value === undefined || isUnknown(value)) return [];
  if (!isPlainObject(value)) {
    return [
      {
        property: "rollout",
        reason: `rollout ${show(value)} is not allowed: use an object with ${KEYS.join(", ")}`,
      },
    ];
  }
  const failures: Failure[] = [];
  const fail = (path: string, reason: string) =>
    failures.push({ property: `rollout.${path}`, reason: `rollout.${path} ${reason}` });
  for (const key of Object.keys(value)) {
    if (!KEYS.includes(key)) fail(key, `is not a rollout setting: use ${KEYS.join(", ")}`);
  }
  const { healthGate, drainSeconds, maxRemovals } = value;
  if (healthGate !== undefined && !isUnknown(healthGate)) {
    if (gateRefusal) fail("healthGate", `cannot be used here: ${gateRefusal}`);
    else if (!isPlainObject(healthGate))
      fail("healthGate", `${show(healthGate)} is not allowed: use { timeoutSeconds, minHealthyRatio? }`);
    else {
      for (const key of Object.keys(healthGate)) {
        if (key !== "timeoutSeconds" && key !== "minHealthyRatio")
          fail(`healthGate.${key}`, "is not a health gate setting: use timeoutSeconds, minHealthyRatio");
      }
      const timeout = healthGate.timeoutSeconds;
      if (timeout === undefined)
        fail("healthGate.timeoutSeconds", "is required: how long to wait for added members to be healthy");
      else if (!isUnknown(timeout)) {
        const problem = integerIn(1, 3600)(timeout);
        if (problem) fail("healthGate.timeoutSeconds", problem);
      }
      const ratio = healthGate.minHealthyRatio;
      if (
        ratio !== undefined &&
        !isUnknown(ratio) &&
        !(typeof ratio === "number" && ratio > 0 && ratio <= 1)
      ) {
        fail(
          "healthGate.minHealthyRatio",
          `${show(ratio)} is not allowed: use a number above 0 and at most 1`,
        );
      }
    }
  }
  if (drainSeconds !== undefined && !isUnknown(drainSeconds)) {
    const problem = integerIn(0, 3600)(drainSeconds);
    if (problem) fail("drainSeconds", problem);
  }
  if (maxRemovals !== undefined && !isUnknown(maxRemovals)) {
    const percent = typeof maxRemovals === "string" ? PERCENT.exec(maxRemovals) : null;
    const count = typeof maxRemovals === "number" && Number.isInteger(maxRemovals) && maxRemovals >= 0;
    if (!count && !(percent && Number(percent[1]) <= 100)) {
      fail(
        "maxRemovals",
        `${show(maxRemovals)} is not allowed: use a whole number of members (0 or more) or a share like "25%"`,
      );
    }
  }
  return failures;
}

/**
 * The checked input with defaults applied; undefined when the resource has no rollout. A value still
 * unknown in a preview is left out (never read as a limit): an unknown `maxRemovals` allows everything,
 * an unknown timeout or ratio is NaN, which a preview line names as not known yet.
 */
export function readRollout(value: unknown): Rollout | undefined {
  if (!isPlainObject(value)) return undefined;
  const rollout: Rollout = {};
  const gate = value.healthGate;
  if (isPlainObject(gate)) {
    const known = (v: unknown, fallback: number) =>
      isUnknown(v) ? Number.NaN : ((v as number | undefined) ?? fallback);
    rollout.healthGate = {
      timeoutSeconds: known(gate.timeoutSeconds, Number.NaN),
      minHealthyRatio: known(gate.minHealthyRatio, 1),
    };
  }
  if (typeof value.drainSeconds === "number") rollout.drainSeconds = value.drainSeconds;
  if (value.maxRemovals !== undefined && !isUnknown(value.maxRemovals))
    rollout.maxRemovals = value.maxRemovals as number | string;
  return rollout;
}

/**
 * How many removals `maxRemovals` allows out of `managed` members (a share rounds down); no limit when
 * it is not set, and none either for what is not a count or a share (an unknown value in a preview).
 */
export function removalLimit(maxRemovals: number | string | undefined, managed: number): number {
  if (typeof maxRemovals === "number") return maxRemovals;
  const percent = typeof maxRemovals === "string" ? PERCENT.exec(maxRemovals) : null;
  if (percent === null) return Number.POSITIVE_INFINITY;
  return Math.floor((managed * Number(percent[1])) / 100);
}

/** The identities of a recorded or checked member list (keyed object or list); none when it is not one. */
export function memberKeys<M>(model: MemberModel<M>, members: unknown): string[] {
  if (isUnknown(members) || members === null || typeof members !== "object") return [];
  return Object.values(members as Record<string, unknown>)
    .filter(isPlainObject)
    .filter((m) => !containsUnknown(m))
    .map((m) => model.key(m as M));
}
