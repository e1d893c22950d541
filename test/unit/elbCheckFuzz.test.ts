/**
 * Fuzzing the ELB `check`: a bad value in any field is refused with that field named, arbitrary JSON never
 * makes it throw, and a 10,000-member list is checked whole.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { elbSchema } from "../../provider/clouds/huaweicloud/elb/members";
import { checkInputs } from "../../provider/core/schema";
import { UNKNOWN } from "../../provider/core/unknown";

const SUBNET = "61da8098-954b-4809-bc5a-b99ccef8a398";

/** A valid input with `n` members: IP-as-backend and subnet members, every port and weight range. */
const valid = (n: number) => ({
  poolId: "04a9bc65-b75b-478d-b4d6-e693bb61dd35",
  projectId: "04dd36f964000fe22f9ac00bc85b1a1d",
  region: "cn-north-4",
  exclusive: false,
  members: Array.from({ length: n }, (_, i) => ({
    address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    protocolPort: i % 65536,
    weight: i % 101,
    ...(i % 2 === 0 ? { subnetCidrId: SUBNET, name: `m-${i}` } : {}),
  })),
});

const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant([]), fc.constant({}), fc.double());
const notAnInteger = fc.oneof(fc.double({ noNaN: true, noInteger: true }), fc.string(), fc.boolean());
const junk = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom("", " ", "é", "😀", "10.0.0"),
);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const badMemberValues: Record<string, fc.Arbitrary<unknown>> = {
  address: fc.oneof(
    notAString,
    junk.filter((s) => s !== UNKNOWN),
  ),
  protocolPort: fc.oneof(notAnInteger, fc.integer({ max: -1 }), fc.integer({ min: 65536 })),
  weight: fc.oneof(notAnInteger, fc.integer({ max: -1 }), fc.integer({ min: 101 })),
  subnetCidrId: fc.oneof(
    notAString,
    junk.filter((s) => !UUID.test(s) && s !== UNKNOWN),
  ),
  name: fc.oneof(
    notAString,
    fc.string({ minLength: 256, maxLength: 300 }),
    fc.constantFrom("a\nb", "\u0000", "x\u007f"),
  ),
};

const badFieldValues: Record<string, fc.Arbitrary<unknown>> = {
  poolId: fc.oneof(
    notAString,
    junk.filter((s) => !UUID.test(s) && s !== UNKNOWN),
  ),
  projectId: fc.oneof(
    notAString,
    junk.filter((s) => !/^[a-z0-9]{32}$/.test(s) && s !== UNKNOWN),
  ),
  region: fc.oneof(
    notAString,
    junk.filter((s) => !/^[a-z]{2,}(-[a-z0-9]+){1,4}$/.test(s) && s !== UNKNOWN),
  ),
  exclusive: fc.oneof(
    fc.string().filter((s) => s !== UNKNOWN),
    fc.integer(),
  ),
  members: fc.oneof(
    fc.string().filter((s) => s !== UNKNOWN),
    fc.integer(),
    fc.boolean(),
  ),
};

const field = (table: Record<string, fc.Arbitrary<unknown>>) =>
  fc.constantFrom(...Object.keys(table)).chain((name) => table[name].map((value) => [name, value] as const));

describe("huaweicloud.elb check under fuzzing", () => {
  it("refuses a bad value in any member field, naming that member's field", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.nat(),
        field(badMemberValues),
        (n, at, [name, value]) => {
          const input = valid(n);
          const i = at % n;
          input.members[i] = { ...input.members[i], [name]: value };
          const { failures } = checkInputs(elbSchema, input);
          expect(
            failures.some((f) => f.property.startsWith("members[") && f.property.endsWith(`.${name}`)),
          ).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("refuses a bad top-level value, naming the field", () => {
    fc.assert(
      fc.property(field(badFieldValues), ([name, value]) => {
        const { failures } = checkInputs(elbSchema, { ...valid(3), [name]: value });
        expect(failures.map((f) => f.property)).toContain(name);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary JSON, in any shape", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue(), (extra, members) => {
        expect(Array.isArray(checkInputs(elbSchema, { ...extra, members }).failures)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("checks a 10,000-member list, reports one bad member among them, and refuses duplicates", () => {
    const big = valid(10_000);
    expect(checkInputs(elbSchema, big).failures).toEqual([]);
    big.members[7_777] = { ...big.members[7_777], weight: -1 };
    big.members[9_999] = { ...big.members[42] };
    const failures = checkInputs(elbSchema, big).failures;
    expect(failures.map((f) => f.property)).toEqual([
      'members["10.0.30.97:7777"].weight',
      'members["10.0.0.42:42"]',
    ]);
  });
});
