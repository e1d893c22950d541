/**
 * Re-attachments (a change the cloud's update cannot make: an ENS port, one IP of a multi-IP ENI) on the
 * real ENS model: in which order they go so that the group keeps a member serving, when they cannot, and
 * which weight changes become re-attachments because an update names a whole ENI.
 */
import { describe, expect, it } from "vitest";
import { type EnsBackendServer, ensModel } from "../../provider/clouds/alicloud/ens/members";
import { chunkScopes, planReconcile, reattachWaves } from "../../provider/core/plan";
import { readRollout } from "../../provider/core/rollout";
import { ReconcileFailure, reconcile } from "../../provider/reconcile/reconcile";
import { PlanRefused } from "../../provider/reconcile/refusal";
import { RetryBudget } from "../../provider/reconcile/retry";
import { NO_PROGRESS, RolloutRun } from "../../provider/reconcile/rollout";
import { FakeClock, ScopedCloud } from "./fakes/healthyCloud";
import type { SimpleMember } from "./fakes/memoryCloud";
import { scopedModel } from "./fakes/modelEngine";

const budget = (clock: FakeClock) =>
  new RetryBudget(
    { baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 60_000 },
    { now: clock.now, sleep: async () => {} },
  );

const ENI = "eni-5uf6dwyzch3wly7";
const ens = (n: number, weight = 100, port?: number): EnsBackendServer => ({
  serverId: `i-edge${String(n).padStart(6, "0")}`,
  type: "ens",
  weight,
  ...(port === undefined ? {} : { port }),
});
const ip = (last: number, weight = 100, port?: number): EnsBackendServer => ({
  serverId: ENI,
  type: "eni",
  ip: `10.0.0.${last}`,
  weight,
  ...(port === undefined ? {} : { port }),
});
const plan = (desired: EnsBackendServer[], actual: EnsBackendServer[]) =>
  planReconcile(ensModel, { desired, actual, previouslyManaged: actual, exclusive: false });
const waves = (desired: EnsBackendServer[], actual: EnsBackendServer[], size = 20, scoped = false) => {
  const p = plan(desired, actual);
  const w = reattachWaves(ensModel, p, actual, size, scoped ? ensModel.updateScope : undefined);
  return {
    waves: w.waves.map((wave) => wave.map((u) => ensModel.key(u.actual))),
    stuck: w.stuck.map((u) => ensModel.key(u.actual)),
  };
};

