/**
 * A rollout through the provider's own methods (check, create, update, read, delete), in process, on an
 * in-memory load balancer with health and a clock the tests move: what a crash, a refresh and a delete do
 * to a rollout, and the check-time guard at its boundaries. The same through the real plugin and the
 * emulator is in test/engine/rollout*.engine.test.ts.
 */
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/unknown";
import { PartialFailure } from "../../provider/runtime/lifecycle";
import { AttachmentProvider } from "../../provider/runtime/attachmentProvider";
import { fixedSettings } from "../../provider/reconcile/settings";
import { FakeClock, HealthyCloud } from "./fakes/healthyCloud";
import { modelKind } from "./fakes/modelEngine";
import type { SimpleMember } from "./fakes/memoryCloud";

type Props = Record<string, unknown>;

const members = (ids: string[], weight = 10): SimpleMember[] => ids.map((id) => ({ id, weight }));
const inputs = (ids: string[], extra: Props = {}, lb = "lb-model"): Props => ({
  loadBalancerId: lb,
  members: members(ids),
  __attachmentName: "web",
  ...extra,
});

/** One provider process over `cloud`; its log lines are kept. */
function provider(cloud: HealthyCloud, clock: FakeClock) {
  const lines: string[] = [];
  const p = new AttachmentProvider(
    modelKind(() => cloud),
    {
      settings: fixedSettings({}, { BACKEND_SERVERS_HEALTH_POLL_MS: "1000" }),
      clock,
      log: (line) => lines.push(line),
    },
  );
  return { p, lines };
}

/** Check, then create or update: a `pulumi up` of one resource; returns its outputs or the failure. */
async function up(cloud: HealthyCloud, clock: FakeClock, olds: Props | undefined, news: Props) {
  const { p } = provider(cloud, clock);
  const checked = await p.check(olds ?? {}, news);
  if (checked.failures.length > 0) return { failures: checked.failures.map((f) => f.reason) };
  try {
    const outs =
      olds === undefined
        ? (await p.create(checked.inputs)).outs
        : (await p.update("lb-model/1", olds, checked.inputs)).outs;
    return { outs, failures: [] };
  } catch (error) {
    if (error instanceof PartialFailure) return { outs: error.properties, failures: [], error };
    throw error;
  }
}

const writes = (cloud: HealthyCloud) => cloud.writes().map((c) => `${c.kind} ${c.ids.join(",")}`);

describe("a crash during the health gate", () => {
  it("leaves the old state, and the next up still waits for the new members before removing the old", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 10_000, []);
    const gate = { rollout: { healthGate: { timeoutSeconds: 60 } } };
    const blue = await up(cloud, clock, undefined, inputs(["b1", "b2"], gate));
    // The run that adds green dies while waiting (nothing of it recorded): modelled by its add alone.
    await cloud.add(members(["g1", "g2"]));
    cloud.calls.length = 0;
    const started = clock.t;
    const next = await up(cloud, clock, blue.outs, inputs(["g1", "g2"], gate));
    expect(next.failures).toEqual([]);
    expect(writes(cloud)).toEqual(["remove b1,b2"]);
    expect(clock.t - started).toBe(10_000);
    expect(next.outs!.__rollout).toBeUndefined();
  });
});

describe("a refresh", () => {
  it("keeps what a rollout left unfinished: members still gated and draining, while attached", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, []);
    const rollout = { healthGate: { timeoutSeconds: 5 }, drainSeconds: 30 };
    const first = await up(cloud, clock, undefined, inputs(["b1", "b2", "b3"], { rollout }));
    cloud.never.add("g1");
    const timedOut = await up(cloud, clock, first.outs, inputs(["g1"], { rollout }));
    expect(timedOut.error?.message).toContain("health gate load balancer lb-memory: after 5 s");
    expect(timedOut.outs!.__rollout).toEqual({ gating: ["g1"], draining: {} });

    const { p } = provider(cloud, clock);
    const refreshed = await p.read("lb-model/1", timedOut.outs!);
    expect(refreshed.props.__rollout).toEqual({ gating: ["g1"], draining: {} });
    expect(refreshed.inputs.__rollout).toBeUndefined();

    // Healthy now: the next up adds nothing, gates g1, drains and removes the old members.
    cloud.never.clear();
    cloud.calls.length = 0;
    const next = await up(cloud, clock, refreshed.props, inputs(["g1"], { rollout }));
    expect(next.failures).toEqual([]);
    expect(writes(cloud)).toEqual(["update b1,b2,b3", "remove b1,b2,b3"]);
  });

  it("drops what is no longer attached, and gates what an exclusive refresh takes into ownership", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, []);
    const rollout = { healthGate: { timeoutSeconds: 5 } };
    const first = await up(cloud, clock, undefined, inputs(["b1"], { rollout, exclusive: true }));
    const { p } = provider(cloud, clock);
    const recorded = {
      ...first.outs!,
      __rollout: { gating: ["x1"], draining: { d1: clock.t, b1: clock.t } },
    };
    await cloud.add(members(["g1"]));
    const refreshed = await p.read("lb-model/1", recorded);
    expect(refreshed.props.__rollout).toEqual({ gating: ["g1"], draining: { b1: clock.t } });
  });
});

