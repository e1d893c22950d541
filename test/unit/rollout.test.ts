import { describe, expect, it } from "vitest";
import { checkRollout, readRollout, removalLimit } from "../../provider/core/rollout";
import { UNKNOWN } from "../../provider/core/unknown";
import { ReconcileFailure, reconcile } from "../../provider/reconcile/reconcile";
import { RetryBudget } from "../../provider/reconcile/retry";
import {
  HealthGateTimeout,
  NO_PROGRESS,
  RemovalRefused,
  type RolloutProgress,
  RolloutRun,
} from "../../provider/reconcile/rollout";
import { FakeClock, HealthyCloud } from "./fakes/healthyCloud";
import { type SimpleMember, simpleModel } from "./fakes/memoryCloud";

const members = (ids: string[], weight = 10) => ids.map((id) => ({ id, weight }));
const budget = () =>
  new RetryBudget(
    { baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 60_000 },
    {
      now: Date.now,
      sleep: async () => {},
    },
  );

function run(
  cloud: HealthyCloud,
  clock: FakeClock,
  rollout: unknown,
  desired: SimpleMember[],
  previous: SimpleMember[],
  recorded: RolloutProgress = NO_PROGRESS,
  { pollMs = 1000, lines = [] as string[] } = {},
) {
  const rolloutRun = new RolloutRun(simpleModel, cloud, readRollout(rollout)!, desired, previous, recorded, {
    clock,
    pollMs,
    log: (line) => lines.push(line),
  });
  const done = reconcile(
    simpleModel,
    cloud,
    { desired, previouslyManaged: previous, exclusive: false },
    { budget: budget(), log: () => {}, rollout: rolloutRun },
  );
  return { done, rolloutRun };
}

describe("health gate", () => {
  it("adds, waits until the added members are healthy, then removes", async () => {
    const clock = new FakeClock();
    const blue = members(["a", "b"]);
    const cloud = new HealthyCloud(clock, 9_000, blue);
    const { done, rolloutRun } = run(
      cloud,
      clock,
      { healthGate: { timeoutSeconds: 60 } },
      members(["c", "d"]),
      blue,
    );
    await done;
    expect(cloud.writes().map((c) => `${c.kind} ${c.ids.join(",")}`)).toEqual(["add c,d", "remove a,b"]);
    expect(clock.t - 1_000_000).toBe(9_000);
    expect(cloud.healthReads).toBe(10);
    expect(cloud.minSizeAfterFirstWrite).toBe(2);
    expect(rolloutRun.progress()).toEqual(NO_PROGRESS);
  });

  it("on timeout removes nothing, keeps old and new attached, and records what is still gated", async () => {
    const clock = new FakeClock();
    const blue = members(["a", "b"]);
    const cloud = new HealthyCloud(clock, 1_000, blue);
    cloud.never.add("d");
    const { done, rolloutRun } = run(
      cloud,
      clock,
      { healthGate: { timeoutSeconds: 30 } },
      members(["c", "d"]),
      blue,
    );
    const failure = (await done.catch((e: unknown) => e)) as ReconcileFailure<SimpleMember>;
    expect(failure).toBeInstanceOf(ReconcileFailure);
    expect(failure.cause).toBeInstanceOf(HealthGateTimeout);
    expect(failure.message).toBe(
      "health gate load balancer lb-memory: after 30 s, 1 of 2 added members are healthy and 2 are needed; " +
        "not healthy: d unhealthy (OFFLINE). Nothing was removed: the old and the new members all stay attached. " +
        "Run pulumi up again to keep waiting",
    );
    expect(clock.t - 1_000_000).toBe(30_000);
    expect([...cloud.members.keys()].sort()).toEqual(["a", "b", "c", "d"]);
    expect(failure.managed.map((m) => m.id).sort()).toEqual(["a", "b", "c", "d"]);
    expect(rolloutRun.progress()).toEqual({ gating: ["c", "d"], draining: {} });

    // The next run adds nothing, waits for the recorded members, then removes.
    cloud.never.clear();
    const next = run(
      cloud,
      clock,
      { healthGate: { timeoutSeconds: 30 } },
      members(["c", "d"]),
      failure.managed,
      rolloutRun.progress(),
    );
    cloud.calls.length = 0;
    await next.done;
    expect(cloud.writes().map((c) => `${c.kind} ${c.ids.join(",")}`)).toEqual(["remove a,b"]);
  });

  it("still gates members added before a fault whose re-read leaves them out of the next plan", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 9_000, members(["a", "b"]));
    // The re-weight of a is applied but its answer lost: the executor reads again and plans anew, and
    // that plan has c and d attached already (nothing to add), only b to remove.
    cloud.fail({ on: "update", retry: "uncertain", afterApply: true });
    await run(
      cloud,
      clock,
      { healthGate: { timeoutSeconds: 60 } },
      [{ id: "a", weight: 20 }, ...members(["c", "d"])],
      members(["a", "b"]),
    ).done;
    expect(cloud.writes().map((c) => `${c.kind} ${c.ids.join(",")}`)).toEqual([
      "add c,d",
      "update a",
      "remove b",
    ]);
    expect(clock.t - 1_000_000).toBe(9_000);
  });

  it("passes at minHealthyRatio, and counts members no health check covers as healthy", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 1_000, []);
    cloud.never.add("d");
    await run(
      cloud,
      clock,
      { healthGate: { timeoutSeconds: 30, minHealthyRatio: 0.5 } },
      members(["c", "d"]),
      [],
    ).done;
    expect(clock.t - 1_000_000).toBe(1_000);

    const unchecked = new HealthyCloud(new FakeClock(), 1_000_000, []);
    unchecked.unchecked = true;
    await run(unchecked, clock, { healthGate: { timeoutSeconds: 30 } }, members(["e"]), []).done;
    expect(unchecked.healthReads).toBe(1);
  });
});

