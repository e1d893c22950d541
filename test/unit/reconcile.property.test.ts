import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planReconcile } from "../../provider/core/plan";
import { reconcile } from "../../provider/reconcile/reconcile";
import { RetryBudget } from "../../provider/reconcile/retry";
import { MemoryCloud, type SimpleMember, simpleModel } from "./fakes/memoryCloud";

const noWait = () =>
  new RetryBudget(
    { baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 60_000 },
    {
      now: Date.now,
      sleep: async () => {},
    },
  );

/** Random worlds: ids drawn from a small pool so that actual, previous and desired overlap. */
const member = fc.record({
  id: fc.integer({ min: 0, max: 80 }).map((n) => `m${n}`),
  weight: fc.integer({ min: 0, max: 3 }),
});
const uniqueMembers = fc.uniqueArray(member, { selector: (m) => m.id, maxLength: 70 });
const world = fc.record({
  actual: uniqueMembers,
  desired: uniqueMembers,
  previous: uniqueMembers,
  exclusive: fc.boolean(),
});

const byId = (members: readonly SimpleMember[]) => new Map(members.map((m) => [m.id, m]));

interface Sets {
  desired: SimpleMember[];
  previous: SimpleMember[];
  exclusive: boolean;
}

/** Reconciles `cloud` to `sets`, with retries that never wait. */
const reconcileTo = (cloud: MemoryCloud, { desired, previous, exclusive }: Sets) =>
  reconcile(
    simpleModel,
    cloud,
    { desired, previouslyManaged: previous, exclusive },
    { budget: noWait(), log: () => {} },
  );

/**
 * The promise that holds however the run went: every declared member is on the cloud as declared, and
 * every member neither declared nor owned (when shared) is as it was. Returns the members it ends with.
 */
function expectDeclaredAndOthersKept(cloud: MemoryCloud, actual: SimpleMember[], sets: Sets) {
  const after = byId([...cloud.members.values()]);
  for (const d of sets.desired) expect(after.get(d.id)).toEqual(d);
  const declared = new Set(sets.desired.map((d) => d.id));
  const owned = new Set(sets.previous.map((p) => p.id));
  for (const a of actual) {
    if (!declared.has(a.id) && !sets.exclusive && !owned.has(a.id)) expect(after.get(a.id)).toEqual(a);
  }
  return { after, declared, owned };
}

