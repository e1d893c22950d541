import type { MemberApi } from "../../../provider/reconcile/memberApi";
import type { MemberModel } from "../../../provider/core/model";
import { CloudError, type Retryability } from "../../../provider/reconcile/cloudError";

export interface SimpleMember {
  id: string;
  weight: number;
  /** Only the order-independence model's cloud has ports (a change of one is a re-attachment). */
  port?: number;
}

export const simpleModel: MemberModel<SimpleMember> = {
  key: (m) => m.id,
  needsUpdate: (d, a) => d.weight !== a.weight,
  settled: (d) => d,
  observed: (a) => a,
  declared: (m) => m,
};

export type CallKind = "list" | "add" | "update" | "remove";

/** What a scripted fault does to one call: fail before, or after applying it. */
export interface Fault {
  on: CallKind;
  retry: Retryability;
  /** Apply the call, then fail (a time-out after the cloud did the work). */
  afterApply?: boolean;
  /** How many matching calls fail; default 1. */
  times?: number;
}

/**
 * An in-memory load balancer behind the MemberApi interface: records every call and the smallest group
 * size seen, and fails calls as scripted.
 */
export class MemoryCloud implements MemberApi<SimpleMember> {
  readonly target = "load balancer lb-memory";
  readonly actions = { add: "Add", update: "Update", remove: "Remove" };
  readonly calls: { kind: CallKind; ids: string[] }[] = [];
  readonly members = new Map<string, SimpleMember>();
  minSizeAfterFirstWrite = Number.POSITIVE_INFINITY;
  private faults: Fault[] = [];

  constructor(
    initial: SimpleMember[] = [],
    readonly batchSize = 20,
  ) {
    for (const m of initial) this.members.set(m.id, m);
  }

  fail(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  writes(): { kind: CallKind; ids: string[] }[] {
    return this.calls.filter((c) => c.kind !== "list");
  }

  async list(): Promise<SimpleMember[]> {
    return this.run("list", [], () => [...this.members.values()].map((m) => ({ ...m })));
  }

  async add(batch: readonly SimpleMember[]): Promise<SimpleMember[]> {
    return this.run("add", batch, () => {
      for (const m of batch) {
        if (this.members.has(m.id)) throw this.error("add", "stale");
      }
      for (const m of batch) this.members.set(m.id, { ...m });
      return [...batch];
    });
  }

  async update(batch: readonly { desired: SimpleMember; actual: SimpleMember }[]): Promise<void> {
    return this.run(
      "update",
      batch.map((u) => u.desired),
      () => {
        for (const u of batch) if (!this.members.has(u.desired.id)) throw this.error("update", "stale");
        for (const u of batch) this.members.set(u.desired.id, { ...u.desired });
      },
    );
  }

  async remove(batch: readonly SimpleMember[]): Promise<void> {
    return this.run("remove", batch, () => {
      for (const m of batch) this.members.delete(m.id);
    });
  }

  /** What one entry of a `kind` call names: the member, or (a cloud whose call names a scope) its scope. */
  protected names(_kind: CallKind, member: SimpleMember): string {
    return member.id;
  }

  private run<T>(kind: CallKind, batch: readonly SimpleMember[], apply: () => T): T {
    if (batch.length > this.batchSize) throw new Error(`batch of ${batch.length} exceeds ${this.batchSize}`);
    const named = batch.map((m) => this.names(kind, m));
    const twice = named.find((name, i) => named.indexOf(name) !== i);
    if (twice !== undefined) throw new Error(`${kind} names ${twice} twice in one call`);
    this.calls.push({ kind, ids: batch.map((m) => m.id) });
    const fault = this.faults.find((f) => f.on === kind && (f.times ?? 1) > 0);
    if (fault) fault.times = (fault.times ?? 1) - 1;
    if (fault && !fault.afterApply) throw this.error(kind, fault.retry);
    const result = apply();
    if (kind !== "list")
      this.minSizeAfterFirstWrite = Math.min(this.minSizeAfterFirstWrite, this.members.size);
    if (fault?.afterApply) throw this.error(kind, fault.retry);
    return result;
  }

  private error(kind: CallKind, retry: Retryability): CloudError {
    return new CloudError({
      action: { list: "List", ...this.actions }[kind],
      target: this.target,
      code: retry === "transient" ? "Throttling" : retry === "uncertain" ? "ETIMEDOUT" : "Refused",
      message: `scripted ${retry} failure`,
      requestId: "REQ-1",
      retry,
    });
  }
}
