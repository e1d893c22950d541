/**
 * Client-side pacing for a cloud's rate quota of the form "at most `calls` calls in any `windowMs`".
 *
 * The clouds count calls per window of a fixed length; the least forgiving way to count, and the one
 * assumed here, is a sliding window: no span of `windowMs` may hold more than `calls` requests, wherever
 * it starts. A token bucket does not respect that (a full bucket plus its refill within one window lets
 * `burst + rate` calls through), so the pacer orders starts directly: call k may start one window after
 * call k − calls was answered. The server counted that call before answering it, so no window as the
 * server measures it holds more than the quota, whatever the latency or jitter on the way.
 *
 * When the server throttles anyway (another tool uses the same account), the pacer uses a share of the
 * quota that follows CUBIC, the idea behind the AWS SDKs' adaptive retry mode: cut to `BETA` of the
 * share in use at the throttle, then grow back along a cubic curve that is flat near the old share and
 * returns to the full quota about one window later if no throttle comes back.
 */
import { type Clock, realClock } from "./clock";
import type { Quota } from "./quota";

/** The share kept after a throttle (CUBIC's multiplicative decrease, as in TCP CUBIC and AWS's SDKs). */
export const BETA = 0.7;
/**
 * CUBIC's scale, in shares per window cubed. With 0.4 the share climbs from 0.7 back to the share of the
 * throttle in cbrt(0.3 / 0.4) ≈ 0.91 windows: one window of caution per throttle.
 */
const SCALE = 0.4;

/**
 * Windows are spaced from the moment the earlier call's answer arrived, which is never before the server
 * counted that call; this much more covers clocks that read whole milliseconds on both sides.
 */
export const MARGIN_MS = 5;

/** A call's place in its window: when it started, and how to report its end. */
export interface Ticket {
  startAt: number;
  /** Must be called once the answer (or the failure) is in; `throttled` when the server refused it. */
  done(throttled: boolean): void;
}

/** The calls of the same scope made before this pacer existed (by earlier processes), and where to tell. */
export interface PacerHistory {
  /** Their answer times, oldest first. */
  earlier: readonly number[];
  record(answeredAt: number): void;
}

const NO_HISTORY: PacerHistory = { earlier: [], record: () => {} };

interface Entry {
  /** Resolves with the time the call's answer arrived. */
  answered: Promise<number>;
}

export class WindowPacer {
  /** The last `quota.calls` calls, oldest first: only they can decide when the next call may start. */
  private readonly recent: Entry[] = [];
  /** Callers are served one after another, in the order they asked. */
  private queue: Promise<unknown> = Promise.resolve();
  /** CUBIC state: share before the last throttle and when that throttle was taken into account. */
  private shareAtThrottle = 1;
  private throttledAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly quota: Quota,
    private readonly clock: Clock = realClock,
    private readonly history: PacerHistory = NO_HISTORY,
  ) {
    // Calls other processes had answered count in this process's windows as if they were its own.
    for (const at of history.earlier.slice(-quota.calls)) this.recent.push({ answered: Promise.resolve(at) });
  }

  /** The share of the quota in use at `now`: 1 unless a throttle was seen recently. */
  share(now = this.clock.now()): number {
    if (this.throttledAt === Number.NEGATIVE_INFINITY) return 1;
    const t = (now - this.throttledAt) / this.quota.windowMs;
    const k = Math.cbrt((this.shareAtThrottle * (1 - BETA)) / SCALE);
    return Math.min(1, Math.max(this.minShare(), SCALE * (t - k) ** 3 + this.shareAtThrottle));
  }

  /** Calls allowed per window at `now`: the quota times the share, at least one. */
  callsPerWindow(now = this.clock.now()): number {
    return Math.max(1, Math.floor(this.quota.calls * this.share(now) + 1e-9));
  }

  /**
   * Resolves when one call may start: when the call `callsPerWindow` places back has been answered for
   * a whole window. The server counted that call before it answered, and will count this one after it is
   * sent, so no window as the server measures it can hold more than the quota, whatever the latency or
   * jitter in between. With every call answered promptly this is the fastest schedule the quota allows.
   */
  acquire(): Promise<Ticket> {
    const turn = this.queue.then(() => this.take());
    this.queue = turn;
    return turn;
  }

  /** Waits for the next start, then books it: the next caller's turn begins only after this. */
  private async take(): Promise<Ticket> {
    const startAt = await this.nextStart();
    let answer: (at: number) => void = () => {};
    this.recent.push({ answered: new Promise<number>((resolve) => (answer = resolve)) });
    if (this.recent.length > this.quota.calls) this.recent.shift();
    return {
      startAt,
      done: (throttled) => {
        const at = this.clock.now();
        answer(at);
        this.history.record(at);
        if (throttled) this.throttled(startAt);
      },
    };
  }

  private async nextStart(): Promise<number> {
    for (;;) {
      const limit = this.callsPerWindow();
      if (this.recent.length < limit) return this.clock.now();
      const answeredAt = await this.recent[this.recent.length - limit].answered;
      const wait = answeredAt + this.quota.windowMs + MARGIN_MS - this.clock.now();
      if (wait <= 0) return this.clock.now();
      // The share may change while waiting (a throttle): the loop looks again with the limit then.
      await this.clock.sleep(wait);
    }
  }

  /**
   * The server refused a call started at `startAt` for flow control. Only the first refusal of a burst
   * cuts the share: calls that started before the last cut were paced at the old share.
   */
  private throttled(startAt: number): void {
    if (startAt < this.throttledAt) return;
    const now = this.clock.now();
    this.shareAtThrottle = this.share(now);
    this.throttledAt = now;
  }

  /** Below one call per window the quota cannot go. */
  private minShare(): number {
    return 1 / this.quota.calls;
  }
}