describe("re-attachment waves", () => {
  it("changes the port of every member in two waves, keeping one serving through the first", () => {
    const before = [ens(0, 100, 80), ens(1, 100, 80), ens(2, 100, 80)];
    const after = [ens(0, 100, 8080), ens(1, 100, 8080), ens(2, 100, 8080)];
    expect(waves(after, before)).toEqual({
      waves: [["ens:i-edge000000", "ens:i-edge000001"], ["ens:i-edge000002"]],
      stuck: [],
    });
  });

  it("takes them all in one wave when another member serves throughout, a batch at a time", () => {
    const before = [ens(0, 100, 80), ens(1, 100, 80), ens(2, 100, 80), ens(9)];
    const after = [ens(0, 100, 8080), ens(1, 100, 8080), ens(2, 100, 8080), ens(9)];
    expect(waves(after, before).waves).toEqual([
      ["ens:i-edge000000", "ens:i-edge000001", "ens:i-edge000002"],
    ]);
    expect(waves(after, before, 2).waves).toEqual([
      ["ens:i-edge000000", "ens:i-edge000001"],
      ["ens:i-edge000002"],
    ]);
  });

  it("counts a member added first, and a member removed only after the waves, as serving", () => {
    expect(waves([ens(0, 100, 8080), ens(5)], [ens(0, 100, 80)]).waves).toEqual([["ens:i-edge000000"]]);
    const p = plan([ens(0, 100, 8080)], [ens(0, 100, 80), ens(1)]);
    expect(p.remove.map((m) => ensModel.key(m))).toEqual(["ens:i-edge000001"]);
    expect(reattachWaves(ensModel, p, [ens(0, 100, 80), ens(1)], 20).stuck).toEqual([]);
  });

  it("cannot change the port of the only member that serves: stuck, to be refused before any write", () => {
    expect(waves([ens(0, 100, 8080)], [ens(0, 100, 80)])).toEqual({ waves: [], stuck: ["ens:i-edge000000"] });
    // A member at weight 0 does not serve; one that will serve only after its own re-attachment neither.
    expect(waves([ens(0, 100, 8080), ens(1, 0)], [ens(0, 100, 80), ens(1, 0)]).stuck).toEqual([
      "ens:i-edge000000",
    ]);
  });

  it("never empties the group, even of members that serve nothing", () => {
    expect(waves([ens(0, 0, 8080)], [ens(0, 0, 80)]).stuck).toEqual(["ens:i-edge000000"]);
    expect(waves([ens(0, 0, 8080), ens(1, 0, 8080)], [ens(0, 0, 80), ens(1, 0, 80)]).waves).toEqual([
      ["ens:i-edge000000"],
      ["ens:i-edge000001"],
    ]);
  });

  it("keeps the IPs of one ENI in one wave when a drain will set their weight (one Set names them all)", () => {
    const before = [ip(1, 100, 80), ip(2, 100, 80), ens(0)];
    const after = [ip(1, 100, 8080), ip(2, 100, 8080), ens(0)];
    expect(waves(after, before, 1, true).waves).toEqual([[`eni:${ENI}@10.0.0.1`, `eni:${ENI}@10.0.0.2`]]);
    expect(waves(after, before, 1, false).waves).toEqual([[`eni:${ENI}@10.0.0.1`], [`eni:${ENI}@10.0.0.2`]]);
  });
});

describe("weight changes an update cannot make alone", () => {
  it("re-attaches one IP of an ENI whose other IP is added in the same plan (adds go first)", () => {
    const p = plan([ip(1, 0), ip(2, 100)], [ip(1, 100)]);
    expect(p.update).toEqual([]);
    expect(p.reattach.map((u) => ensModel.key(u.desired))).toEqual([`eni:${ENI}@10.0.0.1`]);
    expect(p.add.map((m) => ensModel.key(m))).toEqual([`eni:${ENI}@10.0.0.2`]);
  });

  it("sets a lone IP of an ENI in place", () => {
    const p = plan([ip(1, 50)], [ip(1, 100)]);
    expect(p.update.map((u) => u.desired.weight)).toEqual([50]);
    expect(p.reattach).toEqual([]);
  });
});

describe("batches of scopes", () => {
  const first = (x: string) => x[0];
  it("packs up to `size` scopes a batch, each with all its items, in the order scopes first appear", () => {
    const items = ["a1", "b1", "a2", "c1", "c2", "c3", "d1"];
    expect(chunkScopes(items, 3, first)).toEqual([[["a1", "a2"], ["b1"], ["c1", "c2", "c3"]], [["d1"]]]);
    expect(chunkScopes(items, 2, first)).toEqual([
      [["a1", "a2"], ["b1"]],
      [["c1", "c2", "c3"], ["d1"]],
    ]);
    // Exactly the size: one batch; one past it: two.
    expect(chunkScopes(["a1", "b1", "c1"], 3, first)).toHaveLength(1);
    expect(chunkScopes(["a1", "b1", "c1", "d1"], 3, first)).toHaveLength(2);
  });
});

