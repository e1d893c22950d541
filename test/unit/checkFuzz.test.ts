/**
 * Fuzzing `check` of every resource type with malformed inputs of every kind: it never throws, reports a
 * failure that names the member and the field at fault, makes no cloud call (it has no way to: it is
 * given no settings), and handles 10,000-member lists and the preview's unknown sentinel anywhere.
 */
import { isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ensSchema } from "../../provider/clouds/alicloud/ens/members";
import { slbSchema } from "../../provider/clouds/alicloud/slb/members";
import { elbSchema } from "../../provider/clouds/huaweicloud/elb/members";
import { memberPath } from "../../provider/core/failures";
import { checkInputs, type AttachmentSchema } from "../../provider/core/schema";
import { UNKNOWN } from "../../provider/core/unknown";

interface FuzzTarget {
  schema: AttachmentSchema<any>;
  /** A valid input with `n` members. */
  valid(n: number): Record<string, unknown>;
  /** Values that must be refused, per member field. */
  badMemberValues: Record<string, fc.Arbitrary<unknown>>;
  /**
   * Set on the member along with a bad value of the field: puts the field where it is part of the
   * member's identity (the serverIp of a CLB ENI), the harder case for naming the member.
   */
  context?: Record<string, Record<string, unknown>>;
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
  fc.constantFrom("", " ", "é", "😀", "i-", "lb-UPPER", "10.0.0", "192.168.0.256"),
);
/** Junk that is not `allowed` and not the preview's unknown sentinel (which is passed through unchecked). */
const junkBut = (allowed: (s: string) => boolean) => junkString.filter((s) => !allowed(s) && s !== UNKNOWN);
const pad = (i: number) => String(i).padStart(8, "0");
const REGION = /^[a-z]{2,}(-[a-z0-9]+){1,4}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Integers outside min..max: the two just outside always among them, since fast-check rarely draws them. */
const outside = (min: number, max: number) =>
  fc.oneof(fc.constantFrom(min - 1, max + 1), fc.integer({ max: min - 1 }), fc.integer({ min: max + 1 }));
const badWeight = fc.oneof(notAnInteger, outside(0, 100));
const badList = fc.oneof(
  fc.string().filter((s) => s !== UNKNOWN),
  fc.integer(),
  fc.boolean(),
);
const badExclusive = fc.oneof(
  fc.string().filter((s) => s !== UNKNOWN),
  fc.integer(),
  fc.constant([]),
);

const slb: FuzzTarget = {
  schema: slbSchema,
  valid: (n) => ({
    loadBalancerId: "lb-2ze7o5h52g02kkzze7lru",
    regionId: "cn-beijing",
    exclusive: false,
    backendServers: Array.from({ length: n }, (_, i) => ({
      serverId: `i-fuzz${pad(i)}`,
      weight: i % 101,
      port: 1 + (i % 65535),
    })),
  }),
  badMemberValues: {
    serverId: fc.oneof(
      notAString,
      junkBut((s) => /^i-[a-z0-9]{6,40}$/.test(s)),
    ),
    weight: badWeight,
    port: fc.oneof(notAnInteger, outside(1, 65535)),
    type: fc.oneof(
      notAString,
      junkBut((s) => ["ecs", "eni", "eci"].includes(s)),
    ),
    serverIp: fc.oneof(
      notAString,
      junkBut((s) => isIP(s) !== 0),
    ),
    description: fc.oneof(
      notAString,
      fc.string({ minLength: 81, maxLength: 200 }),
      fc.constantFrom("", "a b", "ü", "😀", "x;y"),
    ),
  },
  context: { serverIp: { type: "eni", serverId: "eni-2ze1u9ywulp5pbvvc7hv" } },
  badFieldValues: {
    loadBalancerId: fc.oneof(notAString, junkString),
    regionId: fc.oneof(
      notAString,
      junkBut((s) => REGION.test(s)),
    ),
    exclusive: badExclusive,
    backendServers: badList,
  },
};

