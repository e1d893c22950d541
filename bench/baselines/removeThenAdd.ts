import type { MemberApi } from "../../provider/reconcile/memberApi";
import type { MemberModel } from "../../provider/core/model";
import { type BaselineRequest, diffMembers } from "./diff";

/**
 * The batches of a loop that runs `floor(n / size) + 1` times: one more call than needed whenever n is a
 * multiple of the batch size, and that call carries nothing. None at all for n = 0.
 */
export function batchesWithExtra<T>(items: readonly T[], size: number): T[][] {
  if (items.length === 0) return [];
  return Array.from({ length: Math.floor(items.length / size) + 1 }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

/** How many of those batches are empty: one when n is a non-zero multiple of the batch size. */
export const emptyBatches = (n: number, size: number): number => (n > 0 && n % size === 0 ? 1 : 0);

/** Its calls for a change: one read, then removals and additions, a weight change counted in both. */
export const removeThenAddCalls = (
  reads: number,
  add: number,
  update: number,
  remove: number,
  size: number,
): number => {
  const calls = (n: number) => (n === 0 ? 0 : Math.floor(n / size) + 1);
  return reads + calls(remove + update) + calls(add + update);
};

/**
 * Baseline (b): remove then add, the way Terraform's CLB backend-server resource works. Removals go
 * first, then additions, each in batches of the API's size with the extra batch above; a weight change is
 * a removal and an addition (the server leaves rotation in between). The extra batch is empty, which the
 * API refuses: the refusal is ignored, but the round trip is paid like any other.
 */
export async function removeThenAdd<M>(
  api: MemberApi<M>,
  model: MemberModel<M>,
  request: BaselineRequest<M>,
  beforeCall: () => void,
): Promise<void> {
  beforeCall();
  const changes = diffMembers(model, (await api.list()) ?? [], request);
  const removals = [...changes.remove, ...changes.update.map((u) => u.actual)];
  const additions = [...changes.add, ...changes.update.map((u) => u.desired)];
  for (const batch of batchesWithExtra(removals, api.batchSize)) {
    beforeCall();
    await send(batch, () => api.remove(batch));
  }
  for (const batch of batchesWithExtra(additions, api.batchSize)) {
    beforeCall();
    await send(batch, () => api.add(batch));
  }
}

async function send<T>(batch: readonly T[], call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (batch.length > 0) throw error;
  }
}