describe("re-attachment waves at their edges", () => {
  it("needs no serving member before, when none serves yet: two members at 0 go one by one", () => {
    expect(waves([ens(0, 100, 8080), ens(1, 100, 8080)], [ens(0, 0, 80), ens(1, 0, 80)])).toEqual({
      waves: [["ens:i-edge000000"], ["ens:i-edge000001"]],
      stuck: [],
    });
  });

  it("counts a member at the weight the plan's update gives it: one set to 0 serves nothing", () => {
    expect(waves([ens(0, 100, 8080), ens(1, 0)], [ens(0, 100, 80), ens(1, 100)]).stuck).toEqual([
      "ens:i-edge000000",
    ]);
  });

  it("packs no empty batch, and never splits a scope, even one with more items than the size", () => {
    expect(chunkScopes(["a1", "a2", "a3", "a4", "b1"], 3, (x) => x[0])).toEqual([
      [["a1", "a2", "a3", "a4"], ["b1"]],
    ]);
    expect(chunkScopes([], 3, (x: string) => x)).toEqual([]);
  });
});

describe("the executor's re-attachments", () => {
  const m = (id: string, weight = 10, port?: number): SimpleMember =>
    port === undefined ? { id, weight } : { id, weight, port };
  const reconcileOn = (
    cloud: ScopedCloud,
    clock: FakeClock,
    desired: SimpleMember[],
    rollout?: unknown,
    lines: string[] = [],
  ) => {
    const previous = [...cloud.members.values()];
    const rolloutRun =
      rollout === undefined
        ? undefined
        : new RolloutRun(scopedModel, cloud, readRollout(rollout)!, desired, previous, NO_PROGRESS, {
            clock,
            pollMs: 1000,
            log: (line) => lines.push(line),
          });
    return reconcile(
      scopedModel,
      cloud,
      { desired, previouslyManaged: previous, exclusive: false },
      { budget: budget(clock), log: (line) => lines.push(line), rollout: rolloutRun },
    );
  };
  const writes = (cloud: ScopedCloud) => cloud.writes().map((c) => `${c.kind} ${c.ids.join(",")}`);

  it("refuses the port change of the only member before any write, naming it and the way out", async () => {
    const cloud = new ScopedCloud(new FakeClock(), 0, [m("m0", 10, 80)]);
    const failure = (await reconcileOn(cloud, new FakeClock(), [m("m0", 10, 81)]).catch(
      (e: unknown) => e,
    )) as ReconcileFailure<SimpleMember>;
    expect(failure.cause).toBeInstanceOf(PlanRefused);
    expect(failure.message).toBe(
      "m0 port 80 -> m0 port 81 on load balancer lb-memory: Update cannot make this change in place, so the " +
        "member is detached and attached again, and no other member would serve while it is. Nothing was " +
        "changed. Declare another member beside it for this change (members are added first, and the group " +
        "keeps serving), or make the change outside Pulumi",
    );
    expect(cloud.writes()).toEqual([]);
  });

  it("drains each wave, then detaches it and attaches it again, and gates what comes back before the next", async () => {
    const clock = new FakeClock();
    const cloud = new ScopedCloud(clock, 3_000, [m("m0", 10, 80), m("m1", 10, 80)]);
    const lines: string[] = [];
    await reconcileOn(
      cloud,
      clock,
      [m("m0", 10, 81), m("m1", 10, 81)],
      { healthGate: { timeoutSeconds: 60 }, drainSeconds: 5, maxRemovals: 2 },
      lines,
    );
    expect(writes(cloud)).toEqual(["update m0", "remove m0", "add m0", "update m1", "remove m1", "add m1"]);
    // 5 s of drain for m0; m0 healthy 3 s after it came back; 5 s of drain for m1; m1's gate, 3 s.
    expect(clock.slept).toEqual([5_000, 1_000, 1_000, 1_000, 5_000, 1_000, 1_000, 1_000]);
    expect(lines).toContain("Remove (re-attach) load balancer lb-memory: batch 1/1, 1 server");
    expect(
      lines.some(
        (l) => l.includes("1 member at weight 0 since") && l.endsWith("detaching to attach again in 5 s"),
      ),
    ).toBe(true);
    expect([...cloud.members.values()]).toEqual([m("m0", 10, 81), m("m1", 10, 81)]);
  });

  it("counts re-attachments against maxRemovals, each marked", async () => {
    const cloud = new ScopedCloud(new FakeClock(), 0, [m("m0", 10, 80), m("m1", 10, 80), m("m2")]);
    const failure = (await reconcileOn(cloud, new FakeClock(), [m("m0", 10, 81), m("m1", 10, 81), m("m2")], {
      maxRemovals: 1,
    }).catch((e: unknown) => e)) as ReconcileFailure<SimpleMember>;
    expect(failure.message).toContain(
      "would remove 2: m0 (re-attached), m1 (re-attached). Nothing was changed.",
    );
    expect(cloud.writes()).toEqual([]);
  });

  it("never drains one member of an update scope alone, and sends one scope's weight 0 in one batch", async () => {
    const clock = new FakeClock();
    const cloud = new ScopedCloud(clock, 0, [m("s0"), m("s1"), m("m0")]);
    const refused = (await reconcileOn(cloud, clock, [m("s1"), m("m0")], { drainSeconds: 0 }).catch(
      (e: unknown) => e,
    )) as ReconcileFailure<SimpleMember>;
    expect(refused.cause).toBeInstanceOf(PlanRefused);
    expect(refused.message).toBe(
      "rollout.drainSeconds: s0 cannot be drained alone on load balancer lb-memory: Update names s as a whole, " +
        "so weight 0 would also go to s1, which stays attached. Nothing was changed. Detach or change every " +
        "attached member of s in one change, or leave drainSeconds out of rollout for this change",
    );
    expect(cloud.writes()).toEqual([]);

    // Both IPs together, with a batch of 2 and another member to drain: one entry names s (both its IPs),
    // once, beside m1.
    const small = new ScopedCloud(clock, 0, [m("m1"), m("s0"), m("s1"), m("m0")], 2);
    await reconcileOn(small, clock, [m("m0")], { drainSeconds: 0 });
    expect(writes(small).filter((w) => w.startsWith("update"))).toEqual(["update m1,s0"]);
    expect([...small.members.keys()]).toEqual(["m0"]);
  });

  it("re-attaches the IPs of one ENI in one wave under a drain, whatever the batch size", async () => {
    const clock = new FakeClock();
    const cloud = new ScopedCloud(clock, 0, [m("m0"), m("s0", 10, 80), m("s1", 10, 80)], 1);
    await reconcileOn(cloud, clock, [m("m0"), m("s0", 10, 81), m("s1", 10, 81)], { drainSeconds: 0 });
    // One weight 0 names both IPs; the removes and adds name each IP, one a call.
    expect(writes(cloud)).toEqual(["update s0", "remove s0", "remove s1", "add s0", "add s1"]);
    expect(cloud.members.get("s0")).toEqual(m("s0", 10, 81));
    expect(cloud.members.get("s1")).toEqual(m("s1", 10, 81));
  });

  it("a delete drains what it can drain alone and removes the rest without a drain, saying so", async () => {
    const clock = new FakeClock();
    const cloud = new ScopedCloud(clock, 0, [m("s0"), m("s1"), m("m0")]);
    const lines: string[] = [];
    const previous = [m("s0"), m("m0")];
    const rolloutRun = new RolloutRun(scopedModel, cloud, { drainSeconds: 5 }, [], previous, NO_PROGRESS, {
      clock,
      pollMs: 1000,
      log: (line) => lines.push(line),
      deleting: true,
    });
    await reconcile(
      scopedModel,
      cloud,
      { desired: [], previouslyManaged: previous, exclusive: false },
      { budget: budget(clock), log: () => {}, rollout: rolloutRun },
    );
    expect(writes(cloud)).toEqual(["update m0", "remove s0,m0"]);
    expect(cloud.members.get("s1")?.weight).toBe(10);
    expect(lines[0]).toBe(
      "drain load balancer lb-memory: s0 cannot be set to weight 0 alone (Update would change members that " +
        "stay): removed without a drain",
    );
  });
});
