// Huawei API Gateway locks an AccessKey after repeated signature failures; this tracks the count and locks.
export class AccessKeyLock {
  private readonly failures = new Map<string, number>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(
    private readonly maxConsecutiveFailures: number,
    private readonly lockMs: number,
    private readonly now: () => number,
  ) {}

  isLocked(accessKey: string): boolean {
    const until = this.lockedUntil.get(accessKey);
    if (until === undefined) return false;
    if (this.now() < until) return true;
    this.lockedUntil.delete(accessKey);
    return false;
  }

  recordFailure(accessKey: string): void {
    const count = (this.failures.get(accessKey) ?? 0) + 1;
    if (count >= this.maxConsecutiveFailures) {
      this.failures.delete(accessKey);
      this.lockedUntil.set(accessKey, this.now() + this.lockMs);
    } else {
      this.failures.set(accessKey, count);
    }
  }

  recordSuccess(accessKey: string): void {
    this.failures.delete(accessKey);
  }

  clear(): void {
    this.failures.clear();
    this.lockedUntil.clear();
  }
}
