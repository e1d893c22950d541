// The ordered record of every request the emulator answered (or dropped), for assertions on API usage.
import type { CallRecord, Cloud } from "./types";

export class CallLog {
  private records: CallRecord[] = [];
  private nextSeq = 1;

  /** Sequence numbers are taken when a request arrives, so records sort by arrival. */
  takeSeq(): number {
    return this.nextSeq++;
  }

  append(record: CallRecord): void {
    this.records.push(record);
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
