// What happens to an authenticated request: injected faults, the action itself, the call-log entry and
// the answer. Rejections decided before faults (auth, flow control) go through `answer` directly.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CallLog } from "./callLog";
import type { Delays } from "./delays";
import type { FaultInjector } from "./faults";
import { sendJson } from "./httpIo";
import type { Cloud, FaultKind } from "./types";

export interface Outcome {
  status: number;
  body: Record<string, unknown>;
  /** The cloud's error code, for the call log. */
  code?: string;
  headers?: Record<string, string>;
}

export interface CallContext {
  seq: number;
  startedAt: number;
  cloud: Cloud;
  action: string;
  requestId: string;
  accessKeyId?: string;
  params: Record<string, unknown>;
}

/** A fault that acts between an asynchronous write and its completion, for the action to enact. */
export interface JobFault {
  fails: boolean;
  extraMs: number;
}

const NO_JOB_FAULT: JobFault = { fails: false, extraMs: 0 };

export interface FaultAnswers {
  throttle(): Outcome;
  serverError(): Outcome;
}

export class Pipeline {
  constructor(
    private readonly faults: FaultInjector,
    private readonly log: CallLog,
    private readonly delays: Delays,
  ) {}

  /** Logs and sends an outcome decided without consulting faults. */
  answer(ctx: CallContext, res: ServerResponse, outcome: Outcome): void {
    this.record(ctx, outcome.status, outcome.code);
    sendJson(res, outcome.status, outcome.body, outcome.headers);
  }

  async run(
    ctx: CallContext,
    req: IncomingMessage,
    res: ServerResponse,
    execute: (jobFault: JobFault) => Outcome,
    faultAnswers: FaultAnswers,
  ): Promise<void> {
    const decision = this.faults.decide(ctx.cloud, ctx.action);
    await this.delays.wait(decision.delayMs);
    const effect = decision.effect;
    if (!effect || effect.kind === "job-fails" || effect.kind === "slow-job") {
      const jobFault = !effect
        ? NO_JOB_FAULT
        : { fails: effect.kind === "job-fails", extraMs: effect.kind === "slow-job" ? effect.holdMs : 0 };
      const outcome = execute(jobFault);
      this.record(ctx, outcome.status, outcome.code, decision.recorded);
      sendJson(res, outcome.status, outcome.body, outcome.headers);
      return;
    }
    switch (effect.kind) {
      case "throttle":
      case "server-error": {
        const outcome = effect.kind === "throttle" ? faultAnswers.throttle() : faultAnswers.serverError();
        this.record(ctx, outcome.status, outcome.code, effect.kind);
        sendJson(res, outcome.status, outcome.body, outcome.headers);
        return;
      }
      case "drop":
        this.record(ctx, 0, undefined, effect.kind);
        req.socket.destroy();
        return;
      case "drop-after-apply": {
        const outcome = execute(NO_JOB_FAULT);
        this.record(ctx, 0, outcome.code, effect.kind);
        req.socket.destroy();
        return;
      }
      case "timeout-after-apply": {
        const outcome = execute(NO_JOB_FAULT);
        this.record(ctx, outcome.status, outcome.code, effect.kind);
        await this.delays.wait(effect.holdMs);
        sendJson(res, outcome.status, outcome.body, outcome.headers);
        return;
      }
    }
  }

  private record(ctx: CallContext, httpStatus: number, code: string | undefined, fault?: FaultKind): void {
    this.log.append({
      seq: ctx.seq,
      cloud: ctx.cloud,
      action: ctx.action,
      ...(ctx.accessKeyId !== undefined ? { accessKeyId: ctx.accessKeyId } : {}),
      params: ctx.params,
      httpStatus,
      ...(code !== undefined ? { code } : {}),
      requestId: ctx.requestId,
      ...(fault !== undefined ? { fault } : {}),
      startedAt: ctx.startedAt,
    });
  }
}