describe("the gate comes from the cloud's view", () => {
  it("gates declared members the recorded state does not own, whoever attached them: a run that died while waiting does not skip the gate", async () => {
    const clock = new FakeClock();
    // What a run killed during its gate left: green attached, the state still the one before it (blue).
    const cloud = new HealthyCloud(clock, 9_000, [...members(["a", "b"]), ...members(["c", "d"])]);
    for (const id of ["c", "d"]) cloud.attachedAt.set(id, clock.t);
    const { done, rolloutRun } = run(
      cloud,
      clock,
      { healthGate: { timeoutSeconds: 60 } },
      members(["c", "d"]),
      members(["a", "b"]),
    );
    await done;
    // Nothing to add; the old members go only once the new ones are healthy, 9 s after they were attached.
    expect(cloud.writes().map((c) => `${c.kind} ${c.ids.join(",")}`)).toEqual(["remove a,b"]);
    expect(clock.t - 1_000_000).toBe(9_000);
    expect(cloud.healthReads).toBe(10);
    expect(rolloutRun.progress()).toEqual(NO_PROGRESS);
  });

  it("times out on them as on members it added, and records them as still gated", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 1_000, members(["a", "c"]));
    cloud.never.add("c");
    const { done, rolloutRun } = run(
      cloud,
      clock,
      { healthGate: { timeoutSeconds: 5 } },
      members(["c"]),
      members(["a"]),
    );
    const failure = (await done.catch((e: unknown) => e)) as ReconcileFailure<SimpleMember>;
    expect(failure.cause).toBeInstanceOf(HealthGateTimeout);
    expect(cloud.writes()).toEqual([]);
    expect(rolloutRun.progress()).toEqual({ gating: ["c"], draining: {} });
  });

  it("does not gate members the state owned already (their gate passed in an earlier run)", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 1_000, members(["a", "c"]));
    cloud.never.add("c");
    await run(cloud, clock, { healthGate: { timeoutSeconds: 5 } }, members(["c"]), members(["a", "c"])).done;
    expect(cloud.writes().map((c) => `${c.kind} ${c.ids.join(",")}`)).toEqual(["remove a"]);
    expect(cloud.healthReads).toBe(0);
  });

  it("fails at once, naming them, when added members cannot become healthy: their server is stopped or gone", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, members(["a"]));
    cloud.gone.add("d");
    const { done, rolloutRun } = run(
      cloud,
      clock,
      { healthGate: { timeoutSeconds: 300 } },
      members(["c", "d"]),
      members(["a"]),
    );
    const failure = (await done.catch((e: unknown) => e)) as ReconcileFailure<SimpleMember>;
    expect(failure.cause).toBeInstanceOf(HealthGateTimeout);
    expect(failure.message).toBe(
      "health gate load balancer lb-memory: d unhealthy (OFFLINE) cannot become healthy: the cloud reports its " +
        "server stopped or gone, so at most 1 of 2 added members can be healthy and 2 are needed. Nothing was " +
        "removed: the old and the new members all stay attached. Start the server, or stop declaring it, then " +
        "run pulumi up again",
    );
    // One read, no waiting out the 300 s.
    expect(cloud.healthReads).toBe(1);
    expect(clock.t - 1_000_000).toBe(0);
    expect(cloud.writes().map((c) => c.kind)).toEqual(["add"]);
    expect(rolloutRun.progress()).toEqual({ gating: ["c", "d"], draining: {} });
  });

  it("waits when enough others can still make the ratio", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 2_000, []);
    cloud.gone.add("d");
    await run(
      cloud,
      clock,
      { healthGate: { timeoutSeconds: 30, minHealthyRatio: 0.5 } },
      members(["c", "d"]),
      [],
    ).done;
    expect(clock.t - 1_000_000).toBe(2_000);
  });
});

