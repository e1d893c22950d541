/**
 * The provider's backoff between retries waits on the clock it is given, like its health gates and
 * drains: a test (the order-independence model) can then run retries without real timers.
 */
import { describe, expect, it } from "vitest";
import { AttachmentProvider } from "../../provider/runtime/attachmentProvider";
import { fixedSettings } from "../../provider/reconcile/settings";
import { modelKind, registration } from "./fakes/modelEngine";
import { MemoryCloud } from "./fakes/memoryCloud";

describe("retry backoff", () => {
  it("waits on the injected clock, for the delay the retry policy gives", async () => {
    const cloud = new MemoryCloud([{ id: "f0", weight: 7 }]);
    cloud.fail({ on: "add", retry: "transient" });
    const sleeps: number[] = [];
    let now = 1_000_000;
    const provider = new AttachmentProvider(
      modelKind(() => cloud),
      {
        // The default policy: a first backoff between 250 and 500 ms.
        settings: fixedSettings({}, {}),
        log: () => {},
        clock: {
          now: () => now,
          sleep: async (ms) => {
            sleeps.push(ms);
            now += ms;
          },
        },
      },
    );
    const inputs = registration("a", { members: new Map([["m0", 2]]), exclusive: false });
    const checked = await provider.check({}, inputs);
    await provider.create(checked.inputs);

    expect(cloud.writes()).toEqual([
      { kind: "add", ids: ["m0"] },
      { kind: "add", ids: ["m0"] },
    ]);
    expect([...cloud.members.values()]).toEqual([
      { id: "f0", weight: 7 },
      { id: "m0", weight: 2 },
    ]);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(250);
    expect(sleeps[0]).toBeLessThanOrEqual(500);
  });
});