describe("deleting an attachment that declares a rollout", () => {
  it("drains its members at weight 0 for drainSeconds before removing them", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, []);
    const created = await up(
      cloud,
      clock,
      undefined,
      inputs(["b1", "b2"], { rollout: { drainSeconds: 30 } }),
    );
    cloud.calls.length = 0;
    const started = clock.t;
    await provider(cloud, clock).p.delete("lb-model/1", created.outs!);
    expect(writes(cloud)).toEqual(["update b1,b2", "remove b1,b2"]);
    expect(clock.t - started).toBe(30_000);
    expect(cloud.members.size).toBe(0);
  });

  it("honours maxRemovals, and says how to get past it; after a pulumi up that raises it, the delete goes through", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, []);
    const four = ["b1", "b2", "b3", "b4"];
    const created = await up(cloud, clock, undefined, inputs(four, { rollout: { maxRemovals: 1 } }));
    cloud.calls.length = 0;
    const refused = await provider(cloud, clock)
      .p.delete("lb-model/1", created.outs!)
      .catch((e: unknown) => e as Error);
    expect((refused as Error).message).toBe(
      "rollout.maxRemovals 1 allows 1 removal (of 4 managed members) from load balancer lb-memory, and " +
        "deleting this attachment would remove 4: b1, b2, b3, b4. Nothing was changed. To delete it, first " +
        'raise rollout.maxRemovals (to "100%", say) or leave it out, and run pulumi up with the attachment ' +
        "still declared; then delete it (pulumi destroy, or remove it from the program)",
    );
    expect(writes(cloud)).toEqual([]);

    const raised = await up(cloud, clock, created.outs, inputs(four, { rollout: { maxRemovals: "100%" } }));
    await provider(cloud, clock).p.delete("lb-model/1", raised.outs!);
    expect(writes(cloud)).toEqual(["remove b1,b2,b3,b4"]);
  });

  it("removes exactly maxRemovals", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, []);
    const created = await up(cloud, clock, undefined, inputs(["b1", "b2"], { rollout: { maxRemovals: 2 } }));
    cloud.calls.length = 0;
    await provider(cloud, clock).p.delete("lb-model/1", created.outs!);
    expect(writes(cloud)).toEqual(["remove b1,b2"]);
  });
});

describe("the check-time removal guard", () => {
  const check = (olds: Props, news: Props) =>
    provider(new HealthyCloud(new FakeClock(), 0, []), new FakeClock()).p.check(olds, news);
  const six = ["b1", "b2", "b3", "b4", "b5", "b6"];

  it("lets exactly the limit through and refuses one more, as a count and as a share rounded down", async () => {
    const olds = (await check({}, inputs(six))).inputs;
    for (const maxRemovals of [2, "34%"]) {
      const at = await check(olds, inputs(six.slice(2), { rollout: { maxRemovals } }));
      expect(at.failures).toEqual([]);
      const past = await check(olds, inputs(six.slice(3), { rollout: { maxRemovals } }));
      expect(past.failures.map((f) => f.reason)).toEqual([
        `rollout.maxRemovals ${JSON.stringify(maxRemovals)} allows 2 removals (of 6 managed members) from ` +
          "loadBalancerId lb-model, and this change would remove 3: b1, b2, b3. Nothing was changed. Remove " +
          "fewer members per pulumi up, or raise maxRemovals",
      ]);
    }
    const share = await check(olds, inputs(six.slice(2), { rollout: { maxRemovals: "25%" } }));
    expect(share.failures.map((f) => f.reason)[0]).toContain('"25%" allows 1 removal (of 6 managed members)');
  });

  it("never reads an unknown maxRemovals (a preview) as a limit, and never quotes the placeholder", async () => {
    const clock = new FakeClock();
    const cloud = new HealthyCloud(clock, 0, []);
    const { p, lines } = provider(cloud, clock);
    const olds = (await p.check({}, inputs(six))).inputs;
    const news = inputs(["b1"], {
      rollout: { maxRemovals: UNKNOWN, healthGate: { timeoutSeconds: UNKNOWN, minHealthyRatio: UNKNOWN } },
    });
    const checked = await p.check(olds, news);
    expect(checked.failures).toEqual([]);
    await p.diff("lb-model/1", olds, checked.inputs);
    await p.diff(
      "lb-model/1",
      inputs([]),
      (await p.check({}, inputs(["b1"], { rollout: news.rollout }))).inputs,
    );
    expect(lines.join("\n")).not.toContain(UNKNOWN);
    expect(lines).toContain(
      "rollout of loadBalancerId lb-model: adds b1, then waits until enough are healthy before removing anything",
    );
  });

  it("refuses a replacement whose delete the old resource's maxRemovals would refuse, before anything is created", async () => {
    const olds = (await check({}, inputs(six, { rollout: { maxRemovals: 1 } }))).inputs;
    const moved = await check(olds, inputs(six, { rollout: { maxRemovals: "100%" } }, "lb-other"));
    expect(moved.failures.map((f) => f.reason)).toEqual([
      "rollout.maxRemovals 1 allows 1 removal (of 6 managed members) from loadBalancerId lb-model, and " +
        "changing loadBalancerId to lb-other replaces this attachment, and deleting the old one would remove " +
        '6: b1, b2, b3, b4, b5, b6. Nothing was changed. First raise rollout.maxRemovals (to "100%", say) or ' +
        "leave it out, with a pulumi up that keeps loadBalancerId lb-model; then change loadBalancerId",
    ]);
    // Raised first: the replacement passes.
    const raised = (await check(olds, inputs(six, { rollout: { maxRemovals: "100%" } }))).inputs;
    expect((await check(raised, inputs(six, {}, "lb-other"))).failures).toEqual([]);
  });
});