describe("boundaries", () => {
  it("rounds minHealthyRatio up: 0.5 of 3 added members needs 2 healthy, not 1", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 1_000, members(["a"]));
    cloud.never.add("d");
    cloud.never.add("e");
    const failure = (await run(
      cloud,
      clock,
      { healthGate: { timeoutSeconds: 10, minHealthyRatio: 0.5 } },
      members(["c", "d", "e"]),
      members(["a"]),
    ).done.catch((e: unknown) => e)) as ReconcileFailure<SimpleMember>;
    expect(failure.message).toContain("1 of 3 added members are healthy and 2 are needed");
    expect(cloud.writes().map((c) => c.kind)).toEqual(["add"]);
  });

  it("removes exactly maxRemovals, as a count and as a share rounded down (25% of 6 is 1)", async () => {
    for (const maxRemovals of [2, "34%"]) {
      const clock = new FakeClock();
      const six = members(["a", "b", "c", "d", "e", "f"]);
      const cloud = new HealthyCloud(clock, 0, six);
      await run(cloud, clock, { maxRemovals }, six.slice(2), six).done;
      expect(cloud.writes().map((c) => `${c.kind} ${c.ids.join(",")}`)).toEqual(["remove a,b"]);
    }
    const clock = new FakeClock();
    const six = members(["a", "b", "c", "d", "e", "f"]);
    const cloud = new HealthyCloud(clock, 0, six);
    const refused = (await run(cloud, clock, { maxRemovals: "25%" }, six.slice(2), six).done.catch(
      (e: unknown) => e,
    )) as ReconcileFailure<SimpleMember>;
    expect(refused.message).toContain('rollout.maxRemovals "25%" allows 1 removal (of 6 managed members)');
    expect(cloud.writes()).toEqual([]);
  });

  it("owns a member whose add timed out even when the read after it fails too", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, members(["a"]));
    cloud.fail({ on: "add", retry: "uncertain", afterApply: true });
    cloud.fail({ on: "list", retry: "permanent", times: 2 });
    // The first list is the reconcile's own read: let it through.
    const list = cloud.list.bind(cloud);
    let reads = 0;
    cloud.list = async () => (reads++ === 0 ? [...cloud.members.values()] : list());
    const failure = (await reconcile(
      simpleModel,
      cloud,
      { desired: members(["a", "b"]), previouslyManaged: members(["a"]), exclusive: false },
      { budget: budget(), log: () => {} },
    ).catch((e: unknown) => e)) as ReconcileFailure<SimpleMember>;
    expect(failure).toBeInstanceOf(ReconcileFailure);
    expect(failure.managed.map((m) => m.id).sort()).toEqual(["a", "b"]);
    expect([...cloud.members.keys()].sort()).toEqual(["a", "b"]);
  });
});

