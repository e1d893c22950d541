// Timers for injected latency and withheld answers, cancelled together when the emulator closes so
// close() never waits for a 60-second hold.
export class Delays {
  private readonly pending = new Set<NodeJS.Timeout>();
  private closed = false;

  /** Resolves after `ms`; never resolves if the emulator closes first (its socket is gone by then). */
  wait(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return this.closed ? new Promise(() => {}) : Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.add(timer);
    });
  }

  cancelAll(): void {
    this.closed = true;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
