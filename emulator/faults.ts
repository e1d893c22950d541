// Injected faults: which rules fire for a request. Latency rules add up; the first other rule that fires
// decides the request's fate, so a global latency combines with a targeted failure.
import type { Cloud, FaultKind, FaultRule } from "./types";

export const DEFAULT_LATENCY_MS = 1000;
export const DEFAULT_HOLD_MS = 60_000;

export interface FaultDecision {
  /** Total delay before the request is handled. */
  delayMs: number;
  /** The failure to enact, if any (never "latency"). */
  effect?: { kind: Exclude<FaultKind, "latency">; holdMs: number };
  /** What the call log reports. */
  recorded?: FaultKind;
}

interface ActiveRule {
  rule: FaultRule;
  matched: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];

  constructor(private readonly random: () => number) {}

  inject(rule: FaultRule): void {
    if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1))
      throw new Error("rate must be in 0..1");
    if (rule.count !== undefined && !(Number.isInteger(rule.count) && rule.count >= 0)) {
      throw new Error("count must be a non-negative integer");
    }
    this.rules.push({ rule: { ...rule }, matched: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  decide(cloud: Cloud, action: string): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 };
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.cloud !== undefined && rule.cloud !== cloud) continue;
      if (rule.action !== undefined && rule.action !== action) continue;
      if (rule.kind !== "latency" && decision.effect) continue;
      // `count` bounds the matching requests that may fire, whether or not the rate draw then fires.
      if (rule.count !== undefined && active.matched >= rule.count) continue;
      active.matched++;
      if (rule.rate !== undefined && rule.rate < 1 && !(this.random() < rule.rate)) continue;
      if (rule.kind === "latency") {
        decision.delayMs += rule.latencyMs ?? DEFAULT_LATENCY_MS;
        decision.recorded ??= "latency";
      } else {
        decision.effect = { kind: rule.kind, holdMs: rule.latencyMs ?? DEFAULT_HOLD_MS };
        decision.recorded = rule.kind;
      }
    }
    return decision;
  }
}
