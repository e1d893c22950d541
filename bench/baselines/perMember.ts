import type { MemberApi } from "../../provider/reconcile/memberApi";
import type { MemberModel } from "../../provider/core/model";
import { type BaselineRequest, diffMembers } from "./diff";

/**
 * Baseline (a): one call per member, the way a resource per member works (Terraform's Huawei
 * `lb_member` resource: every member is its own resource, created, changed and deleted on its own).
 * It reads the members once, as a refresh would, and then sends the changes one after another.
 * Terraform would run up to 10 such resources at a time (its default parallelism): this baseline does
 * not, which is the fair comparison for ENS (10 calls/s per account whatever the parallelism) and
 * overstates its time by up to 10x elsewhere.
 */
export async function perMember<M>(
  api: MemberApi<M>,
  model: MemberModel<M>,
  request: BaselineRequest<M>,
  beforeCall: () => void,
): Promise<void> {
  beforeCall();
  const changes = diffMembers(model, (await api.list()) ?? [], request);
  for (const member of changes.add) {
    beforeCall();
    await api.add([member]);
  }
  for (const update of changes.update) {
    beforeCall();
    await api.update([update]);
  }
  for (const member of changes.remove) {
    beforeCall();
    await api.remove([member]);
  }
}

/** Its calls for a change: one read (pages) plus one per changed member. */
export const perMemberCalls = (reads: number, add: number, update: number, remove: number): number =>
  reads + add + update + remove;
