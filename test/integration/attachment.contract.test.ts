/**
 * What every BackendServerAttachment does, whatever the cloud: one suite, run for each cloud through the
 * generic dynamic provider over the cloud's real kind and real SDK, against the emulator. Batch sizes,
 * action names and member identities come from the TestCloud; the few answers that differ by vendor (error
 * codes, request id forms, how a request is refused) are in `VENDOR` below. What only one cloud does is
 * in slb.test.ts, ens.test.ts and elb.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Cloud } from "../../emulator";
import { conformanceProblems } from "../../emulator/contract/conformance";
import { PartialFailure } from "../../provider/runtime/lifecycle";
import {
  inputs as declaring,
  type Members,
  ours,
  readsOf,
  setBatchOf,
  TEST_CLOUDS,
  type TestCloud,
  withCompletion,
} from "../clouds";
import { world, type World } from "./world";

interface VendorAnswers {
  /** How the API answers a throttled call and a server fault: HTTP status and code. */
  throttle: string;
  serverError: string;
  requestId: RegExp;
  /** The ways the API answers a read of a target that does not exist: the emulator's seed for each. */
  gone: Record<string, Record<string, unknown>>;
  /** What the user is told to set when no credentials are given. */
  missingCredentials: RegExp;
}

/** CLB and ENS answer alike but for the throttling code. */
const alibaba = (throttle: string): VendorAnswers => ({
  throttle: `400 ${throttle}`,
  serverError: "500 InternalError",
  requestId: /[0-9A-F-]+/,
  gone: {
    "with the code the API documents": { goneAnswer: "error" },
    "with a success without LoadBalancerId": { goneAnswer: "no-id" },
  },
  missingCredentials: /alicloud:accessKey.+ALIBABA_CLOUD_ACCESS_KEY_ID/,
});

/** ALB and NLB refuse a read of a server group that is gone with their documented code only. */
const serverGroups = (throttle: string): VendorAnswers => ({
  ...alibaba(throttle),
  gone: { "with the code the API documents": {} },
});

const VENDOR: Record<Cloud, VendorAnswers> = {
  slb: alibaba("Throttling"),
  ens: alibaba("Throttling.User"),
  alb: serverGroups("Throttling"),
  nlb: serverGroups("Throttling.User"),
  elb: {
    throttle: "429 APIGW.0308",
    serverError: "500 ELB.8906",
    requestId: /[0-9a-f]{32}/,
    gone: { "with a 404": {} },
    missingCredentials: /missing the AccessKey and the SecretKey.+huaweicloud:accessKey.+HUAWEICLOUD_SDK_AK/,
  },
};

const PROVIDER_TEXT = "stored provider text";
const inputs = (cloud: TestCloud, members: Members, extra: Record<string, unknown> = {}) =>
  declaring(cloud, members, { __provider: PROVIDER_TEXT, ...extra });
/** Members as the provider recorded them (outputs, or refreshed inputs), by identity. */
const recorded = (cloud: TestCloud, props: Record<string, unknown>): Members =>
  new Map(
    Object.values(props[cloud.membersField] as Record<string, Record<string, unknown>>).map((m) => [
      cloud.identity(m),
      Number(m.weight),
    ]),
  );
const sorted = (members: Members) => [...members].sort(([a], [b]) => a.localeCompare(b));
const sizes = (w: World, action: string) => w.sent(action).map((entries) => entries.length);
/** The sizes of the calls that carry `n` members in batches of `size`: full ones, then the rest. */
const batches = (n: number, size: number) =>
  Array.from({ length: Math.ceil(n / size) }, (_, i) => Math.min(size, n - i * size));

let w: World;
afterEach(async () => {
  await w.close();
});

