/**
 * What the resources of one deployment know about each other. The engine runs every dynamic resource of
 * a deployment in one plugin process, so module state here is shared by all of them for one run.
 */

const claims = new Map<string, Set<string>>();
const queues = new Map<string, Promise<unknown>>();

/**
 * Records that a resource of this deployment declares these members of a target. `check` runs for every
 * resource of the program before its create or update, so by the time a resource removes or a replaced
 * resource is deleted, the members that others declare are known.
 */
export function claim(target: string, keys: Iterable<string>): void {
  const claimed = claims.get(target) ?? new Set<string>();
  claims.set(target, claimed);
  for (const key of keys) claimed.add(key);
}

/** Members of the target that some resource of this deployment declares, except those in `own`. */
export function claimedByOthers(target: string, own: Iterable<string> = []): Set<string> {
  const others = new Set(claims.get(target) ?? []);
  for (const key of own) others.delete(key);
  return others;
}

/**
 * Runs reconciles of the same load balancer or pool one at a time. Two attachments that share a load
 * balancer (or a resource being replaced and its replacement) then never read and write it interleaved,
 * which is what would let one detach what the other just adopted. Different targets run in parallel.
 */
export async function exclusively<T>(target: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(target) ?? Promise.resolve();
  const run = previous.then(work, work);
  const settled = run.catch(() => undefined);
  queues.set(target, settled);
  try {
    return await run;
  } finally {
    if (queues.get(target) === settled) queues.delete(target);
  }
}