/** ENS: instances and, every third member, one IP of an ENI, with ports and every weight. */
const ens: FuzzTarget = {
  schema: ensSchema,
  valid: (n) => ({
    loadBalancerId: "lb-5qzdmxefgrpxd7oz2mefonvtx",
    exclusive: false,
    backendServers: Array.from({ length: n }, (_, i) =>
      i % 3 === 2
        ? {
            serverId: `eni-fuzz${pad(i)}`,
            type: "eni",
            ip: `192.168.${(i >> 8) & 255}.${i & 255}`,
            weight: i % 101,
            port: 1 + (i % 65535),
          }
        : { serverId: `i-fuzz${pad(i)}`, weight: i % 101 },
    ),
  }),
  badMemberValues: {
    // Refused whatever the member's type: neither an instance id nor an ENI id.
    serverId: fc.oneof(
      notAString,
      junkBut((s) => /^(i|eni)-[a-z0-9]{6,40}$/.test(s)),
    ),
    type: fc.oneof(
      notAString,
      junkBut((s) => ["ens", "eni"].includes(s)),
    ),
    ip: fc.oneof(
      notAString,
      junkBut((s) => isIP(s) !== 0),
    ),
    weight: badWeight,
    port: fc.oneof(notAnInteger, outside(1, 65535)),
  },
  badFieldValues: {
    loadBalancerId: fc.oneof(
      notAString,
      junkBut((s) => /^lb-[a-z0-9]{8,40}$/.test(s)),
    ),
    exclusive: badExclusive,
    backendServers: badList,
  },
};

/** Huawei ELB: IP-as-backend and subnet members (named), every port (0 included) and weight. */
const elb: FuzzTarget = {
  schema: elbSchema,
  valid: (n) => ({
    poolId: "04a9bc65-b75b-478d-b4d6-e693bb61dd35",
    projectId: "04dd36f964000fe22f9ac00bc85b1a1d",
    region: "cn-north-4",
    exclusive: false,
    members: Array.from({ length: n }, (_, i) => ({
      address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      protocolPort: i % 65536,
      weight: i % 101,
      ...(i % 2 === 0 ? { subnetCidrId: "61da8098-954b-4809-bc5a-b99ccef8a398", name: `m-${i}` } : {}),
    })),
  }),
  badMemberValues: {
    address: fc.oneof(
      notAString,
      junkBut((s) => isIP(s) !== 0),
    ),
    protocolPort: fc.oneof(notAnInteger, outside(0, 65535)),
    weight: badWeight,
    subnetCidrId: fc.oneof(
      notAString,
      junkBut((s) => UUID.test(s)),
    ),
    name: fc.oneof(
      notAString,
      fc.string({ minLength: 256, maxLength: 300 }),
      fc.constantFrom("a\nb", "\u0000", "x\u007f"),
    ),
  },
  badFieldValues: {
    poolId: fc.oneof(
      notAString,
      junkBut((s) => UUID.test(s)),
    ),
    projectId: fc.oneof(
      notAString,
      junkBut((s) => /^[a-z0-9]{32}$/.test(s)),
    ),
    region: fc.oneof(
      notAString,
      junkBut((s) => REGION.test(s)),
    ),
    exclusive: badExclusive,
    members: badList,
  },
};

