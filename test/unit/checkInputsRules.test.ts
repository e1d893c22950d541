/**
 * The input rules shared by the three resource types: a missing member list is an error (never "no
 * members"), a list must be a list, null is refused in every field, a zone-scoped IPv6 address is refused
 * instead of crashing, and values are quoted back exactly as typed.
 */
import { describe, expect, it } from "vitest";
import { ensSchema } from "../../provider/clouds/alicloud/ens/members";
import { slbSchema } from "../../provider/clouds/alicloud/slb/members";
import { elbSchema } from "../../provider/clouds/huaweicloud/elb/members";
import { type AttachmentSchema, checkInputs } from "../../provider/core/schema";

const SUBNET = "61da8098-954b-4809-bc5a-b99ccef8a398";
const clouds: [string, AttachmentSchema<unknown>, Record<string, unknown>, Record<string, unknown>][] = [
  [
    "CLB",
    slbSchema as AttachmentSchema<unknown>,
    { loadBalancerId: "lb-2ze7o5h52g02kkzze7lru" },
    { serverId: "i-aaaaaaaaaa" },
  ],
  [
    "ENS",
    ensSchema as AttachmentSchema<unknown>,
    { loadBalancerId: "lb-5qzdmxefgrpxd7oz2mefonvtx" },
    { serverId: "i-aaaaaaaaaa" },
  ],
  [
    "ELB",
    elbSchema as AttachmentSchema<unknown>,
    { poolId: "04a9bc65-b75b-478d-b4d6-e693bb61dd35" },
    { address: "10.0.0.1", protocolPort: 80 },
  ],
];
const reasons = (schema: AttachmentSchema<unknown>, news: Record<string, unknown>) =>
  checkInputs(schema, news).failures.map((f) => `${f.property}: ${f.reason}`);

describe.each(clouds)("%s check", (_cloud, schema, target, member) => {
  const list = schema.listField;

  it("refuses a missing member list (undefined or null) instead of reading it as empty; [] is empty", () => {
    for (const [value, shown] of [
      [undefined, "undefined"],
      [null, "null"],
    ] as const) {
      expect(reasons(schema, { ...target, exclusive: true, [list]: value })).toEqual([
        `${list}: ${list} is required, and was ${shown}: a missing list is never taken as empty; give [] to declare no members`,
      ]);
    }
    const { inputs, failures } = checkInputs(schema, { ...target, exclusive: true, [list]: [] });
    expect(failures).toEqual([]);
    expect(inputs[list]).toEqual({});
  });

  it("refuses a member list that is not a list, including one member given without the brackets", () => {
    expect(reasons(schema, { ...target, [list]: member })).toEqual([
      `${list}: ${list} an object is not allowed: use a list of members`,
    ]);
    expect(reasons(schema, { ...target, [list]: "i-aaaaaaaaaa" })).toEqual([
      `${list}: ${list} "i-aaaaaaaaaa" is not allowed: use a list of members`,
    ]);
    // Inputs check already returned (given again to diff, create and update) are keyed by identity.
    const checked = checkInputs(schema, { ...target, [list]: [member] }).inputs;
    expect(checkInputs(schema, checked, "checked")).toEqual({ inputs: checked, failures: [] });
  });

  it("refuses null in every field, the way it refuses any other value that is not allowed", () => {
    const fields = ["weight", ...Object.keys(member)];
    for (const field of fields) {
      const failures = reasons(schema, { ...target, [list]: [{ ...member, [field]: null }] });
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(
        new RegExp(
          `\\.${field}: member .*: ${field} null is not allowed: give a value, or leave ${field} out where it is optional$`,
        ),
      );
    }
    expect(reasons(schema, { ...target, exclusive: null, [list]: [] })).toEqual([
      "exclusive: exclusive null is not allowed: give a value, or leave exclusive out where it is optional",
    ]);
    const [field] = Object.keys(target);
    expect(reasons(schema, { [field]: null, [list]: [] })).toEqual([
      `${field}: ${field} null is not allowed: give a value, or leave ${field} out where it is optional`,
    ]);
  });

  it("passes the hidden resource name through, and refuses no other hidden input", () => {
    const { inputs, failures } = checkInputs(schema, {
      ...target,
      [list]: [],
      __attachmentName: "web",
      __provider: "x",
    });
    expect(failures).toEqual([]);
    expect(inputs.__attachmentName).toBe("web");
    expect(inputs.__provider).toBeUndefined(); // the plugin adds it back itself
  });
});

describe("IP addresses with a zone index", () => {
  const zoned = "fe80::1%eth0";
  it("are refused by every schema with the value as typed, not a crash", () => {
    expect(
      reasons(elbSchema as AttachmentSchema<unknown>, {
        poolId: clouds[2][2].poolId,
        members: [{ address: zoned, protocolPort: 80, subnetCidrId: SUBNET }],
      }),
    ).toEqual([
      `members["[${zoned}]:80"].address: member [${zoned}]:80: address "${zoned}" is not allowed: a zone index (%...) names a local interface; use an IPv4 or IPv6 address without one`,
    ]);
    expect(
      reasons(slbSchema as AttachmentSchema<unknown>, {
        ...clouds[0][2],
        backendServers: [{ serverId: "eni-2ze1u9ywulp5pbvvc7hv", type: "eni", serverIp: zoned }],
      }),
    ).toEqual([
      `backendServers["eni:eni-2ze1u9ywulp5pbvvc7hv@${zoned}"].serverIp: member eni:eni-2ze1u9ywulp5pbvvc7hv@${zoned}: serverIp "${zoned}" is not allowed: a zone index (%...) names a local interface; use an IPv4 or IPv6 address without one`,
    ]);
  });
});

describe("values quoted back", () => {
  const elb = (m: Record<string, unknown>) =>
    reasons(elbSchema as AttachmentSchema<unknown>, { poolId: clouds[2][2].poolId, members: [m] });

  it("quote an address as the user typed it, not in its canonical form", () => {
    expect(elb({ address: "2001:DB8:0::1", protocolPort: 80 })).toEqual([
      'members["[2001:db8::1]:80"].address: member [2001:db8::1]:80: address "2001:DB8:0::1" is not allowed without subnetCidrId: an IP-as-backend member needs a private IPv4 address (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16); give subnetCidrId for any other address',
    ]);
  });

  it("cut a long value outside the quotes, at a whole character, and say how long it was", () => {
    const name = "😀".repeat(300);
    expect(elb({ address: "10.0.0.1", protocolPort: 80, name })).toEqual([
      `members["10.0.0.1:80"].name: member 10.0.0.1:80: name "${"😀".repeat(57)}"... (300 characters) is not allowed: use a name of at most 255 characters, without control characters`,
    ]);
  });

  it("count a Huawei member name in characters, not UTF-16 units", () => {
    expect(elb({ address: "10.0.0.1", protocolPort: 80, name: "😀".repeat(255) })).toEqual([]);
  });
});
