import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunk } from "../../provider/core/chunk";

describe("chunk", () => {
  it.each([
    [0, 0],
    [1, 1],
    [20, 1],
    [21, 2],
    [40, 2],
    [200, 10],
    [201, 11],
  ])("splits %i items into %i batches of at most 20, none empty", (n, batches) => {
    const result = chunk(
      Array.from({ length: n }, (_, i) => i),
      20,
    );
    expect(result).toHaveLength(batches);
    expect(result.every((b) => b.length > 0 && b.length <= 20)).toBe(true);
    expect(result.flat()).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it("always makes exactly ceil(n/size) batches that keep every item in order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 250 }), (items, size) => {
        const batches = chunk(items, size);
        expect(batches).toHaveLength(Math.ceil(items.length / size));
        expect(batches.flat()).toEqual(items);
        expect(batches.every((b) => b.length >= 1 && b.length <= size)).toBe(true);
      }),
    );
  });

  it("refuses a batch size that is not a positive integer", () => {
    expect(() => chunk([1], 0)).toThrow(/positive integer, got 0/);
  });
});