const fieldAndValue = (table: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .constantFrom(...Object.keys(table))
    .chain((field) => table[field].map((value) => [field, value] as const));

describe.each([
  ["alicloud.slb", slb],
  ["alicloud.ens", ens],
  ["huaweicloud.elb", elb],
])("%s check under fuzzing", (_name, target) => {
  const { schema } = target;
  const listField = schema.listField;
  const members = (input: Record<string, unknown>) => input[listField] as Record<string, unknown>[];
  /** The property path of a member's field as `check` names it: by the member's identity. */
  const key = (raw: Record<string, unknown>) => schema.model.key(schema.normalizeMember(raw).member);
  const pathOf = (raw: Record<string, unknown>, field?: string) => memberPath(listField, key(raw), field);

  it("refuses a bad value in any member field, naming that member's field", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.nat(),
        fieldAndValue(target.badMemberValues),
        (n, at, [field, value]) => {
          const input = target.valid(n);
          const list = members(input);
          const i = at % n;
          list[i] = { ...list[i], ...target.context?.[field], [field]: value };
          const { failures } = checkInputs(schema, input);
          expect(failures.map((f) => f.property)).toContain(pathOf(list[i], field));
          expect(failures.every((f) => typeof f.reason === "string" && f.reason.length > 0)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("refuses a bad top-level value, naming the field", () => {
    fc.assert(
      fc.property(fieldAndValue(target.badFieldValues), ([field, value]) => {
        const { failures } = checkInputs(schema, { ...target.valid(3), [field]: value });
        expect(failures.map((f) => f.property)).toContain(field);
      }),
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
    const input = target.valid(3);
    const variants = Object.keys(input).map((top) => ({ ...structuredClone(input), [top]: UNKNOWN }));
    members(input).forEach((member, at) => {
      for (const field of Object.keys(member)) {
        const copy = structuredClone(input);
        members(copy)[at][field] = UNKNOWN;
        variants.push(copy);
      }
    });
    const whole = structuredClone(input);
    members(whole)[1] = UNKNOWN as unknown as Record<string, unknown>;
    for (const variant of [...variants, whole]) expect(checkInputs(schema, variant).failures).toEqual([]);
  });

  it("checks a 10,000-member list, reports one bad member among them, and refuses duplicates", () => {
    const big = target.valid(10_000);
    expect(checkInputs(schema, big).failures).toEqual([]);
    const list = members(big);
    list[7_777] = { ...list[7_777], weight: -1 };
    list[9_999] = { ...list[42] };
    const failures = checkInputs(schema, big).failures;
    expect(failures.map((f) => f.property)).toEqual([pathOf(list[7_777], "weight"), pathOf(list[42])]);
    expect(failures[1].reason).toMatch(/more than once/);
  });

  describe("many members with the same kind of failure", () => {
    /** Every failure as the `property: reason` line the engine prints. */
    const lines = (input: Record<string, unknown>) =>
      checkInputs(schema, input).failures.map((f) => `${f.property}: ${f.reason}`);
    const once = `each ${schema.identityFields} may appear once`;

    it("200 duplicates: the first three at their own paths, then one line that counts the others", () => {
      const input = target.valid(200);
      const list = members(input);
      list.push(...list.map((m) => ({ ...m })));
      const shown = lines(input);
      expect(shown).toEqual([
        ...list.slice(0, 3).map((m) => `${pathOf(m)}: member ${key(m)} is declared more than once: ${once}`),
        `${listField}: 197 more members (200 in all, the first 3 shown) are declared more than once: ${once}`,
      ]);
      // About 20 KB as one line per duplicate; a few hundred bytes now.
      expect(shown.join("\n").length).toBeLessThan(1500);
    });

    it("200 members with weight 150: the first three, then the count and the problem they share", () => {
      const input = target.valid(200);
      for (const m of members(input)) m.weight = 150;
      const problem = "weight 150 is not allowed: use an integer from 0 to 100";
      expect(lines(input)).toEqual([
        ...members(input)
          .slice(0, 3)
          .map((m) => `${pathOf(m, "weight")}: member ${key(m)}: ${problem}`),
        `${listField}: 197 more members (200 in all, the first 3 shown) have the same problem: ${problem}`,
      ]);
    });

    it("different bad values of one field: the first three as they are, then how many more have one", () => {
      const input = target.valid(50);
      members(input).forEach((m, i) => (m.weight = 101 + i));
      const shown = lines(input);
      expect(shown).toHaveLength(4);
      expect(shown[2]).toBe(
        `${pathOf(members(input)[2], "weight")}: member ${key(members(input)[2])}: weight 103 is not allowed: use an integer from 0 to 100`,
      );
      expect(shown[3]).toBe(
        `${listField}: 47 more members (50 in all, the first 3 shown) have a weight that is not allowed either`,
      );
    });

    it("counts each kind on its own, shows four of a kind in full, and counts from five", () => {
      const input = target.valid(20);
      const list = members(input);
      for (const i of [0, 1, 2, 3]) list[i].weight = -1; // four: all shown
      for (const i of [4, 5, 6, 7, 8]) list.push({ ...list[i] }); // five duplicates: three and a count
      const shown = lines(input);
      expect(shown.filter((l) => l.includes("weight -1"))).toHaveLength(4);
      expect(shown.filter((l) => l.includes("is declared more than once"))).toHaveLength(3);
      expect(shown.at(-1)).toBe(
        `${listField}: 2 more members (5 in all, the first 3 shown) are declared more than once: ${once}`,
      );
      expect(shown).toHaveLength(8);
    });
  });
});
