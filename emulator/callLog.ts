// The ordered record of every request the emulator answered (or dropped), for assertions on API usage.
import type { CallRecord, Cloud } from "./types";

export type CallListener = (record: CallRecord) => void;

export class CallLog {
  private records: CallRecord[] = [];
  private nextSeq = 1;
  private readonly listeners = new Set<CallListener>();

  /**
   * Calls `listener` as each record is appended, right after the action was applied: a listener sees the
   * state the call left, and tests can wait for a call without polling.
   */
  subscribe(listener: CallListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sequence numbers are taken when a request arrives, so records sort by arrival. */
  takeSeq(): number {
    return this.nextSeq++;
  }

  append(record: CallRecord): void {
    this.records.push(record);
    for (const listener of this.listeners) listener(structuredClone(record));
  }

  list(filter: { cloud?: Cloud; action?: string } = {}): CallRecord[] {
    return this.records
      .filter(
        (r) =>
          (filter.cloud === undefined || r.cloud === filter.cloud) &&
          (filter.action === undefined || r.action === filter.action),
      )
      .sort((a, b) => a.seq - b.seq)
      .map((r) => structuredClone(r));
  }

  clear(): void {
    this.records = [];
  }

  reset(): void {
    this.records = [];
    this.nextSeq = 1;
  }
}
