import type * as pulumi from "@pulumi/pulumi";
import type { MemberHealth } from "../core/health";

/** How membership changes are made without dropping traffic (README "Rolling out without dropping traffic"). */
export interface RolloutArgs {
  /**
   * Add new members first and wait until they report healthy (members no health check covers count as
   * healthy) before removing anything. On timeout `pulumi up` fails with everything still attached; the
   * next `pulumi up` keeps waiting. Not available on ENS, which reports no health per member.
   */
  healthGate?: pulumi.Input<{
    /** 1 to 3600. */
    timeoutSeconds: pulumi.Input<number>;
    /** Share of the added members that must be healthy, above 0 and at most 1; default 1. */
    minHealthyRatio?: pulumi.Input<number>;
  }>;
  /** 0 to 3600: members to remove are set to weight 0 first, and removed this many seconds later. */
  drainSeconds?: pulumi.Input<number>;
  /** The most members one `pulumi up` may remove: a count (`10`) or a share of those managed (`"25%"`). */
  maxRemovals?: pulumi.Input<number | string>;
}

export type { MemberHealth };
