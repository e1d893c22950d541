import type { MemberApi } from "./memberApi";
import type { HealthReport, MemberHealth } from "../core/health";
import type { MemberModel } from "../core/model";
import { anyButPermanent, type RetryBudget } from "./retry";

/** Said of every member of a cloud whose API reports no health per member. */
const UNREPORTED: MemberHealth = { state: "unreported", reported: "this API reports no health per member" };

/**
 * The health of `members` as the cloud reports it, read-only and retried like any read. A member the
 * cloud does not mention is "checking" (not known to be healthy); a cloud without a health API gives
 * "unreported" for each.
 */
export async function readHealth<M>(
  model: MemberModel<M>,
  api: MemberApi<M>,
  members: readonly M[],
  budget: RetryBudget,
): Promise<HealthReport> {
  if (!api.health) {
    return { members: new Map(members.map((m) => [model.key(m), UNREPORTED])), connectionDrainSeconds: 0 };
  }
  if (members.length === 0) return { members: new Map(), connectionDrainSeconds: 0 };
  const report = await budget.run(() => api.health!(members), anyButPermanent);
  for (const member of members) {
    const key = model.key(member);
    if (!report.members.has(key))
      report.members.set(key, { state: "checking", reported: "not reported yet" });
  }
  return report;
}

/** The `health` output: one entry per member, in key order, each its state and what the cloud said. */
export function healthOutput(report: HealthReport): Record<string, MemberHealth> {
  return Object.fromEntries(
    [...report.members]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, { state, reported }]) => [key, { state, reported }]),
  );
}
