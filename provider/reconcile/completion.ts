import { randomUUID } from "node:crypto";
import { CloudError } from "./cloudError";
import type { CompletionTiming, Job, MemberApi, SyncMemberApi, WriteKind, WriteOptions } from "./memberApi";
import { anyButPermanent, type RetryBudget } from "./retry";

export interface CompletionOptions {
  budget: RetryBudget;
  log: (line: string) => void;
}

/** After this long a running job is reported, and every minute after that. */
const REPORT_AFTER_MS = 10_000;
const REPORT_EVERY_MS = 60_000;
/**
 * Reads of a job are spaced by `pollMs`, or by this share of the time it has run when that is longer, up to
 * MAX_POLL_MS: a job is then seen done within this share of its own duration (plus one read), whatever it
 * takes, in a number of reads that grows with the logarithm of its duration, not with it.
 */
const POLL_GROWTH = 0.1;
const MAX_POLL_MS = 5_000;

const isJob = (result: unknown): result is Job =>
  typeof result === "object" && result !== null && !Array.isArray(result) && "done" in result;

/**
 * Asynchronous writes as the executor sees them: a write counts as done when the cloud says so, not when
 * its call returns. The one piece every asynchronous API (ALB, NLB) goes through, so none of them has a
 * waiting loop of its own:
 *
 * - each batch gets one idempotency token, carried by every attempt at it: a write whose answer was lost
 *   (a time-out, a dropped connection) is sent again as it was, and the cloud answers it with the first
 *   attempt's job instead of applying it twice. So an uncertain write of such an API is retried in place,
 *   like a transient one, with no re-read;
 * - the job is then read until it is done, every `pollMs` and, for a long job, every tenth of the time it
 *   has run (every read goes through the API's read quota pacing, shared with every other resource of the
 *   account); a failed job is the cloud's refusal of the
 *   write; a job still running after `timeoutMs` is reported as an uncertain write, so the executor owns
 *   its members as perhaps attached and reads them again: the cloud's view decides what remains, as after
 *   a crash between a call and its completion;
 * - a busy target (a write of someone else's still running: `IncorrectStatus.ServerGroup`,
 *   `Conflict.Lock`) is a transient refusal in each API's error table, waited out by the retries.
 *
 * An API without `completion` passes through unchanged.
 */
export function settledWrites<M>(api: MemberApi<M>, options: CompletionOptions): SyncMemberApi<M> {
  const timing = api.completion;
  const write = async <R>(
    kind: WriteKind,
    call: (write?: WriteOptions) => Promise<R | Job>,
  ): Promise<R | undefined> => {
    if (!timing) {
      const result = await call();
      if (isJob(result))
        throw new TypeError(`${api.actions[kind]} returned a job, but the API sets no completion`);
      return result;
    }
    const clientToken = randomUUID();
    const result = await options.budget.run(
      () => call({ clientToken }),
      (e) => e.retry === "transient" || e.retry === "uncertain",
    );
    if (!isJob(result)) throw new TypeError(`${api.actions[kind]} of an asynchronous API returned no job`);
    await awaitJob(api.actions[kind], api.target, result, timing, options);
    return undefined;
  };
  return {
    ...api,
    add: async (batch) => (await write("add", (w) => api.add(batch, w))) ?? [...batch],
    update: async (batch) => {
      await write("update", (w) => api.update(batch, w));
    },
    remove: async (batch) => {
      await write("remove", (w) => api.remove(batch, w));
    },
  };
}

/** Reads the job until the cloud reports it done; renews the retry budget after the wait. */
async function awaitJob(
  action: string,
  target: string,
  job: Job,
  timing: CompletionTiming,
  { budget, log }: CompletionOptions,
): Promise<void> {
  const { clock } = budget;
  const started = clock.now();
  let reportAt = started + REPORT_AFTER_MS;
  for (;;) {
    const ran = clock.now() - started;
    await clock.sleep(Math.max(timing.pollMs, Math.min(MAX_POLL_MS, Math.round(POLL_GROWTH * ran))));
    if (await budget.run(() => job.done(), anyButPermanent)) {
      // The wait was the cloud's: the retries that follow are owed a deadline of their own.
      budget.renew();
      return;
    }
    const waited = clock.now() - started;
    if (waited >= timing.timeoutMs) {
      throw new CloudError({
        action,
        target,
        code: "CompletionTimeout",
        message:
          `${job.id} still running after ${waited < 10_000 ? `${waited} ms` : `${Math.round(waited / 1000)} s`} ` +
          `(BACKEND_SERVERS_COMPLETION_TIMEOUT_MS); the members are read again before anything more is sent`,
        retry: "uncertain",
      });
    }
    if (clock.now() >= reportAt) {
      log(`${action} ${target}: waiting for ${job.id}, running for ${Math.round(waited / 1000)} s`);
      reportAt = clock.now() + REPORT_EVERY_MS;
    }
  }
}
