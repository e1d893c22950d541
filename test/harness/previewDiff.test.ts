import { describe, expect, test } from "vitest";
import { changedEntries, previewDiffLines } from "../../harness/previewDiff";

const server = (n: number, weight = 100) => ({ serverId: `i-${n}`, type: "ecs", weight });
const listed = (ns: number[]) => ({ backendServers: ns.map((n) => server(n)), __provider: "v1" });
const keyed = (ns: number[]) => ({
  backendServers: Object.fromEntries(ns.map((n) => [`ecs:i-${n}`, server(n)])),
  __provider: "v1",
});

describe("previewDiffLines renders like `pulumi preview --diff`", () => {
  test("inserting one element at the front of a 5-element array changes every position", () => {
    const lines = previewDiffLines(listed([1, 2, 3, 4, 5]), listed([0, 1, 2, 3, 4, 5]));

    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(changedEntries(lines, "backendServers")).toEqual(new Set(["0", "1", "2", "3", "4", "5"]));
    expect(lines).toContainEqual({
      path: "backendServers[0].serverId",
      keys: ["backendServers", 0, "serverId"],
      kind: "update",
      old: "i-1",
      new: "i-0",
    });
    expect(lines.at(-1)).toMatchObject({ path: "backendServers[5]", kind: "add", new: server(5) });
  });

  test("the same insertion in an object keyed by identity is exactly one changed entry", () => {
    const lines = previewDiffLines(keyed([1, 2, 3, 4, 5]), keyed([0, 1, 2, 3, 4, 5]));

    expect(lines).toEqual([
      { path: 'backendServers["ecs:i-0"]', keys: ["backendServers", "ecs:i-0"], kind: "add", new: server(0) },
    ]);
    expect(changedEntries(lines, "backendServers")).toEqual(new Set(["ecs:i-0"]));
  });

  test("a changed member is one leaf line with its old and new value", () => {
    const after = keyed([1, 2]);
    after.backendServers["ecs:i-1"].weight = 20;

    const lines = previewDiffLines(keyed([1, 2]), after);

    expect(lines).toEqual([
      {
        path: 'backendServers["ecs:i-1"].weight',
        keys: ["backendServers", "ecs:i-1", "weight"],
        kind: "update",
        old: 100,
        new: 20,
      },
    ]);
    expect(changedEntries(lines, "backendServers")).toEqual(new Set(["ecs:i-1"]));
  });

  test("removing the last element is one delete at its position", () => {
    const lines = previewDiffLines(listed([1, 2, 3]), listed([1, 2]));

    expect(lines).toEqual([
      { path: "backendServers[2]", keys: ["backendServers", 2], kind: "delete", old: server(3) },
    ]);
  });

  test("internal keys are hidden, null is the same as absent, and a shape change is one line", () => {
    expect(previewDiffLines({ __provider: "v1", a: null }, { __provider: "v2" })).toEqual([]);
    expect(previewDiffLines({ ports: [80] }, { ports: { http: 80 } })).toEqual([
      { path: "ports", keys: ["ports"], kind: "update", old: [80], new: { http: 80 } },
    ]);
    expect(previewDiffLines({}, { "load-balancer": "lb-1" })).toEqual([
      { path: '["load-balancer"]', keys: ["load-balancer"], kind: "add", new: "lb-1" },
    ]);
  });
});
