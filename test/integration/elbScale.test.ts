/**
 * The figure for Huawei ELB: a 2,500-member pool reconciled in the fewest calls the API allows, with the
 * read paged (the emulator serves at most 1,000 members a page here, below the 2,000 the provider asks for).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { elbCloud, inputs as declaring, type Members, ours } from "../clouds";
import { world as start, type World } from "./world";

const POOL = elbCloud.target;
let world: World;

const PAGE_CAP = 1000;
const N = 2500;
const TENTH = 250;

beforeAll(async () => {
  world = await start(elbCloud, {
    seed: elbCloud.seed({ api: { memberQuota: 5000, accountMemberQuota: 10_000, pageCap: PAGE_CAP } }),
  });
});
afterAll(async () => {
  await world?.close();
});

const inputs = (members: Members) => declaring(elbCloud, members, { __provider: "stored provider text" });
/** Each call as `action:size`: the number of members a write carried, the page size a list got back. */
const calls = () =>
  world.emulator
    .calls({ cloud: "elb" })
    .map((c) => `${c.action}:${(c.params.members as unknown[] | undefined)?.length ?? "page"}`);
const sizes = (action: string) =>
  world.emulator.calls({ action }).map((c) => (c.params.members as unknown[]).length);
const markers = () => world.emulator.calls({ action: "list" }).map((c) => c.params.marker !== undefined);

describe(`a ${N}-member ELB pool`, () => {
  it("is created, changed by 10% each way, and deleted, in the fewest calls, reading it page by page", async () => {
    // Created from empty: 1 list (an empty page) and ceil(2500/200) = 13 batch-adds.
    const created = await world.provider.create(inputs(ours(elbCloud, N, 1)));
    expect(calls()).toEqual(["list:page", ...Array(13).fill(expect.stringMatching(/^batch-add:/))]);
    expect(sizes("batch-add")).toEqual([...Array(12).fill(200), 100]);
    expect(world.emulator.elbMembers(POOL)).toHaveLength(N);
    expect(Object.keys(created.outs.members as object)).toHaveLength(N);

    // 250 re-weighted, 250 no longer declared, 250 added: 1 paged list + 2 + 2 + 2 writes.
    world.emulator.clearCalls();
    const next: Members = new Map([
      ...ours(elbCloud, TENTH, 0),
      ...ours(elbCloud, N - 2 * TENTH, 1, TENTH),
      ...ours(elbCloud, TENTH, 1, 100_000),
    ]);
    const { outs } = await world.provider.update(created.id, created.outs, inputs(next));
    expect(world.emulator.calls({ cloud: "elb" }).map((c) => c.action)).toEqual([
      // One logical read of 2,500 members: three pages of at most 1,000, the later two by marker.
      "list",
      "list",
      "list",
      "batch-add",
      "batch-add",
      "batch-update",
      "batch-update",
      "batch-delete",
      "batch-delete",
    ]);
    expect(markers()).toEqual([false, true, true]);
    expect(sizes("batch-add")).toEqual([200, 50]);
    expect(sizes("batch-update")).toEqual([200, 50]);
    expect(sizes("batch-delete")).toEqual([200, 50]);
    const weights = world.emulator.elbMembers(POOL).map((m) => m.weight);
    expect(weights).toHaveLength(N);
    expect(weights.filter((w) => w === 0)).toHaveLength(TENTH);
    expect(Object.keys(outs.members as object)).toHaveLength(N);

    // Deleted: 1 paged list and 13 batch-deletes.
    world.emulator.clearCalls();
    await world.provider.delete(created.id, outs);
    expect(world.emulator.calls({ action: "list" })).toHaveLength(3);
    expect(sizes("batch-delete")).toEqual([...Array(12).fill(200), 100]);
    expect(world.emulator.elbMembers(POOL)).toEqual([]);
  });
});
