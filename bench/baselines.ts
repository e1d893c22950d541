import type { MemberApi } from "../provider/reconcile/memberApi";
import type { MemberModel } from "../provider/core/model";
import type { Changes } from "./scenarios";

/**
 * The two usual approaches, on the same adapters as ours. perMember: one call per member, one at a time,
 * as a resource per member works (Terraform's Huawei `lb_member`): fair for ENS (10 calls/s per account
 * whatever the parallelism), up to 10x slow elsewhere against Terraform's default parallelism of 10.
 * removeThenAdd, as Terraform's CLB backend-server resource works: removals, then additions, in batches
 * from a loop that runs floor(n / size) + 1 times, so when n is a multiple of the size its last call is
 * empty: refused by the API and ignored, but paid. A weight change is a removal and a re-addition.
 */
export const BASELINES = ["perMember", "removeThenAdd"] as const;
export type BaselineName = (typeof BASELINES)[number];
/** `managed`: what the resource recorded last time (its state). */
type Request<M> = { model: MemberModel<M>; desired: M[]; managed: M[]; exclusive: boolean };

const batchCount = (name: BaselineName, n: number, size: number) =>
  name === "perMember" ? n : n === 0 ? 0 : Math.floor(n / size) + 1;

/** Its calls for a change, from the scenario alone, and how many of them are empty batches. */
export function baselineCalls(name: BaselineName, reads: number, c: Changes, size: number) {
  const groups = name === "perMember" ? [c.add, c.update, c.remove] : [c.remove + c.update, c.add + c.update];
  const empty = groups.filter((n) => name === "removeThenAdd" && n > 0 && n % size === 0).length;
  return { calls: reads + groups.reduce((sum, n) => sum + batchCount(name, n, size), 0), empty };
}

/**
 * One read, as a refresh would; the plain set difference a Terraform-style resource computes (written
 * here, not borrowed from the planner under test, with the same ownership rule); its batches in turn.
 */
export async function runBaseline<M>(name: BaselineName, api: MemberApi<M>, r: Request<M>): Promise<void> {
  const { model } = r;
  const attached = new Map(((await api.list()) ?? []).map((m) => [model.key(m), m]));
  const declared = new Set(r.desired.map((m) => model.key(m)));
  const add = r.desired.filter((m) => !attached.has(model.key(m)));
  const update = r.desired.flatMap((desired) => {
    const actual = attached.get(model.key(desired));
    return actual && model.needsUpdate(desired, actual, undefined) ? [{ desired, actual }] : [];
  });
  const owned = r.exclusive ? [...attached.keys()] : r.managed.map((m) => model.key(m));
  const remove = owned.filter((k) => attached.has(k) && !declared.has(k)).map((k) => attached.get(k)!);

  const size = name === "perMember" ? 1 : api.batchSize;
  const send = async <T>(items: T[], call: (batch: T[]) => Promise<unknown>) => {
    for (let i = 0; i < batchCount(name, items.length, size); i++) {
      const batch = items.slice(i * size, (i + 1) * size);
      await call(batch).catch((error: unknown) => (batch.length > 0 ? Promise.reject(error) : undefined));
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
