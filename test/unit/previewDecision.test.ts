/**
 * The decision `diff` makes (core/diff.ts) and how the dynamic provider answers it: hand the comparison to
 * the engine only when the engine's own comparison of the recorded and new inputs marks exactly what the
 * declaration changes; otherwise decide. The CLI tests (previewCases, previewSize) show what the CLI then
 * prints; these pin every branch.
 */
import { describe, expect, it } from "vitest";
import { slbKind } from "../../provider/clouds/alicloud/slb/kind";
import { slbSchema } from "../../provider/clouds/alicloud/slb/members";
import { type DiffFacts, decideDiff, dynamicChanges } from "../../provider/core/diff";
import { checkInputs } from "../../provider/core/schema";
import { UNKNOWN } from "../../provider/core/unknown";
import { fixedSettings } from "../../provider/reconcile/settings";
import { AttachmentProvider } from "../../provider/runtime/attachmentProvider";
import { OldInputs } from "../../provider/runtime/oldInputs";

const LB = "lb-2ze7o5h52g02kkzze7lru";
const PROVIDER = "exports.handler = __f0; // release 1";

/** Checked inputs as the engine records them: `__provider` added by the plugin, the name by the class. */
function checked(members: Record<string, number>, extra: Record<string, unknown> = {}) {
  const { inputs, failures } = checkInputs(slbSchema, {
    loadBalancerId: LB,
    backendServers: Object.entries(members).map(([serverId, weight]) => ({ serverId, weight })),
    __attachmentName: "web",
    ...extra,
  });
  expect(failures).toEqual([]);
  return { ...inputs, __provider: PROVIDER } as Record<string, unknown>;
}

/** The outputs a successful `pulumi up` records for these inputs (what `diff` is given as `olds`). */
const outputsOf = (inputs: Record<string, unknown>) => ({
  ...inputs,
  regionId: "cn-beijing",
  __stateVersion: 1,
  __declaredInputs: ["loadBalancerId", "backendServers", "exclusive", "__attachmentName"],
});

const BASE = { "i-aaaaaa": 100, "i-bbbbbb": 100, "i-cccccc": 100 };

function facts(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  extra: Partial<DiffFacts> = {},
): DiffFacts {
  return {
    oldInputs: olds,
    oldOutputs: outputsOf(olds),
    news,
    resolved: { ...news, regionId: "cn-beijing" },
    drift: { changes: false, lines: [] },
    ...extra,
  };
}
const decide = (f: DiffFacts) => decideDiff(slbSchema, f);

