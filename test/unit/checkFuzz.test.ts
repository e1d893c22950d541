/**
 * Fuzzing `check` with malformed inputs of every kind: it never throws, reports a failure that names
 * the field at fault, makes no cloud call (it has no way to: it is given no settings), and handles
 * 10,000-member lists and the preview's unknown sentinel anywhere.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { slbSchema } from "../../provider/clouds/alicloud/slb/members";
import { checkInputs, type AttachmentSchema } from "../../provider/core/schema";
import { UNKNOWN } from "../../provider/core/unknown";

interface FuzzTarget {
  schema: AttachmentSchema<any>;
  /** A valid input with `n` members. */
  valid(n: number): Record<string, unknown>;
  /** Values that must be refused, per member field. */
  badMemberValues: Record<string, fc.Arbitrary<unknown>>;
  /** Values that must be refused, per top-level field. */
  badFieldValues: Record<string, fc.Arbitrary<unknown>>;
}

const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant([]), fc.constant({}), fc.double());
const notAnInteger = fc.oneof(
  fc.double({ noNaN: true, noInteger: true }),
  fc.string(),
  fc.boolean(),
  fc.constant([]),
);
const junkString = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom("", " ", "é", "😀", "i-", "lb-UPPER"),
);

const slb: FuzzTarget = {
  schema: slbSchema,
  valid: (n) => ({
    loadBalancerId: "lb-2ze7o5h52g02kkzze7lru",
    regionId: "cn-beijing",
    exclusive: false,
    backendServers: Array.from({ length: n }, (_, i) => ({
      serverId: `i-fuzz${String(i).padStart(8, "0")}`,
      weight: i % 101,
      port: 1 + (i % 65535),
    })),
  }),
  badMemberValues: {
    serverId: fc.oneof(
      notAString,
      junkString.filter((s) => !/^i-[a-z0-9]{6,40}$/.test(s)),
    ),
    weight: fc.oneof(notAnInteger, fc.integer({ max: -1 }), fc.integer({ min: 101 })),
    port: fc.oneof(notAnInteger, fc.integer({ max: 0 }), fc.integer({ min: 65536 })),
    type: fc.oneof(
      notAString,
      junkString.filter((s) => !["ecs", "eni", "eci"].includes(s)),
    ),
    serverIp: fc.oneof(notAString, junkString),
    description: fc.oneof(
      notAString,
      fc.string({ minLength: 81, maxLength: 200 }),
      fc.constantFrom("", "a b", "ü", "😀", "x;y"),
    ),
  },
  badFieldValues: {
    loadBalancerId: fc.oneof(notAString, junkString),
    regionId: fc.oneof(
      notAString,
      junkString.filter((s) => !/^[a-z]{2,}(-[a-z0-9]+){1,4}$/.test(s)),
    ),
    exclusive: fc.oneof(fc.string(), fc.integer(), fc.constant([])),
    backendServers: fc.oneof(
      fc.string().filter((s) => s !== UNKNOWN),
      fc.integer(),
      fc.boolean(),
    ),
  },
};

describe.each([["alicloud.slb", slb]])("%s check under fuzzing", (_name, target) => {
  const { schema } = target;
  const listField = schema.listField;
  const members = (input: Record<string, unknown>) => input[listField] as Record<string, unknown>[];

  it("refuses a bad value in any member field, naming the member's field", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.nat(),
        fc
          .constantFrom(...Object.keys(target.badMemberValues))
          .chain((field) => target.badMemberValues[field].map((value) => [field, value] as const)),
        (n, at, [field, value]) => {
          const input = target.valid(n);
          const list = members(input);
          const i = at % n;
          list[i] = { ...list[i], [field]: value };
          if (field === "serverIp" || field === "ip" || field === "address")
            list[i].type = list[i].type ?? "eni";
          const { failures } = checkInputs(schema, input);
          expect(failures.length).toBeGreaterThan(0);
          expect(failures.some((f) => f.property.startsWith(`${listField}[`))).toBe(true);
          expect(failures.every((f) => typeof f.reason === "string" && f.reason.length > 0)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("refuses a bad top-level value, naming the field", () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...Object.keys(target.badFieldValues))
          .chain((field) => target.badFieldValues[field].map((value) => [field, value] as const)),
        ([field, value]) => {
          const { failures } = checkInputs(schema, { ...target.valid(3), [field]: value });
          expect(failures.map((f) => f.property)).toContain(field);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary JSON, in any shape", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue(), (extra, list) => {
        const result = checkInputs(schema, { ...extra, [listField]: list });
        expect(Array.isArray(result.failures)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("passes the unknown sentinel in every position without a failure or an exception", () => {
    const input = target.valid(2);
    const paths: [string, string?][] = Object.keys(input).map((k) => [k]);
    for (const field of Object.keys(members(input)[0])) paths.push([listField, field]);
    for (const [top, field] of paths) {
      const copy = structuredClone(input);
      if (field === undefined) copy[top] = UNKNOWN;
      else members(copy)[0][field] = UNKNOWN;
      expect(checkInputs(schema, copy).failures).toEqual([]);
    }
    const whole = structuredClone(input);
    members(whole)[1] = UNKNOWN as unknown as Record<string, unknown>;
    expect(checkInputs(schema, whole).failures).toEqual([]);
  });

  it("checks a 10,000-member list, reports one bad member among them, and refuses duplicates", () => {
    const big = target.valid(10_000);
    expect(checkInputs(schema, big).failures).toEqual([]);
    const list = members(big);
    list[7_777] = { ...list[7_777], weight: -1 };
    list[9_999] = { ...list[42] };
    const failures = checkInputs(schema, big).failures;
    expect(failures).toHaveLength(2);
    expect(failures.map((f) => f.property).join(" ")).toMatch(/weight/);
    expect(failures.map((f) => f.reason).join(" ")).toMatch(/more than once/);
  });
});
