/**
 * A deterministic scheduler for asynchronous code: every point where the engine may start a provider call,
 * and every cloud call, waits here until the scheduler lets exactly one of them go on. Which one goes
 * next is a decision; a run is the sequence of its decisions, so every interleaving of a command can be
 * replayed and enumerated.
 */
export class Scheduler {
  private readonly pending: { label: string; release: () => void }[] = [];
  /** The decisions of this run, and how many choices each one had. */
  readonly decisions: { chosen: number; options: number }[] = [];
  /** The labels released, in order: the interleaving as people read it. */
  readonly trace: string[] = [];

  /** `choose(options)` picks the index of the waiting point to release next. */
  constructor(private readonly choose: (decision: number, options: number) => number) {}

  /** Waits until the scheduler picks this point. */
  wait(label: string): Promise<void> {
    return new Promise((release) => this.pending.push({ label, release }));
  }

  /** Runs `work` to completion, releasing one waiting point at a time. */
  async run(work: Promise<unknown>): Promise<void> {
    let done = false;
    let failure: unknown;
    work.then(
      () => (done = true),
      (error) => {
        done = true;
        failure = error;
      },
    );
    for (;;) {
      // Everything runnable runs until it waits again or ends: one macrotask drains every microtask.
      await new Promise((resolve) => setImmediate(resolve));
      if (failure !== undefined) throw failure;
      if (this.pending.length === 0) {
        if (done) return;
        throw new Error(
          `deadlock: nothing waits, yet the command has not ended (after ${this.trace.join(", ")})`,
        );
      }
      // Waiting points in a canonical order, so that a replayed decision picks the same point.
      this.pending.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
      const chosen = this.choose(this.decisions.length, this.pending.length);
      this.decisions.push({ chosen, options: this.pending.length });
      const [next] = this.pending.splice(chosen, 1);
      this.trace.push(next.label);
      next.release();
    }
  }
}

/**
 * Every run of a command, depth first: each run replays the decisions of the previous one up to its last
 * decision that has an untried choice, and takes that choice. Stops after `budget` runs; `complete` says
 * whether every interleaving was run.
 */
export async function enumerateRuns(
  budget: number,
  runOnce: (scheduler: Scheduler) => Promise<void>,
): Promise<{ runs: number; complete: boolean }> {
  let prefix: number[] = [];
  for (let runs = 1; ; runs++) {
    const scheduler = new Scheduler((i) => (i < prefix.length ? prefix[i] : 0));
    await runOnce(scheduler);
    const { decisions } = scheduler;
    let last = decisions.length - 1;
    while (last >= 0 && decisions[last].chosen + 1 >= decisions[last].options) last--;
    if (last < 0) return { runs, complete: true };
    if (runs >= budget) return { runs, complete: false };
    prefix = [...decisions.slice(0, last).map((d) => d.chosen), decisions[last].chosen + 1];
  }
}
