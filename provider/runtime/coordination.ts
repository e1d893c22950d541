/**
 * What the resources of one deployment know about each other. The engine runs every dynamic resource of
 * a deployment in one plugin process (a new process for each `pulumi` command), so module state here is
 * shared by all of them for exactly one run.
 */

/** target -> claim token -> member keys. */
const claims = new Map<string, Map<string, ReadonlySet<string>>>();
const queues = new Map<string, Promise<unknown>>();

/**
 * A claim is named by what it declares: `check` does not say which resource it checks, but a resource's
 * create or update is given the same declaration, so it can tell its own claim from the others'.
 */
export function claimToken(keys: Iterable<string>): string {
  return JSON.stringify([...keys].sort());
}

/**
 * Records that a resource of this deployment declares these members of a target. `check` runs for every
 * resource of the program as it registers, so a resource that removes members, or a replaced or renamed
 * resource being deleted at the end of the run, knows which members another resource declares.
 */
export function claim(target: string, keys: Iterable<string>): void {
  const set = new Set(keys);
  const byToken = claims.get(target) ?? new Map<string, ReadonlySet<string>>();
  claims.set(target, byToken);
  byToken.set(claimToken(set), set);
}

/** Members of the target that another resource of this deployment declares. */
export function claimedByOthers(target: string, own?: Iterable<string>): Set<string> {
  const ownToken = own === undefined ? undefined : claimToken(own);
  const others = new Set<string>();
  for (const [token, keys] of claims.get(target) ?? []) {
    if (token !== ownToken) for (const key of keys) others.add(key);
  }
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
