/**
 * Hand-over between resources of one deployment, through the real plugin, for every cloud: renaming a
 * resource without an alias, and moving members between two attachments of the same load balancer or
 * pool, never detach a member that a surviving resource declares. Every remove call is watched as it is
 * applied. Registrations come from the compiled package under `setMocks`: no real Pulumi runtime here.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { captureRegistrations } from "../../harness/registrations";
import { inputs, type Members, ours, TEST_CLOUDS } from "../clouds";
import { engineWorld } from "./world";

/** The members numbered `from` to `to` (excluded), at the weight every attachment here declares. */
const range = (from: number, to: number) => (cloud: Parameters<typeof ours>[0]) =>
  ours(cloud, to - from, 100, from);

describe.each(TEST_CLOUDS)("$name: hand-over between resources of one deployment", (cloud) => {
  const world = engineWorld([cloud]);
  type Range = ReturnType<typeof range>;
  const merged = (...parts: Range[]): Members => new Map(parts.flatMap((part) => [...part(cloud)]));
  const owned = (name: string) =>
    Object.keys(
      [...world.stack.state.values()].find((r) => r.urn.endsWith(`::${name}`))!.outputs[
        cloud.membersField
      ] as object,
    ).length;
  let removedEver: string[] = [];

  /** Runs `up`, recording every member a remove call detached as it is applied. */
  const up = (attachments: Record<string, Range>) =>
    world.stack.run(async (engine) => {
      const { emulator } = world;
      const registrations = await captureRegistrations(
        () => {
          for (const [name, members] of Object.entries(attachments))
            cloud.declareResource(name, inputs(cloud, members(cloud)));
        },
        { config: world.config() },
      );
      // ELB's remove calls name members by the ids it assigned: know them before they go.
      const names = new Map(cloud.memberIds?.(emulator) ?? []);
      const stop = emulator.onCall((call) => {
        if (call.cloud === cloud.api && !call.code && call.httpStatus === 200)
          removedEver.push(...cloud.removed(call.action, call.params).map((id) => names.get(id) ?? id));
        for (const [id, identity] of cloud.memberIds?.(emulator) ?? []) names.set(id, identity);
      });
      try {
        const result = await engine.up(registrations);
        expect(result.steps.filter((s) => s.error)).toEqual([]);
        return result.steps.map((s) => `${s.op} ${s.urn.split("::").pop()}`).sort();
      } finally {
        stop();
      }
    });
  beforeEach(() => {
    removedEver = [];
  });

  it("renaming a resource without an alias detaches nothing: the new one adopts, the old one's delete spares it", async () => {
    await up({ web: range(0, 30) });
    world.emulator.clearCalls();

    expect(await up({ "web-v2": range(0, 30) })).toEqual(["create web-v2", "delete web"]);
    // One read each: the new resource adopts with no call, the old one's delete finds nothing to do.
    expect(world.emulator.calls().map((c) => c.action)).toEqual([cloud.actions.read, cloud.actions.read]);
    expect(cloud.read(world.emulator)).toEqual(range(0, 30)(cloud));
    expect(owned("web-v2")).toBe(30);
    expect(removedEver).toEqual([]);
  });

  it("moving members from one attachment to another keeps them attached throughout", async () => {
    await up({ a: range(0, 25), b: range(25, 30) });
    world.emulator.clearCalls();

    expect(await up({ a: range(0, 20), b: range(20, 30) })).toEqual(["update a", "update b"]);
    expect(cloud.read(world.emulator)).toEqual(range(0, 30)(cloud));
    expect(removedEver).toEqual([]);
    // Each side adopts or hands over what moved: no write at all.
    expect(world.writes(cloud)).toEqual([]);
    expect([owned("a"), owned("b")]).toEqual([20, 10]);

    // Once nobody declares them, the resource that owns them now removes exactly those.
    await up({ a: range(0, 20), b: range(25, 30) });
    expect(cloud.read(world.emulator)).toEqual(merged(range(0, 20), range(25, 30)));
    expect(removedEver.sort()).toEqual([...range(20, 25)(cloud).keys()].sort());
  });

  it("renaming one resource while members move to the other detaches none of them", async () => {
    await up({ a: range(0, 20), b: range(20, 30) });

    // The deleted `a` owned 0..19: 0..14 now belong to `a-v2`, 15..19 to `b`.
    expect(await up({ "a-v2": range(0, 15), b: range(15, 30) })).toEqual([
      "create a-v2",
      "delete a",
      "update b",
    ]);
    expect(cloud.read(world.emulator)).toEqual(range(0, 30)(cloud));
    expect(removedEver).toEqual([]);
    expect([owned("a-v2"), owned("b")]).toEqual([15, 15]);
  });
});
