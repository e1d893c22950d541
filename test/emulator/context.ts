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
import { TokenBuckets } from "./tokenBucket";

/** ENS: "up to 10 times per second per account" (seed 000). */
const ENS_ACCOUNT_CALLS_PER_SECOND = 10;

export class EmulatorContext {
  readonly state: EmulatorState;
  readonly faults: FaultInjector;
  readonly log = new CallLog();
  readonly delays = new Delays();
  readonly pipeline: Pipeline;
  readonly nonces: NonceCache;
  readonly ensBuckets: TokenBuckets;
  readonly akLock: AccessKeyLock;
  private serverErrors = 0;

  constructor(
    readonly now: () => number,
    random: () => number,
  ) {
    this.state = new EmulatorState(now);
    this.faults = new FaultInjector(random);
    this.pipeline = new Pipeline(this.faults, this.log, this.delays);
    this.nonces = new NonceCache(RPC_WINDOW_MS, now);
    this.ensBuckets = new TokenBuckets(ENS_ACCOUNT_CALLS_PER_SECOND, ENS_ACCOUNT_CALLS_PER_SECOND, now);
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
    this.ensBuckets.clear();
    this.akLock.clear();
    this.serverErrors = 0;
  }
}
