/**
 * What a reconcile records as owned, call by call (reconcile/ledger.ts): a member it may have attached is
 * owned even when nothing after confirms it, one the cloud refused is not, members a re-read finds are
 * adopted or forgotten, and a member handed to another resource is released, never detached.
 */
import { describe, expect, it } from "vitest";
import { ReconcileFailure, reconcile } from "../../provider/reconcile/reconcile";
import { RetryBudget } from "../../provider/reconcile/retry";
import { MemoryCloud, type SimpleMember, simpleModel } from "./fakes/memoryCloud";

const members = (ids: string[]) => ids.map((id) => ({ id, weight: 10 }));
const budget = () =>
  new RetryBudget(
    { baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 60_000 },
    { now: Date.now, sleep: async () => {} },
  );
const owned = (managed: SimpleMember[]) => managed.map((m) => m.id).sort();

describe("what a reconcile owns", () => {
  it("does not own a member whose add the cloud refused", async () => {
    const cloud = new MemoryCloud(members(["a"]));
    cloud.fail({ on: "add", retry: "permanent" });
    const failure = (await reconcile(
      simpleModel,
      cloud,
      { desired: members(["a", "b"]), previouslyManaged: members(["a"]), exclusive: false },
      { budget: budget(), log: () => {} },
    ).catch((e: unknown) => e)) as ReconcileFailure<SimpleMember>;
    expect(failure).toBeInstanceOf(ReconcileFailure);
    expect(owned(failure.managed)).toEqual(["a"]);
  });

  it("after a stale plan, adopts what the re-read finds declared and forgets what it no longer finds", async () => {
    const cloud = new MemoryCloud(members(["a", "b"]));
    // Right after the first read someone attaches d (declared) and detaches b (owned, given up): the add of
    // d is refused as stale, and the re-read shows both.
    const list = cloud.list.bind(cloud);
    let reads = 0;
    cloud.list = async () => {
      const listed = await list();
      if (++reads === 1) {
        cloud.members.set("d", { id: "d", weight: 10 });
        cloud.members.delete("b");
      }
      return listed;
    };
    const outcome = await reconcile(
      simpleModel,
      cloud,
      { desired: members(["a", "d"]), previouslyManaged: members(["a", "b"]), exclusive: false },
      { budget: budget(), log: () => {} },
    );
    expect(cloud.writes().map((c) => `${c.kind} ${c.ids.join(",")}`)).toEqual(["add d"]);
    expect(owned(outcome.managed)).toEqual(["a", "d"]);

    // A failure after the re-read still reports the member it adopted.
    const failing = new MemoryCloud(members(["a", "b", "e"]));
    const read = failing.list.bind(failing);
    let times = 0;
    failing.list = async () => {
      const listed = await read();
      if (++times === 1) failing.members.set("d", { id: "d", weight: 10 });
      return listed;
    };
    failing.fail({ on: "remove", retry: "permanent" });
    const failure = (await reconcile(
      simpleModel,
      failing,
      { desired: members(["a", "d"]), previouslyManaged: members(["a", "b", "e"]), exclusive: false },
      { budget: budget(), log: () => {} },
    ).catch((e: unknown) => e)) as ReconcileFailure<SimpleMember>;
    expect(owned(failure.managed)).toEqual(["a", "b", "d", "e"]);
  });

  it("releases a member another resource declares, without detaching it, and keeps what it still declares", async () => {
    const cloud = new MemoryCloud(members(["a", "b"]));
    const outcome = await reconcile(
      simpleModel,
      cloud,
      {
        desired: members(["a"]),
        previouslyManaged: members(["a", "b"]),
        exclusive: false,
        protectedKeys: new Set(["a", "b"]),
      },
      { budget: budget(), log: () => {} },
    );
    expect(cloud.writes()).toEqual([]);
    expect(owned(outcome.managed)).toEqual(["a"]);
  });
});
