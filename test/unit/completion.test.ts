/**
 * Asynchronous writes through the executor (provider/reconcile/completion.ts): an in-memory server group
 * whose writes are accepted at once and applied by a job that ends some polls later, on an injected clock.
 * What must hold whatever the cloud: a write counts as done when its job is, one ClientToken per batch
 * whatever the retries, a failed job reported as the cloud's refusal, a job that runs too long given up
 * on and the members read again, a busy group waited out, and per-kind batch sizes.
 */
import { describe, expect, it } from "vitest";
import type { Clock } from "../../provider/reconcile/clock";
import { CloudError, type Retryability } from "../../provider/reconcile/cloudError";
import type { Job, MemberApi, WriteKind, WriteOptions } from "../../provider/reconcile/memberApi";
import { reconcile } from "../../provider/reconcile/reconcile";
import { RetryBudget } from "../../provider/reconcile/retry";
import { type SimpleMember, simpleModel } from "./fakes/memoryCloud";

const POLL_MS = 100;

class FakeClock implements Clock {
  at = 1_000_000;
  readonly sleeps: number[] = [];
  now = () => this.at;
  sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.at += ms;
  };
}

interface RunningJob {
  id: string;
  kind: WriteKind;
  /** Reads of its status left before it ends. */
  polls: number;
  fails: boolean;
  apply(): void;
}

type Script = { kind: WriteKind; retry: Retryability; afterApply?: boolean; code?: string };

/** A server group whose writes are jobs: refused as busy while one runs, idempotent by ClientToken. */
class JobCloud implements MemberApi<SimpleMember> {
  readonly target = "server group sgp-fake";
  readonly actions = { add: "Add", update: "Update", remove: "Remove" };
  readonly members = new Map<string, SimpleMember>();
  readonly completion = { pollMs: POLL_MS, timeoutMs: 1_000 };
  /** Every call: writes with their token and size, job reads, lists. */
  readonly log: string[] = [];
  running?: RunningJob;
  /** Polls each new job takes, and whether it fails. */
  pollsPerJob = 2;
  failNextJob = false;
  /** Someone else's job holds the group for this many write attempts. */
  busyFor = 0;
  private scripts: Script[] = [];
  private readonly tokens = new Map<string, RunningJob>();
  private nextJob = 1;

  constructor(
    readonly batchSize = 3,
    readonly batchSizes?: Partial<Record<WriteKind, number>>,
  ) {}

  script(script: Script): void {
    this.scripts.push(script);
  }

  async list(): Promise<SimpleMember[]> {
    this.log.push("list");
    return [...this.members.values()].map((m) => ({ ...m }));
  }

  add(batch: readonly SimpleMember[], write?: WriteOptions): Promise<Job> {
    return this.write("add", batch, write, () => {
      for (const m of batch) this.members.set(m.id, { ...m });
    });
  }

  update(batch: readonly { desired: SimpleMember }[], write?: WriteOptions): Promise<Job> {
    return this.write(
      "update",
      batch.map((u) => u.desired),
      write,
      () => {
        for (const u of batch) this.members.set(u.desired.id, { ...u.desired });
      },
    );
  }

  remove(batch: readonly SimpleMember[], write?: WriteOptions): Promise<Job> {
    return this.write("remove", batch, write, () => {
      for (const m of batch) this.members.delete(m.id);
    });
  }

  private async write(
    kind: WriteKind,
    batch: readonly SimpleMember[],
    write: WriteOptions | undefined,
    apply: () => void,
  ): Promise<Job> {
    const token = write?.clientToken ?? "none";
    this.log.push(`${kind} ${batch.map((m) => m.id).join(",")} token=${token}`);
    const known = this.tokens.get(token);
    if (known) return this.jobOf(known);
    if (this.running || this.busyFor > 0) {
      this.busyFor = Math.max(0, this.busyFor - 1);
      throw this.error(kind, "transient", "IncorrectStatus.ServerGroup");
    }
    const script = this.scripts.find((s) => s.kind === kind);
    if (script) this.scripts.splice(this.scripts.indexOf(script), 1);
    if (script && !script.afterApply) throw this.error(kind, script.retry, script.code);
    const job: RunningJob = {
      id: `job-${this.nextJob++}`,
      kind,
      polls: this.pollsPerJob,
      fails: this.failNextJob,
      apply,
    };
    this.failNextJob = false;
    this.running = job;
    this.tokens.set(token, job);
    if (script?.afterApply) throw this.error(kind, script.retry, script.code);
    return this.jobOf(job);
  }