describe.each(TEST_CLOUDS.map((cloud) => [cloud.name, cloud] as const))("%s attachment", (_name, cloud) => {
  const b = cloud.batchSize;
  /** The calls of these reads and writes, each accepted write followed by the read of its job if any. */
  const calls = (...actions: string[]) => withCompletion(cloud, actions);
  /** The reads of a group of `attached` members: one per page. */
  const reads = (attached: number) => readsOf(cloud, attached);
  const { read, add, set, remove } = cloud.actions;
  const target = cloud.target;
  const where = `${cloud.targetNoun} ${target}`;

  describe("on a healthy cloud", () => {
    beforeEach(async () => {
      w = await world(cloud);
    });

    it("creates 2 full batches and 5 from empty in one read and 3 adds, logging one line per batch", async () => {
      const declared = ours(cloud, 2 * b + 5, 100);
      const { id, outs } = await w.provider.create(inputs(cloud, declared));

      expect(id).toMatch(new RegExp(`^${target}/[0-9a-f]{8}$`));
      expect(w.actions()).toEqual(calls(read, add, add, add));
      expect(sizes(w, add)).toEqual([b, b, 5]);
      expect(sorted(cloud.read(w.emulator))).toEqual(sorted(declared));
      expect(sorted(recorded(cloud, outs))).toEqual(sorted(declared));
      expect(outs).toMatchObject({ [cloud.targetField]: target, exclusive: false });
      expect(w.log).toEqual([
        `${add} ${where}: batch 1/3, ${b} servers`,
        `${add} ${where}: batch 2/3, ${b} servers`,
        `${add} ${where}: batch 3/3, 5 servers`,
      ]);
    });

    it("names no member twice in one write, through drains, re-weights, removals and batches (random rounds)", async () => {
      // Deterministic rounds (a linear congruential sequence): each member of a batch and a half is dropped,
      // drained, re-weighted or kept at random; every round is drained (weight 0 first) before removing.
      let seed = 7;
      const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
      const rollout = { rollout: { drainSeconds: 0 } };
      const created = await w.provider.create(inputs(cloud, ours(cloud, b + 3, 100), rollout));
      let outs = created.outs;
      for (let round = 0; round < 4; round++) {
        const declared: Members = new Map();
        for (let i = 0; i < b + b / 2; i++) {
          const r = next();
          if (r >= 0.25) declared.set(cloud.ours(i), r < 0.5 ? 0 : r < 0.75 ? 50 : 100);
        }
        ({ outs } = await w.provider.update(created.id, outs, inputs(cloud, declared, rollout)));
        expect(sorted(cloud.read(w.emulator))).toEqual(sorted(declared));
      }
      const writes = w.emulator
        .calls({ cloud: cloud.api })
        .filter((c) => [add, set, remove].includes(c.action));
      expect(new Set(writes.map((c) => c.action))).toEqual(new Set([add, set, remove]));
      expect(writes.flatMap(conformanceProblems)).toEqual([]);
      for (const call of writes) {
        const named = cloud.sent(call.params).map((entry) => JSON.stringify(entry));
        expect(new Set(named).size).toBe(named.length);
      }
    });

    it("adopts declared members that exist, sets differing weights, and leaves undeclared ones alone", async () => {
      cloud.write(
        w.emulator,
        new Map([
          [cloud.ours(0), 100],
          [cloud.ours(1), 10],
          [cloud.theirs(0), 50],
        ]),
      );
      const ids = w.ids();
      await w.provider.create(inputs(cloud, ours(cloud, 3, 100)));

      expect(w.actions()).toEqual(calls(read, add, set));
      expect(w.named(add)).toEqual([[cloud.ours(2)]]);
      expect(w.named(set, ids)).toEqual([[cloud.ours(1)]]);
      expect(sorted(cloud.read(w.emulator))).toEqual(
        sorted(new Map([...ours(cloud, 3, 100), [cloud.theirs(0), 50]])),
      );
    });

    it("updates in add, set, remove order with exactly ceil(n/batch) calls of each, against what the cloud has", async () => {
      const n = 2 * b + 5;
      const { id, outs } = await w.provider.create(inputs(cloud, ours(cloud, n, 100)));
      w.emulator.clearCalls();
      const ids = w.ids();
      // b + 1 re-weighted, 3 kept, b + 1 no longer declared, 5 added.
      const next: Members = new Map([
        ...ours(cloud, b + 1, 5),
        ...ours(cloud, 3, 100, b + 1),
        ...ours(cloud, 5, 100, 5000),
      ]);
      const { outs: after } = await w.provider.update(id, outs, inputs(cloud, next));

      const sets = batches(b + 1, setBatchOf(cloud));
      expect(w.actions()).toEqual(calls(...reads(n), add, ...sets.map(() => set), remove, remove));
      expect(sizes(w, add)).toEqual([5]);
      expect(sizes(w, set)).toEqual(sets);
      expect(w.named(remove, ids).flat().sort()).toEqual([...ours(cloud, b + 1, 100, b + 4).keys()].sort());
      expect(sorted(cloud.read(w.emulator))).toEqual(sorted(next));
      expect(sorted(recorded(cloud, after))).toEqual(sorted(next));
    });

    it("makes no write at all when nothing changed, whatever the order", async () => {
      const declared = ours(cloud, b + 5, 100);
      const { id, outs } = await w.provider.create(inputs(cloud, declared));
      w.emulator.clearCalls();
      await w.provider.update(id, outs, inputs(cloud, new Map([...declared].reverse())));
      expect(w.actions()).toEqual(reads(b + 5));
    });

    it("never removes members it did not declare, on update or on delete", async () => {
      const { id, outs } = await w.provider.create(inputs(cloud, ours(cloud, 3, 100)));
      cloud.write(w.emulator, new Map([...cloud.read(w.emulator), [cloud.theirs(0), 1]]));
      let ids = w.ids();
      const { outs: after } = await w.provider.update(id, outs, inputs(cloud, ours(cloud, 2, 100)));
      expect(w.named(remove, ids)).toEqual([[cloud.ours(2)]]);
      expect(sorted(cloud.read(w.emulator))).toEqual(
        sorted(new Map([...ours(cloud, 2, 100), [cloud.theirs(0), 1]])),
      );

      w.emulator.clearCalls();
      ids = w.ids();
      await w.provider.delete(id, after);
      expect(w.actions()).toEqual(calls(read, remove));
      expect(w.named(remove, ids)).toEqual([[cloud.ours(0), cloud.ours(1)]]);
      expect(sorted(cloud.read(w.emulator))).toEqual([[cloud.theirs(0), 1]]);
    });

    it("removes every undeclared member with exclusive: true, in full batches, after adding", async () => {
      cloud.write(w.emulator, new Map(Array.from({ length: b + 5 }, (_, i) => [cloud.theirs(i), 100])));
      await w.provider.create(inputs(cloud, ours(cloud, 2, 100), { exclusive: true }));
      expect(w.actions()).toEqual(calls(...reads(b + 5), add, remove, remove));
      expect(sizes(w, remove)).toEqual([b, 5]);
      expect(sorted(cloud.read(w.emulator))).toEqual(sorted(ours(cloud, 2, 100)));
    });

    it("deletes only the declared members still attached", async () => {
      const { id, outs } = await w.provider.create(inputs(cloud, ours(cloud, 3, 100)));
      const left = cloud.read(w.emulator);
      left.delete(cloud.ours(1));
      cloud.write(w.emulator, left);
      w.emulator.clearCalls();
      const ids = w.ids();
      await w.provider.delete(id, outs);
      expect(w.actions()).toEqual(calls(read, remove));
      expect(w.named(remove, ids)).toEqual([[cloud.ours(0), cloud.ours(2)]]);
      expect(cloud.read(w.emulator).size).toBe(0);
    });

    it("refreshes to the cloud's truth as outputs and inputs, and drops the resource when the target is gone", async () => {
      const { id, outs } = await w.provider.create(inputs(cloud, ours(cloud, 3, 100)));
      // Another client re-weights one member, detaches one and attaches one of its own.
      const truth = new Map([
        [cloud.ours(0), 30],
        [cloud.ours(2), 100],
      ]);
      cloud.write(w.emulator, new Map([...truth, [cloud.theirs(0), 100]]));
      const refreshed = await w.provider.read(id, outs);
      expect(refreshed.id).toBe(id);
      expect(Object.keys(refreshed.inputs).sort()).toEqual(
        [cloud.membersField, cloud.targetField, "exclusive"].sort(),
      );
      expect(refreshed.inputs).toMatchObject({ [cloud.targetField]: target, exclusive: false });
      expect(sorted(recorded(cloud, refreshed.inputs))).toEqual(sorted(truth));
      expect(sorted(recorded(cloud, refreshed.props))).toEqual(sorted(truth));

      cloud.deleteTarget(w.emulator);
      expect(await w.provider.read(id, outs)).toEqual({ id: "", props: {}, inputs: {} });
      // A delete after the target went away has nothing left to do.
      w.emulator.clearCalls();
      await w.provider.delete(id, outs);
      expect(w.actions()).toEqual([read]);
    });

    it("retries throttling and server faults with backoff and converges", async () => {
      w.emulator.inject({ cloud: cloud.api, action: add, kind: "throttle", count: 2 });
      w.emulator.inject({ cloud: cloud.api, action: read, kind: "server-error", count: 1 });
      await w.provider.create(inputs(cloud, ours(cloud, 3, 100)));
      const { throttle, serverError } = VENDOR[cloud.api];
      expect(w.emulator.calls().map((c) => `${c.action} ${c.httpStatus} ${c.code ?? ""}`.trim())).toEqual([
        `${read} ${serverError}`,
        `${read} 200`,
        `${add} ${throttle}`,
        `${add} ${throttle}`,
        `${add} 200`,
        ...(cloud.completion ? [`${cloud.completion} 200`] : []),
      ]);
      expect(sorted(cloud.read(w.emulator))).toEqual(sorted(ours(cloud, 3, 100)));
    });

    it("reports a permanent refusal with action, target, code, message and request id, carrying the state reached", async () => {
      const { seed, code } = cloud.refuseFrom(b + 10);
      w.emulator.seed(seed);
      const error = await w.provider.create(inputs(cloud, ours(cloud, b + 15, 100))).catch((e) => e);

      expect(error).toBeInstanceOf(PartialFailure);
      expect(error.message).toMatch(
        new RegExp(
          `^${add} on ${where} failed: ${code.replaceAll(".", "\\.")}: .+ \\(RequestId: ${VENDOR[cloud.api].requestId.source}\\)\\. ` +
            "The members attached so far are recorded in state; run `pulumi up` again to continue\\.$",
        ),
      );
      // The refused add is answered at once: there is no job to follow.
      expect(w.actions()).toEqual([...calls(read, add), add]);
      expect(error.id).toMatch(new RegExp(`^${target}/`));
      expect(error.properties.__provider).toBe(PROVIDER_TEXT);
      expect(error.properties[cloud.targetField]).toBe(target);
      // The first batch went in; the state records exactly the members the cloud has.
      expect(cloud.read(w.emulator).size).toBe(b);
      expect(sorted(recorded(cloud, error.properties))).toEqual(sorted(cloud.read(w.emulator)));
      expect(error.reasons).toEqual([error.message]);
      const everything = JSON.stringify(error.properties) + error.message + w.log.join("\n");
      for (const secret of [cloud.key.accessKeySecret, cloud.key.accessKeyId])
        expect(everything).not.toContain(secret);
    });

    it("fails a create that reached nothing without recording it, naming the refusal", async () => {
      const { seed, code } = cloud.refuseFrom(0);
      w.emulator.seed(seed);
      const error = await w.provider.create(inputs(cloud, ours(cloud, 1, 100))).catch((e) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(PartialFailure);
      expect(error.message).toMatch(`${add} on ${where} failed: ${code}: `);
      expect(cloud.read(w.emulator).size).toBe(0);
    });

    it("rejects invalid inputs before any call, naming the field, the value and what is allowed", async () => {
      await expect(w.provider.create(inputs(cloud, new Map([[cloud.ours(0), 101]])))).rejects.toThrow(
        /weight 101 is not allowed: use an integer from 0 to 100/,
      );
      expect(w.actions()).toEqual([]);
    });
  });

  it("re-reads after a timed-out add that did succeed, and sends only what remains", async () => {
    w = await world(cloud, { env: { BACKEND_SERVERS_HTTP_TIMEOUT_MS: "300" } });
    w.emulator.inject({
      cloud: cloud.api,
      action: add,
      kind: "timeout-after-apply",
      count: 1,
      latencyMs: 5000,
    });
    const declared = ours(cloud, b + 5, 100);
    const { outs } = await w.provider.create(inputs(cloud, declared));
    if (cloud.completion) {
      // An asynchronous API's batch carries one ClientToken: sent again with it, the add the cloud did
      // apply is answered with its first job and applied once, with no re-read.
      expect(w.actions()).toEqual([read, add, ...calls(add, add)]);
      expect(sizes(w, add)).toEqual([b, b, 5]);
      const tokens = w.emulator.calls({ cloud: cloud.api, action: add }).map((c) => c.params.ClientToken);
      expect(tokens[1]).toBe(tokens[0]);
      expect(tokens[2]).not.toBe(tokens[0]);
    } else {
      expect(w.actions()).toEqual([read, add, read, add]);
      expect(sizes(w, add)).toEqual([b, 5]);
    }
    expect(sorted(cloud.read(w.emulator))).toEqual(sorted(declared));
    expect(sorted(recorded(cloud, outs))).toEqual(sorted(declared));
    // Where the cloud gives members ids (ELB), those whose answer was lost come from the re-read.
    const recordedIds = Object.values(outs[cloud.membersField] as Record<string, { id?: string }>).map(
      (m) => m.id,
    );
    expect(recordedIds.filter((id) => id !== undefined).sort()).toEqual([...w.ids().keys()].sort());
  });

  it.each(Object.entries(VENDOR[cloud.api].gone))(
    "never reads a target that is gone as empty: it does not exist, nothing changes, refresh drops it (answered %s)",
    async (_answered, answer) => {
      w = await world(cloud, { seed: cloud.seed({ api: answer }) });
      const { id, outs } = await w.provider.create(inputs(cloud, ours(cloud, 2, 100)));
      cloud.deleteTarget(w.emulator);
      w.emulator.clearCalls();
      await expect(w.provider.update(id, outs, inputs(cloud, ours(cloud, 3, 100)))).rejects.toThrow(
        `${where} does not exist (deleted outside Pulumi, or the wrong region or project?)`,
      );
      expect(w.actions()).toEqual([read]);
      expect((await w.provider.read(id, outs)).id).toBe("");
    },
  );

  it("says what to set when credentials are missing, before any call", async () => {
    const located = Object.fromEntries(
      Object.entries(cloud.config()).filter(([key]) => !/Key$|Token$/.test(key)),
    );
    w = await world(cloud, { config: located });
    await expect(w.provider.create(inputs(cloud, ours(cloud, 1, 100)))).rejects.toThrow(
      VENDOR[cloud.api].missingCredentials,
    );
    expect(w.emulator.calls()).toEqual([]);
  });
});