describe("drain", () => {
  it("sets weight 0 in one batched call, waits the period less the cloud's own drain, then removes", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, members(["a", "b", "c"]));
    cloud.connectionDrainSeconds = 10;
    await run(cloud, clock, { drainSeconds: 30 }, members(["a"]), members(["a", "b", "c"])).done;
    expect(cloud.writes()).toEqual([
      { kind: "update", ids: ["b", "c"] },
      { kind: "remove", ids: ["b", "c"] },
    ]);
    expect(clock.slept).toEqual([20_000]);
  });

  it("counts the period from when the cloud confirmed weight 0, not from before the request", async () => {
    const clock = new FakeClock();
    class SlowUpdates extends HealthyCloud {
      override async update(batch: Parameters<HealthyCloud["update"]>[0]) {
        clock.t += 500;
        return super.update(batch);
      }
    }
    const cloud = new SlowUpdates(clock, 0, members(["a", "b"]));
    const { done, rolloutRun } = run(cloud, clock, { drainSeconds: 30 }, members(["a"]), members(["a", "b"]));
    await done;
    expect(clock.slept).toEqual([30_000]);
    expect(rolloutRun.progress()).toEqual(NO_PROGRESS);
  });

  it("resumes a recorded drain: no weight call again, only the rest of the period", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, [
      { id: "a", weight: 10 },
      { id: "b", weight: 0 },
    ]);
    const recorded = { gating: [], draining: { b: clock.t - 25_000 } };
    const { done, rolloutRun } = run(
      cloud,
      clock,
      { drainSeconds: 30 },
      members(["a"]),
      members(["a", "b"]),
      recorded,
    );
    await done;
    expect(cloud.writes()).toEqual([{ kind: "remove", ids: ["b"] }]);
    expect(clock.slept).toEqual([5_000]);
    expect(rolloutRun.progress()).toEqual(NO_PROGRESS);
  });

  it("records what drains, and since when, when the removal fails", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, members(["a", "b"]));
    cloud.fail({ on: "remove", retry: "permanent" });
    const { done, rolloutRun } = run(cloud, clock, { drainSeconds: 30 }, members(["a"]), members(["a", "b"]));
    const failure = (await done.catch((e: unknown) => e)) as ReconcileFailure<SimpleMember>;
    expect(failure.managed).toContainEqual({ id: "b", weight: 0 });
    expect(rolloutRun.progress()).toEqual({ gating: [], draining: { b: 1_000_000 } });
  });
});

describe("maxRemovals", () => {
  it("refuses a plan that removes more than allowed before any write, naming what would have gone", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, members(["a", "b", "c", "d"]));
    const failure = (await run(
      cloud,
      clock,
      { maxRemovals: "25%" },
      members(["a"]),
      members(["a", "b", "c", "d"]),
    ).done.catch((e: unknown) => e)) as ReconcileFailure<SimpleMember>;
    expect(failure.cause).toBeInstanceOf(RemovalRefused);
    expect(failure.message).toBe(
      'rollout.maxRemovals "25%" allows 1 removal (of 4 managed members) from load balancer lb-memory, and this ' +
        "change would remove 3: b, c, d. Nothing was changed. Remove fewer members per pulumi up, or raise maxRemovals",
    );
    expect(cloud.writes()).toEqual([]);
  });
});

describe("the rollout input", () => {
  it("names each bad setting, the value and what is allowed", () => {
    expect(
      checkRollout(
        {
          healthGate: { timeoutSeconds: 0, minHealthyRatio: 2 },
          drainSeconds: 3601,
          maxRemovals: "50",
          speed: 1,
        },
        undefined,
      ).map((f) => `${f.property}: ${f.reason}`),
    ).toEqual([
      "rollout.speed: rollout.speed is not a rollout setting: use healthGate, drainSeconds, maxRemovals",
      "rollout.healthGate.timeoutSeconds: rollout.healthGate.timeoutSeconds 0 is not allowed: use an integer from 1 to 3600",
      "rollout.healthGate.minHealthyRatio: rollout.healthGate.minHealthyRatio 2 is not allowed: use a number above 0 and at most 1",
      "rollout.drainSeconds: rollout.drainSeconds 3601 is not allowed: use an integer from 0 to 3600",
      'rollout.maxRemovals: rollout.maxRemovals "50" is not allowed: use a whole number of members (0 or more) or a share like "25%"',
    ]);
    expect(checkRollout({ healthGate: {} }, undefined).map((f) => f.reason)).toEqual([
      "rollout.healthGate.timeoutSeconds is required: how long to wait for added members to be healthy",
    ]);
    expect(checkRollout(null, undefined).map((f) => f.reason)).toEqual([
      "rollout null is not allowed: use an object with healthGate, drainSeconds, maxRemovals",
    ]);
    expect(checkRollout({ healthGate: { timeoutSeconds: 5 } }, "no health here")[0].reason).toBe(
      "rollout.healthGate cannot be used here: no health here",
    );
    expect(checkRollout({ drainSeconds: 0, maxRemovals: "100%" }, undefined)).toEqual([]);
  });
});

