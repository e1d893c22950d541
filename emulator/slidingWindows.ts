/**
 * Per-key call counts over a sliding window: a call is admitted only if fewer than `calls` calls of the same
 * key arrived in the `windowMs` before it (that window's start excluded). The clouds publish quotas as
 * "N calls per window" without saying how the window moves; a window that slides with every call is the
 * least forgiving reading, since it also catches N calls straddling the edge of any fixed window.
 * Refused calls count too (no vendor says they do not): a client that keeps retrying into a full window
 * keeps it full.
 */
export class SlidingWindows {
  private readonly arrivals = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  /** Records a call of `key`; false when it exceeds `calls` per `windowMs`. */
  admit(key: string, calls: number, windowMs: number): boolean {
    const t = this.now();
    const recent = (this.arrivals.get(key) ?? []).filter((at) => at > t - windowMs);
    const admitted = recent.length < calls;
    recent.push(t);
    this.arrivals.set(key, recent);
    return admitted;
  }

  clear(): void {
    this.arrivals.clear();
  }
}
