// Remembers Alibaba SignatureNonces per AccessKey for the replay window, so a replayed request is refused.
export class NonceCache {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Records the nonce; false when it was already used within the window. */
  remember(accessKeyId: string, nonce: string): boolean {
    const t = this.now();
    this.evictOlderThan(t - this.windowMs);
    const key = `${accessKeyId}\n${nonce}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, t);
    return true;
  }

  clear(): void {
    this.seen.clear();
  }

  // Insertion order is time order (the clock only moves forward), so eviction stops at the first fresh entry.
  private evictOlderThan(limit: number): void {
    for (const [key, at] of this.seen) {
      if (at > limit) break;
      this.seen.delete(key);
    }
  }
}