  private jobOf(job: RunningJob): Job {
    return {
      id: job.id,
      done: async () => {
        this.log.push(`poll ${job.id}`);
        if (this.running !== job) return true;
        if (--job.polls > 0) return false;
        this.running = undefined;
        if (job.fails) throw this.error(job.kind, "permanent", "JobFailed");
        job.apply();
        return true;
      },
    };
  }

  private error(kind: WriteKind, retry: Retryability, code = "Scripted"): CloudError {
    return new CloudError({
      action: this.actions[kind],
      target: this.target,
      code,
      message: `scripted ${retry} failure`,
      requestId: "REQ-1",
      retry,
    });
  }
}

const members = (...ids: string[]): SimpleMember[] => ids.map((id) => ({ id, weight: 1 }));
const run = (
  cloud: JobCloud,
  desired: SimpleMember[],
  clock = new FakeClock(),
  previouslyManaged = desired,
) => {
  const log: string[] = [];
  const outcome = reconcile(
    simpleModel,
    cloud,
    { desired, previouslyManaged, exclusive: false },
    {
      budget: new RetryBudget({ baseDelayMs: 10, maxDelayMs: 20, deadlineMs: 60_000 }, clock),
      log: (line) => log.push(line),
    },
  );
  return { outcome, log, clock };
};
const writes = (cloud: JobCloud) => cloud.log.filter((l) => /^(add|update|remove) /.test(l));