describe("reconcile, for random actual, previous and desired sets", () => {
  it("ends with the desired set, touches no undeclared member it did not own (shared), in the minimal calls", async () => {
    await fc.assert(
      fc.asyncProperty(world, async ({ actual, ...sets }) => {
        const { desired, exclusive } = sets;
        const cloud = new MemoryCloud(actual);
        const outcome = await reconcileTo(cloud, sets);

        const { after, declared, owned } = expectDeclaredAndOthersKept(cloud, actual, sets);
        for (const a of actual) {
          if (!declared.has(a.id) && (exclusive || owned.has(a.id))) expect(after.has(a.id)).toBe(false);
        }
        expect(after.size).toBe(
          exclusive
            ? desired.length
            : desired.length + actual.filter((a) => !declared.has(a.id) && !owned.has(a.id)).length,
        );
        expect(new Set(outcome.managed.map((m) => m.id))).toEqual(declared);

        // Minimal calls: one read, then ceil(n/20) per kind of change, in add, update, remove order.
        const actualById = byId(actual);
        const adds = desired.filter((d) => !actualById.has(d.id)).length;
        const updates = desired.filter(
          (d) => actualById.has(d.id) && actualById.get(d.id)!.weight !== d.weight,
        ).length;
        const removes = actual.filter((a) => !declared.has(a.id) && (exclusive || owned.has(a.id))).length;
        const kinds = cloud.calls.map((c) => c.kind);
        expect(kinds).toEqual([
          "list",
          ...Array(Math.ceil(adds / 20)).fill("add"),
          ...Array(Math.ceil(updates / 20)).fill("update"),
          ...Array(Math.ceil(removes / 20)).fill("remove"),
        ]);
        if (desired.length > 0) expect(cloud.minSizeAfterFirstWrite).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("converges through transient, uncertain and stale failures without repeating an applied write", async () => {
    const fault = fc.record({
      on: fc.constantFrom("list" as const, "add" as const, "update" as const, "remove" as const),
      retry: fc.constantFrom("transient" as const, "uncertain" as const, "stale" as const),
      afterApply: fc.boolean(),
      times: fc.integer({ min: 1, max: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(world, fc.array(fault, { maxLength: 4 }), async ({ actual, ...sets }, faults) => {
        const cloud = new MemoryCloud(actual);
        // A stale refusal means the cloud changed: the fake applies the call before refusing it. (A stale
        // refusal with no change is reported after two attempts: tested below.)
        for (const f of faults) {
          cloud.fail({
            ...f,
            afterApply: f.retry === "stale" || (f.afterApply && f.retry !== "transient"),
          });
        }
        await reconcileTo(cloud, sets);

        expectDeclaredAndOthersKept(cloud, actual, sets);
        // No member is added twice: a blind retry of an applied add would fail with "already attached".
        const added = cloud
          .writes()
          .filter((c) => c.kind === "add")
          .flatMap((c) => c.ids);
        const addedOk = added.filter((id, i) => added.indexOf(id) === i);
        expect(addedOk.length).toBeLessThanOrEqual(sets.desired.length);
      }),
      { numRuns: 200 },
    );
  });

  it("plans in time linear in the sizes (100,000 members finish well inside a second)", () => {
    const n = 100_000;
    const actual = Array.from({ length: n }, (_, i) => ({ id: `m${i}`, weight: 1 }));
    const desired = Array.from({ length: n }, (_, i) => ({
      id: `m${i + n / 10}`,
      weight: i % 10 === 0 ? 2 : 1,
    }));
    const plan = planReconcile(simpleModel, { desired, actual, previouslyManaged: actual, exclusive: false });
    expect(plan.add).toHaveLength(n / 10);
    expect(plan.remove).toHaveLength(n / 10);
  });
});

describe("reconcile when the load balancer disappears midway", () => {
  it("reports it as gone, not as a failure midway, so that delete can treat it as done", async () => {
    const { TargetGone } = await import("../../provider/reconcile/reconcile");
    const cloud = new MemoryCloud([{ id: "m1", weight: 1 }]);
    cloud.fail({ on: "remove", retry: "uncertain" });
    const list = cloud.list.bind(cloud);
    let reads = 0;
    cloud.list = async () => (++reads === 1 ? list() : (undefined as unknown as SimpleMember[]));
    const error = await reconcileTo(cloud, {
      desired: [],
      previous: [{ id: "m1", weight: 1 }],
      exclusive: false,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(TargetGone);
  });
});

describe("reconcile after a stale refusal that changed nothing", () => {
  const run = (cloud: MemoryCloud) =>
    reconcileTo(cloud, { desired: [{ id: "m1", weight: 5 }], previous: [], exclusive: false });

  it("sends the same plan once more (a read may lag behind a write), then converges", async () => {
    const cloud = new MemoryCloud();
    cloud.fail({ on: "add", retry: "stale" });
    await run(cloud);
    expect(cloud.calls.map((c) => c.kind)).toEqual(["list", "add", "list", "add"]);
    expect([...cloud.members.values()]).toEqual([{ id: "m1", weight: 5 }]);
  });

  it("reports the refusal when the same plan is refused again: two attempts, not three minutes of them", async () => {
    const cloud = new MemoryCloud();
    cloud.fail({ on: "add", retry: "stale", times: 100 });
    await expect(run(cloud)).rejects.toMatchObject({
      name: "ReconcileFailure",
      cause: { info: { code: "Refused", retry: "stale" } },
    });
    expect(cloud.calls.map((c) => c.kind)).toEqual(["list", "add", "list", "add"]);
  });
});
