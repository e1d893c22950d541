import type { Quota } from "./quota";
import { fileJournal, type QuotaJournal } from "./quotaJournal";
import type { SharedPart } from "./runShared";
import { type Clock, realClock } from "./clock";
import { MARGIN_MS, WindowPacer } from "./windowPacer";

/** Reports how a paced call ended: `true` when the server refused it for flow control. */
export type PaceDone = (throttled: boolean) => void;
/** Awaited before every request of `action`; the answer is reported back through the returned callback. */
export type Pace = (action: string) => Promise<PaceDone>;

/** Which window an action counts in: its scope (the account, region and API the cloud counts by) and quota. */
export interface PacedScope {
  key: string;
  quota: Quota;
}

/**
 * One pacer per scope, for quotas that belong to an account rather than to a resource. Every dynamic
 * resource of a `pulumi up` runs in one plugin process, whose run holds one registry per cloud
 * (`RunShared`), so all resources of a deployment draw from the same windows; with a journal, the
 * windows also hold the calls of the processes before (the preview before an update, the `pulumi up`
 * before this one). Keys name accounts without being secrets (endpoints and AccessKey ids).
 */
export class PacerRegistry {
  private readonly pacers = new Map<string, WindowPacer>();

  constructor(
    private readonly clock: Clock = realClock,
    private readonly journal?: QuotaJournal,
  ) {}

  /** The pacer shared by every caller of `key`; a new one only when the quota itself changed. */
  pacerFor(key: string, quota: Quota): WindowPacer {
    const existing = this.pacers.get(key);
    if (existing && existing.quota.calls === quota.calls && existing.quota.windowMs === quota.windowMs)
      return existing;
    const { journal } = this;
    const now = this.clock.now();
    const history = journal && {
      earlier: journal.since(key, now - quota.windowMs - MARGIN_MS, now),
      record: (at: number) => journal.record(key, at),
    };
    const pacer = new WindowPacer({ ...quota }, this.clock, history);
    this.pacers.set(key, pacer);
    return pacer;
  }

  /** A `Pace` that sends each action through the pacer of the scope `scopeOf` names for it. */
  pace(scopeOf: (action: string) => PacedScope): Pace {
    return async (action) => {
      const { key, quota } = scopeOf(action);
      const pacer = this.pacerFor(key, quota);
      const ticket = await pacer.acquire();
      return (throttled) => ticket.done(throttled);
    };
  }
}

/** The run's one journal, shared by every cloud's windows: a journal that cannot be used says so once. */
const QUOTA_JOURNAL: SharedPart<QuotaJournal> = { name: "quota journal", make: () => fileJournal() };

/**
 * One cloud's quota windows as a part of the run: every resource of the plugin process draws from the same
 * registry, journaled on disk for the processes that follow.
 */
export function journaledWindows(name: string): SharedPart<PacerRegistry> {
  return { name, make: (run) => new PacerRegistry(undefined, run.get(QUOTA_JOURNAL)) };
}
