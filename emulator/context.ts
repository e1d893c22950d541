// Everything a request handler needs, created once per emulator and emptied together by reset().
import { AccessKeyLock } from "./accessKeyLock";
import { RPC_WINDOW_MS } from "./alibabaAuth";
import { CallLog } from "./callLog";
import { Delays } from "./delays";
import { FaultInjector } from "./faults";
import { LOCK_AFTER_FAILURES, LOCK_MS } from "./huaweiAuth";
import { NonceCache } from "./nonceCache";
import { Pipeline } from "./pipeline";
import { EmulatorState } from "./state";
import { DOCUMENTED_QUOTAS, type QuotaName, type RateQuota } from "./rateQuotas";
import { SlidingWindows } from "./slidingWindows";

export class EmulatorContext {
  readonly state: EmulatorState;
  readonly faults: FaultInjector;
  readonly log = new CallLog();
  readonly delays = new Delays();
  readonly pipeline: Pipeline;
  readonly nonces: NonceCache;
  readonly windows: SlidingWindows;
  readonly quotas: Record<QuotaName, RateQuota>;
  readonly akLock: AccessKeyLock;
  private serverErrors = 0;

  constructor(
    readonly now: () => number,
    random: () => number,
    quotas: Partial<Record<QuotaName, RateQuota>> = {},
  ) {
    this.state = new EmulatorState(now);
    this.faults = new FaultInjector(random);
    this.pipeline = new Pipeline(this.faults, this.log, this.delays);
    this.nonces = new NonceCache(RPC_WINDOW_MS, now);
    this.windows = new SlidingWindows(now);
    this.quotas = { ...DOCUMENTED_QUOTAS, ...quotas };
    this.akLock = new AccessKeyLock(LOCK_AFTER_FAILURES, LOCK_MS, now);
  }

  /** Injected Alibaba server errors alternate between 500 InternalError and 503 ServiceUnavailable. */
  nextServerErrorIsUnavailable(): boolean {
    return this.serverErrors++ % 2 === 1;
  }

  reset(): void {
    this.state.reset();
    this.faults.clear();
    this.log.reset();
    this.nonces.clear();
    this.windows.clear();
    this.akLock.clear();
    this.serverErrors = 0;
  }
}
