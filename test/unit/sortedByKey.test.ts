import { describe, expect, it } from "vitest";
import { sortedByKey } from "../../provider/core/keyed";

const keyOf = (m: { key: string }) => m.key;
const member = (key: string, n = 0) => ({ key, n });

describe("sortedByKey", () => {
  it("orders members by key, whatever order they were given in, at every size", () => {
    for (const size of [0, 1, 2, 127, 128, 1000]) {
      const given = Array.from({ length: size }, (_, i) => member(`k${(i * 7919) % size}`, i));
      const keyed = sortedByKey(given, keyOf);
      const keys = given.map(keyOf).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(Object.keys(keyed)).toEqual(keys);
      for (const m of given) expect(keyed[m.key]).toBe(m);
    }
  });

  it("keeps one entry per key: the last given, in the place the key sorts to", () => {
    const keyed = sortedByKey([member("b", 1), member("a", 2), member("b", 3)], keyOf);
    expect(Object.entries(keyed)).toEqual([
      ["a", member("a", 2)],
      ["b", member("b", 3)],
    ]);
  });

  it("holds any key as its own property, __proto__ and the empty key included, on a plain object", () => {
    const keyed = sortedByKey(
      [member("__proto__"), member(""), member("\u0000"), member("constructor")],
      keyOf,
    );
    expect(Object.keys(keyed)).toEqual(["", "\u0000", "__proto__", "constructor"]);
    expect(Object.getPrototypeOf(keyed)).toBe(Object.prototype);
    expect(Object.hasOwn(keyed, "__proto__")).toBe(true);
    expect(keyed.__proto__).toEqual(member("__proto__"));
    expect(JSON.parse(JSON.stringify(keyed))).toEqual({
      "": member(""),
      "\u0000": member("\u0000"),
      ["__proto__"]: member("__proto__"),
      constructor: member("constructor"),
    });
  });
});
