import type { MemberApi } from "../provider/reconcile/memberApi";
import type { MemberModel } from "../provider/core/model";
import type { Changes } from "./scenarios";

/**
 * The two usual approaches, built on the same adapters as ours:
 * - perMember: one call per member, as a resource per member works (Terraform's Huawei `lb_member`). It
 *   sends one call at a time: fair for ENS (10 calls/s per account whatever the parallelism), up to 10x
 *   slow elsewhere against Terraform's default parallelism of 10.
 * - removeThenAdd: as Terraform's CLB backend-server resource works: removals, then additions, in
 *   batches of the API's size from a loop that runs floor(n / size) + 1 times, so one more call than
 *   needed whenever n is a multiple of the size. That call is empty; the API refuses it and the refusal
 *   is ignored, but its round trip is paid. A weight change is a removal and a re-addition.
 */
export const BASELINES = ["perMember", "removeThenAdd"] as const;
export type BaselineName = (typeof BASELINES)[number];
/** `previouslyManaged`: what the resource recorded last time (its state). */
export type BaselineRequest<M> = {
  desired: readonly M[];
  previouslyManaged: readonly M[];
  exclusive: boolean;
};

const batchCount = (name: BaselineName, n: number, size: number) =>
  name === "perMember" ? n : n === 0 ? 0 : Math.floor(n / size) + 1;

/** Its calls for a change, from the scenario alone, and how many of them are empty batches. */
export function baselineCalls(name: BaselineName, reads: number, c: Changes, size: number) {
  const groups = name === "perMember" ? [c.add, c.update, c.remove] : [c.remove + c.update, c.add + c.update];
  return {
    calls: reads + groups.reduce((sum, n) => sum + batchCount(name, n, size), 0),
    empty: groups.filter((n) => name === "removeThenAdd" && n > 0 && n % size === 0).length,
  };
}

/**
 * Runs one baseline: it reads once, as a refresh would, computes the plain set difference a
 * Terraform-style resource computes (written here, not borrowed from the planner under test, with the
 * same ownership rule), then sends its batches one after another.
 */
export async function runBaseline<M>(
  name: BaselineName,
  api: MemberApi<M>,
  model: MemberModel<M>,
  request: BaselineRequest<M>,
) {
  const attached = new Map(((await api.list()) ?? []).map((m) => [model.key(m), m]));
  const declared = new Set(request.desired.map((m) => model.key(m)));
  const add = request.desired.filter((m) => !attached.has(model.key(m)));
  const update = request.desired.flatMap((desired) => {
    const actual = attached.get(model.key(desired));
    return actual && model.needsUpdate(desired, actual, undefined) ? [{ desired, actual }] : [];
  });
  const owned = request.exclusive ? [...attached.keys()] : request.previouslyManaged.map((m) => model.key(m));
  const remove = owned
    .filter((key) => attached.has(key) && !declared.has(key))
    .map((key) => attached.get(key)!);

  const size = name === "perMember" ? 1 : api.batchSize;
  const send = async <T>(items: T[], call: (batch: T[]) => Promise<unknown>) => {
    for (let i = 0; i < batchCount(name, items.length, size); i++) {
      const batch = items.slice(i * size, (i + 1) * size);
      await call(batch).catch((error: unknown) => {
        if (batch.length > 0) throw error;
      });
    }
  };
  if (name === "perMember") {
    await send(add, (b) => api.add(b));
    await send(update, (b) => api.update(b));
    await send(remove, (b) => api.remove(b));
  } else {
    await send([...remove, ...update.map((u) => u.actual)], (b) => api.remove(b));
    await send([...add, ...update.map((u) => u.desired)], (b) => api.add(b));
  }
}