describe("what a rollout says and records", () => {
  it("logs the gate as it waits and when it passes, and sleeps no longer than the timeout's remainder", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 9_000, members(["a"]));
    const lines: string[] = [];
    const gate = { healthGate: { timeoutSeconds: 60 } };
    await run(cloud, clock, gate, members(["c", "d"]), members(["a"]), NO_PROGRESS, { pollMs: 7_000, lines })
      .done;
    expect(lines).toEqual([
      "health gate load balancer lb-memory: 0 of 2 added members healthy, 2 needed; waiting up to 60 s",
      "health gate load balancer lb-memory: 2 of 2 added members healthy after 14 s",
    ]);
    expect(clock.slept).toEqual([7_000, 7_000]);

    const late = new FakeClock();
    const never = new HealthyCloud(late, 0, members(["a"]));
    never.never.add("c");
    const short = { healthGate: { timeoutSeconds: 30 } };
    await run(never, late, short, members(["c"]), members(["a"]), NO_PROGRESS, { pollMs: 7_000 }).done.catch(
      () => {},
    );
    // 7 + 7 + 7 + 7, then the 2 s left of the 30: not a whole poll past the timeout.
    expect(late.slept).toEqual([7_000, 7_000, 7_000, 7_000, 2_000]);
  });

  it("names each member that cannot become healthy, and counts what is left", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, members(["a"]));
    cloud.gone.add("c");
    cloud.gone.add("d");
    const failure = (await run(
      cloud,
      clock,
      { healthGate: { timeoutSeconds: 60, minHealthyRatio: 0.5 } },
      members(["c", "d", "e"]),
      members(["a"]),
    ).done.catch((e: unknown) => e)) as ReconcileFailure<SimpleMember>;
    expect(failure.message).toContain(
      "c unhealthy (OFFLINE), d unhealthy (OFFLINE) cannot become healthy: the cloud reports their servers stopped " +
        "or gone, so at most 1 of 3 added members can be healthy and 2 are needed.",
    );
    expect(failure.message).toContain("Start the servers, or stop declaring them");
  });

  it("drops what is recorded for members neither declared nor owned any more, keeps the rest in order", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, members(["a", "b", "z"]));
    const recorded = { gating: ["x", "b", "a"], draining: { z: 7, a: 5, b: 6 } };
    const { rolloutRun } = run(cloud, clock, {}, members(["a"]), members(["a", "b", "z"]), recorded);
    // x: neither declared nor owned; a: declared, so no longer draining; b and z still owned.
    expect(rolloutRun.progress()).toEqual({ gating: ["a", "b"], draining: { b: 6, z: 7 } });
    expect(Object.keys(rolloutRun.progress().draining)).toEqual(["b", "z"]);
  });

  it("gates a member the state owned but someone detached, when this run attaches it again", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 5_000, members(["a", "b"]));
    // c was the resource's, and was detached by hand: the run attaches it again, then waits for it.
    const gate = { healthGate: { timeoutSeconds: 60 } };
    await run(cloud, clock, gate, members(["a", "c"]), members(["a", "b", "c"])).done;
    expect(cloud.writes().map((c) => `${c.kind} ${c.ids.join(",")}`)).toEqual(["add c", "remove b"]);
    expect(clock.t - 1_000_000).toBe(5_000);
  });

  it("drains a member found at weight 0 with no record the whole period, and reads no drain for 0 s", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, [
      { id: "a", weight: 10 },
      { id: "b", weight: 0 },
    ]);
    const lines: string[] = [];
    await run(cloud, clock, { drainSeconds: 30 }, members(["a"]), members(["a", "b"]), NO_PROGRESS, { lines })
      .done;
    expect(cloud.writes()).toEqual([{ kind: "remove", ids: ["b"] }]);
    expect(clock.slept).toEqual([30_000]);
    expect(lines).toContain(
      `drain load balancer lb-memory: 1 member at weight 0 since ${new Date(1_000_000).toISOString()}, removing in 30 s`,
    );

    const zero = new HealthyCloud(clock, 0, members(["a", "b"]));
    await run(zero, clock, { drainSeconds: 0 }, members(["a"]), members(["a", "b"])).done;
    expect(zero.writes().map((c) => c.kind)).toEqual(["update", "remove"]);
    expect(zero.healthReads).toBe(0);
  });

  it("waits for the member that went to weight 0 last, and says since when the first did", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, [
      { id: "a", weight: 10 },
      { id: "b", weight: 0 },
      { id: "c", weight: 0 },
    ]);
    cloud.connectionDrainSeconds = 5;
    const lines: string[] = [];
    const recorded = { gating: [], draining: { b: clock.t - 20_000, c: clock.t - 10_000 } };
    await run(cloud, clock, { drainSeconds: 30 }, members(["a"]), members(["a", "b", "c"]), recorded, {
      lines,
    }).done;
    // c went to 0 10 s ago: 30 - 10, less the load balancer's own 5 s.
    expect(clock.slept).toEqual([15_000]);
    expect(lines).toEqual([
      `drain load balancer lb-memory: 2 members at weight 0 since ${new Date(1_000_000 - 20_000).toISOString()}, ` +
        "removing in 15 s (the load balancer's own connection drain covers the last 5 s)",
    ]);
  });

  it("lists at most 20 members in a refusal, and how many more", async () => {
    const clock = new FakeClock();
    const ids = Array.from({ length: 23 }, (_, i) => `m${String(i).padStart(2, "0")}`);
    const cloud = new HealthyCloud(clock, 0, members(ids));
    const failure = (await run(cloud, clock, { maxRemovals: 0 }, [], members(ids)).done.catch(
      (e: unknown) => e,
    )) as ReconcileFailure<SimpleMember>;
    expect(failure.message).toContain(`would remove 23: ${ids.slice(0, 20).join(", ")} and 3 more. Nothing`);
  });
});

