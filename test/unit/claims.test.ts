/**
 * Claims in `check`: members another attachment of the deployment declares read like any other failure of
 * many members (core/failures.ts `aggregated`): the first three at their own paths, one line counting the
 * rest, four of a kind shown in full. Through the provider's own check, as the engine calls it.
 */
import { describe, expect, it } from "vitest";
import { RESOURCE_NAME_KEY } from "../../provider/core/resourceName";
import { fixedSettings } from "../../provider/reconcile/settings";
import { AttachmentProvider } from "../../provider/runtime/attachmentProvider";
import { slbCloud } from "../clouds";

const LB = slbCloud.target;
const server = (i: number) => slbCloud.ours(i);
const inputs = (name: string, numbers: number[]) => ({
  [RESOURCE_NAME_KEY]: name,
  loadBalancerId: LB,
  backendServers: numbers.map((i) => slbCloud.declare(server(i), 100)),
});
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

/** Checks each attachment in turn in one provider (one deployment); the lines the engine prints for the last. */
async function lines(attachments: Record<string, number[]>): Promise<string[]> {
  const provider = new AttachmentProvider(slbCloud.kind, {
    settings: fixedSettings(slbCloud.config(), {}),
    log: () => undefined,
  });
  let failures: { property: string; reason: string }[] = [];
  for (const [name, numbers] of Object.entries(attachments))
    ({ failures } = await provider.check({}, inputs(name, numbers)));
  return failures.map((f) => `${f.property}: ${f.reason}`);
}

const both = (self: string, other: string) =>
  `declared by both "${self}" and "${other}": declare each member in one attachment only (moving a member ` +
  "from one attachment to another in the same change is fine)";
const line = (i: number, self = "b", other = "a") =>
  `backendServers["ecs:${server(i)}"]: member ecs:${server(i)} of loadBalancerId ${LB} is ${both(self, other)}`;

describe("members another attachment declares", () => {
  it("1: one line, at the member's path", async () => {
    expect(await lines({ a: [0, 1], b: [1, 2] })).toEqual([line(1)]);
  });

  it("4: all four shown, no count (a count stands in for two members at least)", async () => {
    expect(await lines({ a: range(0, 6), b: range(2, 4) })).toEqual(range(2, 4).map((i) => line(i)));
  });

  it("5: the first three, then one line counting the other two", async () => {
    expect(await lines({ a: range(0, 5), b: range(0, 5) })).toEqual([
      ...range(0, 3).map((i) => line(i)),
      `backendServers: 2 more members (5 in all, the first 3 shown) are ${both("b", "a")}`,
    ]);
  });

  it("200: four lines, naming the first three and counting the rest, in a few hundred bytes", async () => {
    const shown = await lines({ a: range(0, 200), b: range(0, 200) });
    expect(shown).toEqual([
      ...range(0, 3).map((i) => line(i)),
      `backendServers: 197 more members (200 in all, the first 3 shown) are ${both("b", "a")}`,
    ]);
    // About 40 KB as one line per member.
    expect(shown.join("\n").length).toBeLessThan(1500);
  });

  it("counts the members of each other attachment on their own", async () => {
    expect(await lines({ a: range(0, 5), b: [10], c: [...range(0, 5), 10] })).toEqual([
      ...range(0, 3).map((i) => line(i, "c", "a")),
      line(10, "c", "b"),
      `backendServers: 2 more members (5 in all, the first 3 shown) are ${both("c", "a")}`,
    ]);
  });
});
