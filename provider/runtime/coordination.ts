/**
 * What the resources of one deployment know about each other. The engine runs every dynamic resource of
 * a deployment in one plugin process (a new process for each `pulumi` command), so one Coordination there
 * is shared by all of them for exactly one run.
 *
 * Nothing here is needed for the end state to be right: every diff reads the cloud, so a member detached
 * by an unlucky order is re-attached by the resource that declares it in the same `pulumi up`. Claims make
 * conflicts fail in `check`, and keep a member that changes hands from being detached in between.
 */

/** What one resource of this deployment declares on a target, as its last successful `check` saw it. */
export interface Claim {
  /** The resource's name, or, for a program that passes none, a token made of its declaration. */
  owner: string;
  /** Whether the name is the resource's own (for messages). */
  named: boolean;
  exclusive: boolean;
  keys: ReadonlySet<string>;
}

/** The claim owner for a resource: its name, else its declaration (create/update are given the same one). */
export function claimOwner(name: string | undefined, keys: Iterable<string>): string {
  return name ?? JSON.stringify([...keys].sort());
}

/**
 * The claims and per-target queues of one plugin process. The runtime makes one, shared by every resource
 * type; the engine starts a new plugin process, so a new one, for each command.
 */
export class Coordination {
  /** target -> owner -> claim. */
  private readonly claims = new Map<string, Map<string, Claim>>();
  private readonly queues = new Map<string, Promise<unknown>>();

  /**
   * Records what a resource declares on a target, replacing what the same resource claimed before (a
   * replaced resource keeps its name), and returns the claims of other resources it conflicts with.
   * A conflicting claim is not recorded: that resource fails its check and changes nothing.
   */
  claim(target: string, next: Claim): Claim[] {
    const byOwner = this.claims.get(target) ?? new Map<string, Claim>();
    this.claims.set(target, byOwner);
    const conflicts = [...byOwner.values()].filter(
      (other) =>
        other.owner !== next.owner &&
        (other.exclusive || next.exclusive || [...next.keys].some((key) => other.keys.has(key))),
    );
    if (conflicts.length === 0) byOwner.set(next.owner, next);
    return conflicts;
  }

  /** Members of the target that another resource of this deployment declares. */
  claimedByOthers(target: string, owner?: string): Set<string> {
    const others = new Set<string>();
    for (const [claimOwner, { keys }] of this.claims.get(target) ?? []) {
      if (claimOwner !== owner) for (const key of keys) others.add(key);
    }
    return others;
  }

  /** Whether a resource of this name claimed members on any target in this run (it is in the program). */
  claimsAnywhere(owner: string): boolean {
    return [...this.claims.values()].some((byOwner) => byOwner.has(owner));
  }

  /**
   * Runs the reads and reconciles of one load balancer or pool one at a time, in the order they were
   * asked for. Two attachments that share a load balancer then never read and write it interleaved, and a
   * diff asked for after another resource's update started reads what that update left. Different targets
   * run in parallel.
   */
  async exclusively<T>(target: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(target) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.catch(() => undefined);
    this.queues.set(target, settled);
    try {
      return await run;
    } finally {
      if (this.queues.get(target) === settled) this.queues.delete(target);
    }
  }
}