describe("asynchronous writes through the executor", () => {
  it("counts a write as done when its job is, and sends the next one only then", async () => {
    const cloud = new JobCloud(3);
    const clock = new FakeClock();
    const { outcome } = run(cloud, members("a", "b", "c", "d"), clock, []);
    await expect(outcome).resolves.toEqual({ managed: members("a", "b", "c", "d") });
    // Two batches, each read twice by its job: the second write after the first job ended.
    expect(cloud.log.map((l) => l.replace(/ token=.*/, ""))).toEqual([
      "list",
      "add a,b,c",
      "poll job-1",
      "poll job-1",
      "add d",
      "poll job-2",
      "poll job-2",
    ]);
    // Every read of a job after a wait of pollMs on the injected clock; no busy refusal.
    expect(clock.sleeps).toEqual([POLL_MS, POLL_MS, POLL_MS, POLL_MS]);
    expect([...cloud.members.keys()]).toEqual(["a", "b", "c", "d"]);
  });

  it("gives each batch one ClientToken, sent again as it was when the answer is lost: applied once, no re-read", async () => {
    const cloud = new JobCloud(3);
    cloud.script({ kind: "add", retry: "uncertain", afterApply: true });
    const { outcome } = await run(cloud, members("a", "b", "c", "d"), undefined, []);
    await expect(outcome).resolves.toEqual({ managed: members("a", "b", "c", "d") });
    const sent = writes(cloud);
    const token = (line: string) => line.split("token=")[1];
    expect(sent.map((l) => l.replace(/ token=.*/, ""))).toEqual(["add a,b,c", "add a,b,c", "add d"]);
    expect(token(sent[1])).toBe(token(sent[0]));
    expect(token(sent[2])).not.toBe(token(sent[0]));
    // The repeated write was answered with the first job: one job, read to its end, and one list only.
    expect(cloud.log.filter((l) => l === "list")).toHaveLength(1);
    expect(cloud.log.filter((l) => l.startsWith("poll job-1"))).toHaveLength(2);
  });

  it("waits out a busy group (someone else's job) as a transient refusal, with the same token", async () => {
    const cloud = new JobCloud(3);
    cloud.busyFor = 2;
    const { outcome } = run(cloud, members("a"), undefined, []);
    await expect(outcome).resolves.toEqual({ managed: members("a") });
    const sent = writes(cloud);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((l) => l.split("token=")[1])).size).toBe(1);
  });

  it("reports a failed job as the cloud's refusal of the write, with its code; nothing is recorded for it", async () => {
    const cloud = new JobCloud(3);
    cloud.members.set("x", { id: "x", weight: 1 });
    cloud.failNextJob = true;
    const { outcome } = run(cloud, members("a", "x"), undefined, members("x"));
    const error = await outcome.catch((e) => e);
    expect(error.name).toBe("ReconcileFailure");
    expect(error.message).toBe(
      "Add on server group sgp-fake failed: JobFailed: scripted permanent failure (RequestId: REQ-1)",
    );
    expect(error.managed).toEqual(members("x"));
    expect([...cloud.members.keys()]).toEqual(["x"]);
  });

  it("gives up on a job past the timeout: its members are owned as perhaps attached, and read again", async () => {
    const cloud = new JobCloud(3);
    // Reads 100 ms apart, past the 1 s timeout after ten.
    cloud.pollsPerJob = 1_000;
    const clock = new FakeClock();
    const { outcome } = run(cloud, members("a"), clock, []);
    const settled = outcome.then(
      (o) => o,
      (e) => e,
    );
    // The job ends while the executor backs off; the re-read finds the member attached.
    const original = clock.sleep;
    clock.sleep = async (ms) => {
      // The executor's backoff (5 to 20 ms), not a wait for the job.
      if (ms < POLL_MS && cloud.running) {
        cloud.running.apply();
        cloud.running = undefined;
      }
      return original(ms);
    };
    expect(await settled).toEqual({ managed: members("a") });
    expect(writes(cloud)).toHaveLength(1);
    expect(cloud.log.filter((l) => l === "list")).toHaveLength(2);
    expect(cloud.log.filter((l) => l.startsWith("poll"))).toHaveLength(10);
  });

  it("reads a long job every pollMs, then every tenth of the time it has run, at most every 5 s", async () => {
    const cloud = new JobCloud(3);
    (cloud as { completion: { pollMs: number; timeoutMs: number } }).completion = {
      pollMs: POLL_MS,
      timeoutMs: 3_600_000,
    };
    cloud.pollsPerJob = 60;
    const clock = new FakeClock();
    await run(cloud, members("a"), clock, []).outcome;
    const waits = clock.sleeps;
    expect(waits).toHaveLength(60);
    let ran = 0;
    for (const wait of waits) {
      expect(wait).toBe(Math.max(POLL_MS, Math.min(5_000, Math.round(0.1 * ran))));
      ran += wait;
    }
    // Sixty reads cover a job of over a minute: their number grows with the logarithm of its duration.
    expect(ran).toBeGreaterThan(60_000);
    expect(Math.max(...waits)).toBe(5_000);
  });

  it("chunks each kind of write by its own batch size (ALB's update: 40 where add and remove take 200)", async () => {
    const cloud = new JobCloud(3, { update: 2 });
    for (const m of members("a", "b", "c", "d", "e")) cloud.members.set(m.id, m);
    const desired = members("a", "b", "c", "d", "e").map((m) => ({ ...m, weight: 9 }));
    const { outcome } = run(cloud, desired);
    await outcome;
    expect(writes(cloud).map((l) => l.replace(/ token=.*/, ""))).toEqual([
      "update a,b",
      "update c,d",
      "update e",
    ]);
  });

  it("leaves a synchronous API alone: no token, no job read", async () => {
    const added: unknown[] = [];
    const api: MemberApi<SimpleMember> = {
      target: "load balancer lb-sync",
      batchSize: 20,
      actions: { add: "Add", update: "Update", remove: "Remove" },
      list: async () => [],
      add: async (batch, write) => {
        added.push(write);
        return [...batch];
      },
      update: async () => {},
      remove: async () => {},
    };
    const clock = new FakeClock();
    await reconcile(
      simpleModel,
      api,
      { desired: members("a"), previouslyManaged: [], exclusive: false },
      { budget: new RetryBudget({ baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 100 }, clock), log: () => {} },
    );
    expect(added).toEqual([undefined]);
    expect(clock.sleeps).toEqual([]);
  });
});