describe("the decision behind a preview", () => {
  it("hands a declared change to the engine, naming each member and field it marks", () => {
    const olds = checked(BASE);
    const news = checked({ ...BASE, "i-bbbbbb": 50, "i-dddddd": 100 }, { exclusive: true });
    delete (news.backendServers as Record<string, unknown>)["ecs:i-cccccc"];
    const decision = decide(facts(olds, news));
    expect(decision).toMatchObject({
      update: true,
      replaces: [],
      declared: {
        fields: ["exclusive"],
        members: [
          { label: "ecs:i-bbbbbb", kind: "update", fields: ["weight"], drift: false },
          { label: "ecs:i-dddddd", kind: "add", fields: [], drift: false },
          { label: "ecs:i-cccccc", kind: "remove", fields: [], drift: false },
        ],
        unknown: false,
      },
      engine: {
        paths: [
          'backendServers["ecs:i-bbbbbb"]',
          'backendServers["ecs:i-cccccc"]',
          'backendServers["ecs:i-dddddd"]',
          "exclusive",
        ],
        hidden: [],
      },
      engineShowsChanges: true,
    });
    expect(dynamicChanges(decision)).toBeUndefined();
  });

  it("says no update when nothing changes, or a reordered list only", () => {
    const olds = checked(BASE);
    const reordered = checked({ "i-cccccc": 100, "i-aaaaaa": 100, "i-bbbbbb": 100 });
    expect(dynamicChanges(decide(facts(olds, reordered)))).toBe(false);
  });

  it("says no update for hidden inputs alone, and decides itself when they change beside a member", () => {
    const olds = checked(BASE);
    const upgraded = { ...checked(BASE), __provider: "exports.handler = __f0; // release 2" };
    const renamed = { ...checked(BASE), __attachmentName: "web-v2" };
    expect(decide(facts(olds, upgraded)).engine?.hidden).toEqual(["__provider"]);
    expect(dynamicChanges(decide(facts(olds, upgraded)))).toBe(false);
    expect(dynamicChanges(decide(facts(olds, renamed)))).toBe(false);
    // Handed over, the engine would print the whole stored provider text: decide instead.
    const both = {
      ...checked({ ...BASE, "i-aaaaaa": 50 }),
      __provider: "exports.handler = __f0; // release 2",
    };
    expect(decide(facts(olds, both)).engineShowsChanges).toBe(false);
    expect(dynamicChanges(decide(facts(olds, both)))).toBe(true);
  });

  it("decides an update itself for drift alone, and hands over a declared change beside drift", () => {
    const olds = checked(BASE);
    const drift = { changes: true, lines: ["ecs:i-a is not attached; pulumi up attaches it again"] };
    const drifted = decide(facts(olds, checked(BASE), { drift }));
    expect(drifted).toMatchObject({ update: true, drift: drift.lines, engineShowsChanges: false });
    expect(dynamicChanges(drifted)).toBe(true);
    expect(
      dynamicChanges(decide(facts(olds, checked({ ...BASE, "i-aaaaaa": 50 }), { drift }))),
    ).toBeUndefined();
  });

  it("decides an update itself after a pulumi up that stopped midway (the engine recorded the new inputs)", () => {
    const news = checked({ ...BASE, "i-dddddd": 100 });
    // The recorded outputs hold what was reached: i-d was not attached.
    const partial = facts(news, news, { oldOutputs: outputsOf(checked(BASE)), drift: undefined });
    expect(decide(partial)).toMatchObject({ update: true, engine: { paths: [], hidden: [] } });
    expect(dynamicChanges(decide(partial))).toBe(true);
  });

  it("decides itself when the recorded inputs are not known", () => {
    const unknownOlds = facts(checked(BASE), checked({ ...BASE, "i-aaaaaa": 50 }), { oldInputs: undefined });
    expect(decide(unknownOlds)).toMatchObject({ update: true, engine: undefined, engineShowsChanges: false });
    expect(decide(unknownOlds).declared.members).toEqual([
      { label: "ecs:i-aaaaaa", kind: "update", fields: ["weight"], drift: false },
    ]);
    expect(dynamicChanges(decide(unknownOlds))).toBe(true);
  });

  it("hands a replacement to the engine when it sees the field; decides it when only config moved", () => {
    const olds = checked(BASE);
    const moved = checked(BASE, { loadBalancerId: "lb-2zekxu2elibyexxoo9hlw" });
    expect(decide(facts(olds, moved))).toMatchObject({
      replaces: ["loadBalancerId"],
      engineShowsChanges: true,
    });
    expect(dynamicChanges(decide(facts(olds, moved)))).toBeUndefined();
    // alicloud:region changed in stack config: the inputs are the same, the resolved region is not.
    const regionMoved = facts(olds, checked(BASE), {
      resolved: { ...checked(BASE), regionId: "cn-hangzhou" },
    });
    expect(decide(regionMoved)).toMatchObject({ replaces: ["regionId"], engineShowsChanges: false });
    expect(dynamicChanges(decide(regionMoved))).toBe(true);
  });

  it("never reads an unknown value as no change", () => {
    const olds = checked(BASE);
    const news = checked({ "i-aaaaaa": 100, "i-bbbbbb": 100 }, {});
    (news.backendServers as Record<string, unknown>)["ecs:i-cccccc"] = {
      serverId: "i-cccccc",
      type: "ecs",
      weight: UNKNOWN,
    };
    const decision = decide(facts(olds, news, { drift: undefined }));
    expect(decision).toMatchObject({ update: true, declared: { unknown: true }, engineShowsChanges: true });
    expect(dynamicChanges(decision)).toBeUndefined();
    const wholeList = { ...checked(BASE), backendServers: UNKNOWN };
    expect(decide(facts(olds, wholeList, { drift: undefined })).engine?.paths).toEqual(["backendServers"]);
    expect(dynamicChanges(decide(facts(olds, wholeList, { drift: undefined })))).toBeUndefined();
  });

  it("decides itself when the engine would mark more than changed: a member registered under a new name", () => {
    const olds = checked(BASE);
    const relabeled = structuredClone(olds) as Record<string, Record<string, unknown>>;
    relabeled.backendServers = {
      ...relabeled.backendServers,
      "ecs:i-aaaaaa@release-1": relabeled.backendServers["ecs:i-aaaaaa"],
    };
    delete relabeled.backendServers["ecs:i-aaaaaa"];
    // A new release names i-a differently: alone, no change at all.
    expect(dynamicChanges(decide(facts(relabeled, checked(BASE))))).toBe(false);
    // Beside a real change, the engine would show i-a removed and added: the provider decides.
    const withChange = decide(facts(relabeled, checked({ ...BASE, "i-bbbbbb": 50 })));
    expect(withChange.engine?.paths).toContain('backendServers["ecs:i-aaaaaa@release-1"]');
    expect(dynamicChanges(withChange)).toBe(true);
  });
});

