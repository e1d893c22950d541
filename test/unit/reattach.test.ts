/**
 * Re-attachments (a change the cloud's update cannot make: an ENS port, one IP of a multi-IP ENI) on the
 * real ENS model: in which order they go so that the group keeps a member serving, when they cannot, and
 * which weight changes become re-attachments because an update names a whole ENI.
 */
import { describe, expect, it } from "vitest";
import { type EnsBackendServer, ensModel } from "../../provider/clouds/alicloud/ens/members";
import { chunkGroups, planReconcile, reattachWaves } from "../../provider/core/plan";

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

describe("batches that keep a group together", () => {
  it("packs whole groups up to the size, and splits only a group larger than it", () => {
    const items = ["a1", "b1", "a2", "c1", "c2", "c3", "d1"];
    expect(chunkGroups(items, 3, (x) => x[0])).toEqual([["a1", "a2", "b1"], ["c1", "c2", "c3"], ["d1"]]);
    expect(chunkGroups(items, 2, (x) => x[0])).toEqual([["a1", "a2"], ["b1"], ["c1", "c2"], ["c3", "d1"]]);
  });
});
