// Per-key token buckets: the shape of ENS's per-account flow control (a burst of `capacity`, then `ratePerSecond`).
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly ratePerSecond: number,
    private readonly now: () => number,
  ) {}

  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string): boolean {
    const t = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: t };
    const refilled = Math.min(
      this.capacity,
      bucket.tokens + (Math.max(0, t - bucket.at) / 1000) * this.ratePerSecond,
    );
    const allowed = refilled >= 1;
    this.buckets.set(key, { tokens: allowed ? refilled - 1 : refilled, at: t });
    return allowed;
  }

  clear(): void {
    this.buckets.clear();
  }
}