describe("a member with a value still unknown in a preview", () => {
  const keys = (members: Record<string, unknown>[]) =>
    Object.keys(
      checkInputs(slbSchema, { loadBalancerId: LB, backendServers: members }).inputs.backendServers as object,
    );

  it("is registered under its own name when what names it is known, so it shows as changed", () => {
    expect(keys([{ serverId: "i-aaaaaa" }, { serverId: "i-bbbbbb", weight: UNKNOWN }])).toEqual([
      "ecs:i-aaaaaa",
      "ecs:i-bbbbbb",
    ]);
  });

  it("keeps its place in the list when its name is unknown, or another member has it", () => {
    expect(keys([{ serverId: UNKNOWN }, { serverId: "i-aaaaaa" }])).toEqual(["ecs:i-aaaaaa", "#1"]);
    expect(keys([{ serverId: "i-aaaaaa" }, { serverId: "i-aaaaaa", weight: UNKNOWN }])).toEqual([
      "ecs:i-aaaaaa",
      "#2",
    ]);
    expect(
      keys([
        { serverId: "i-bbbbbb", weight: UNKNOWN },
        { serverId: "i-bbbbbb", description: UNKNOWN },
      ]),
    ).toEqual(["#1", "#2"]);
  });
});

describe("the old inputs, carried from check to diff", () => {
  it("are found by the checked inputs, whatever their key order and __provider, once", () => {
    const carried = new OldInputs();
    const olds = { loadBalancerId: LB, backendServers: {} };
    carried.record(olds, {
      loadBalancerId: LB,
      exclusive: false,
      backendServers: { "ecs:i-aaaaaa": { weight: 1 } },
    });
    const news = {
      __provider: PROVIDER,
      backendServers: { "ecs:i-aaaaaa": { weight: 1 } },
      exclusive: false,
      loadBalancerId: LB,
    };
    expect(carried.take({ ...news, loadBalancerId: "lb-other" })).toBeUndefined();
    expect(carried.take(news)).toBe(olds);
    expect(carried.take(news)).toBeUndefined();
  });

  it("are not known for a create, nor when two resources checked the same inputs", () => {
    const carried = new OldInputs();
    carried.record({}, { loadBalancerId: LB });
    expect(carried.take({ loadBalancerId: LB })).toBeUndefined();
    carried.record({ loadBalancerId: LB, exclusive: true }, { loadBalancerId: LB });
    carried.record({ loadBalancerId: LB, exclusive: false }, { loadBalancerId: LB });
    expect(carried.take({ loadBalancerId: LB })).toBeUndefined();
  });
});

describe("a run-time default that is missing", () => {
  const provider = () =>
    new AttachmentProvider(slbKind, { settings: fixedSettings({}, {}), log: () => undefined });
  const notSet = "The Alibaba Cloud region is not set";

  it("fails check (so a preview fails as pulumi up will), unless the region itself is unknown", async () => {
    const news = { loadBalancerId: LB, backendServers: [{ serverId: "i-aaaaaa" }] };
    expect((await provider().check({}, news)).failures).toEqual([
      { property: "", reason: expect.stringContaining(notSet) },
    ]);
    expect((await provider().check({}, { ...news, regionId: UNKNOWN })).failures).toEqual([]);
  });

  it("fails diff too, before any read, instead of reading as no drift", async () => {
    const olds = outputsOf(checked(BASE));
    await expect(provider().diff("id", olds, checked({ ...BASE, "i-aaaaaa": 50 }))).rejects.toThrow(notSet);
  });
});