describe("the rollout input at its boundaries", () => {
  const reasons = (rollout: unknown) => checkRollout(rollout, undefined).map((f) => f.reason);

  it("takes a ratio above 0 up to 1, a count from 0, a share up to 100%, and nothing unknown", () => {
    for (const ok of [
      { healthGate: { timeoutSeconds: 1, minHealthyRatio: 1 } },
      { healthGate: { timeoutSeconds: 3600, minHealthyRatio: 0.01 } },
      { maxRemovals: 0 },
      { maxRemovals: "0%" },
      { maxRemovals: "100%" },
      { drainSeconds: 3600 },
      UNKNOWN,
      { healthGate: UNKNOWN, maxRemovals: UNKNOWN, drainSeconds: UNKNOWN },
    ])
      expect(reasons(ok), JSON.stringify(ok)).toEqual([]);
    expect(reasons({ healthGate: { timeoutSeconds: 1, minHealthyRatio: 0 } })).toEqual([
      "rollout.healthGate.minHealthyRatio 0 is not allowed: use a number above 0 and at most 1",
    ]);
    expect(reasons({ healthGate: { timeoutSeconds: 1, minHealthyRatio: 1.01 } })).toHaveLength(1);
    expect(reasons({ healthGate: { timeoutSeconds: 1, minHealthyRatio: "1" } })).toHaveLength(1);
    for (const bad of [-1, 1.5, "101%", "5", true])
      expect(reasons({ maxRemovals: bad }), String(bad)).toEqual([
        `rollout.maxRemovals ${JSON.stringify(bad)} is not allowed: use a whole number of members (0 or more) or a share like "25%"`,
      ]);
    expect(reasons({ healthGate: "fast" })).toEqual([
      'rollout.healthGate "fast" is not allowed: use { timeoutSeconds, minHealthyRatio? }',
    ]);
    expect(reasons({ healthGate: { timeoutSeconds: 5, wait: 1 } })).toEqual([
      "rollout.healthGate.wait is not a health gate setting: use timeoutSeconds, minHealthyRatio",
    ]);
    expect(checkRollout({ speed: 1 }, undefined).map((f) => f.property)).toEqual(["rollout.speed"]);
    expect(checkRollout("fast", undefined).map((f) => f.property)).toEqual(["rollout"]);
  });

  it("reads no limit from what is not one", () => {
    expect(readRollout({ maxRemovals: UNKNOWN, drainSeconds: UNKNOWN })).toEqual({});
    expect(removalLimit(undefined, 10)).toBe(Number.POSITIVE_INFINITY);
    expect(removalLimit(UNKNOWN, 10)).toBe(Number.POSITIVE_INFINITY);
    expect(removalLimit("25%", 7)).toBe(1);
    expect(removalLimit(3, 1)).toBe(3);
  });
});
