import { describe, expect, it } from "vitest";
import {
  type ElbMember,
  elbMemberKey,
  elbModel,
  elbSchema,
} from "../../provider/clouds/huaweicloud/elb/members";
import { diffInputs } from "../../provider/core/diff";
import { UNKNOWN } from "../../provider/core/unknown";
import { checkerOf } from "./schemaCheck";

const POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35";
const SUBNET = "61da8098-954b-4809-bc5a-b99ccef8a398";
const { check, reasons } = checkerOf(elbSchema);
const oneMember = (member: Record<string, unknown>) => reasons({ poolId: POOL, members: [member] });

describe("ELB check", () => {
  it("applies the default weight of 1, keeps weight 0, and orders members canonically by identity", () => {
    const { inputs, failures } = check({
      poolId: POOL,
      members: [
        { address: "192.168.0.49", protocolPort: 8080, subnetCidrId: SUBNET, name: "web-2" },
        { address: "10.1.0.7", protocolPort: 8080, weight: 0 },
        { address: "2001:DB8:0::1", protocolPort: 0, subnetCidrId: SUBNET, name: "" },
      ],
    });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      poolId: POOL,
      exclusive: false,
      members: {
        "10.1.0.7:8080": { address: "10.1.0.7", protocolPort: 8080, weight: 0 },
        "192.168.0.49:8080": {
          address: "192.168.0.49",
          protocolPort: 8080,
          subnetCidrId: SUBNET,
          weight: 1,
          name: "web-2",
        },
        "[2001:db8::1]:0": {
          address: "2001:db8::1",
          protocolPort: 0,
          subnetCidrId: SUBNET,
          weight: 1,
          name: "",
        },
      },
    });
  });

  it("names the field, the bad value and what is allowed, for every top-level input", () => {
    expect(
      reasons({
        poolId: "pool-1",
        projectId: "04DD36F964000FE22F9AC00BC85B1A1D",
        region: "North China",
        exclusive: 1,
        members: "all",
      }),
    ).toEqual([
      'poolId: poolId "pool-1" is not allowed: use a backend server group ID (a UUID) like 04a9bc65-b75b-478d-b4d6-e693bb61dd35',
      'projectId: projectId "04DD36F964000FE22F9AC00BC85B1A1D" is not allowed: use a project ID of 32 lowercase letters and digits',
      'region: region "North China" is not allowed: use a region ID like cn-north-4',
      "exclusive: exclusive 1 is not allowed: use true or false",
      'members: members "all" is not allowed: use a list of members',
    ]);
    expect(reasons({ members: [], projectId: "04dd36f964000fe22f9ac00bc85b1a1" })).toEqual([
      "poolId: poolId is required",
      'projectId: projectId "04dd36f964000fe22f9ac00bc85b1a1" is not allowed: use a project ID of 32 lowercase letters and digits',
    ]);
  });

  it.each([
    [
      { address: "10.0.0.300", protocolPort: 80 },
      'members["10.0.0.300:80"].address: member 10.0.0.300:80: address "10.0.0.300" is not allowed: use an IPv4 or IPv6 address',
    ],
    [
      { address: "web-1.internal", protocolPort: 80, subnetCidrId: SUBNET },
      'members["web-1.internal:80"].address: member web-1.internal:80: address "web-1.internal" is not allowed: use an IPv4 or IPv6 address',
    ],
    [{ protocolPort: 80 }, 'members["undefined:80"].address: member undefined:80: address is required'],
    [
      { address: "8.8.8.8", protocolPort: 80 },
      'members["8.8.8.8:80"].address: member 8.8.8.8:80: address "8.8.8.8" is not allowed without subnetCidrId: an IP-as-backend member needs a private IPv4 address (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16); give subnetCidrId for any other address',
    ],
    [
      { address: "fd00::1", protocolPort: 80 },
      'members["[fd00::1]:80"].address: member [fd00::1]:80: address "fd00::1" is not allowed without subnetCidrId: an IP-as-backend member needs a private IPv4 address (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16); give subnetCidrId for any other address',
    ],
    [
      { address: "10.0.0.1", protocolPort: 65536 },
      'members["10.0.0.1:65536"].protocolPort: member 10.0.0.1:65536: protocolPort 65536 is not allowed: use an integer from 0 to 65535',
    ],
    [
      { address: "10.0.0.1", protocolPort: "80" },
      'members["10.0.0.1:80"].protocolPort: member 10.0.0.1:80: protocolPort "80" is not allowed: use an integer from 0 to 65535',
    ],
    [
      { address: "10.0.0.1", protocolPort: -1 },
      'members["10.0.0.1:-1"].protocolPort: member 10.0.0.1:-1: protocolPort -1 is not allowed: use an integer from 0 to 65535',
    ],
    [
      { address: "10.0.0.1" },
      'members["10.0.0.1:undefined"].protocolPort: member 10.0.0.1:undefined: protocolPort is required',
    ],
    [
      { address: "10.0.0.1", protocolPort: 80, weight: 101 },
      'members["10.0.0.1:80"].weight: member 10.0.0.1:80: weight 101 is not allowed: use an integer from 0 to 100',
    ],
    [
      { address: "10.0.0.1", protocolPort: 80, weight: 0.5 },
      'members["10.0.0.1:80"].weight: member 10.0.0.1:80: weight 0.5 is not allowed: use an integer from 0 to 100',
    ],
    [
      { address: "10.0.0.1", protocolPort: 80, weight: -1 },
      'members["10.0.0.1:80"].weight: member 10.0.0.1:80: weight -1 is not allowed: use an integer from 0 to 100',
    ],
    [
      { address: "10.0.0.1", protocolPort: 80, name: "x".repeat(256) },
      `members["10.0.0.1:80"].name: member 10.0.0.1:80: name "${"x".repeat(57)}"... (256 characters) is not allowed: use a name of at most 255 characters, without control characters`,
    ],
    [
      { address: "10.0.0.1", protocolPort: 80, name: "web\n1" },
      'members["10.0.0.1:80"].name: member 10.0.0.1:80: name "web\\n1" is not allowed: use a name of at most 255 characters, without control characters',
    ],
    [
      { address: "10.0.0.1", protocolPort: 80, name: 7 },
      'members["10.0.0.1:80"].name: member 10.0.0.1:80: name 7 is not allowed: use a name of at most 255 characters, without control characters',
    ],
    [
      { address: "10.0.0.1", protocolPort: 80, subnetCidrId: "subnet-1" },
      'members["10.0.0.1:80"].subnetCidrId: member 10.0.0.1:80: subnetCidrId "subnet-1" is not allowed: use a subnet ID (a UUID) like 61da8098-954b-4809-bc5a-b99ccef8a398',
    ],
    [
      { address: "10.0.0.1", protocolPort: 80, port: 80 },
      'members["10.0.0.1:80"].port: member 10.0.0.1:80: port is not a member field: use address, protocolPort, subnetCidrId, weight, name',
    ],
  ])("refuses member %j", (member, reason) => {
    expect(oneMember(member)).toEqual([reason]);
  });

  it("accepts what ELB accepts: port 0 (gateway pools) and 65535, weights 0 and 100, a 255-character name, any RFC 1918 range", () => {
    for (const member of [
      { address: "172.16.0.1", protocolPort: 0 },
      { address: "172.31.255.254", protocolPort: 65535, weight: 100 },
      { address: "192.168.1.1", protocolPort: 80, weight: 0, name: "ü".repeat(255) },
      { address: "8.8.8.8", protocolPort: 80, subnetCidrId: SUBNET },
      { address: "2001:db8::5", protocolPort: 80, subnetCidrId: SUBNET },
    ]) {
      expect(oneMember(member)).toEqual([]);
    }
  });

  it("draws RFC 1918's edges exactly for members without a subnet", () => {
    const privateAddress = (address: string) => oneMember({ address, protocolPort: 80 }).length === 0;
    const inside = [
      "10.0.0.0",
      "10.255.255.255",
      "172.16.0.0",
      "172.31.255.255",
      "192.168.0.0",
      "192.168.255.255",
    ];
    const outside = ["9.255.255.255", "11.0.0.0", "100.0.0.1", "1.10.0.1", "172.15.255.255", "172.32.0.0"];
    const alsoOutside = ["172.160.0.1", "192.167.255.255", "192.169.0.0", "19.168.0.1"];
    expect(inside.filter(privateAddress)).toEqual(inside);
    expect([...outside, ...alsoOutside].filter(privateAddress)).toEqual([]);
  });

  it("refuses two members with the same address and port, however the address is spelled", () => {
    expect(
      reasons({
        poolId: POOL,
        members: [
          { address: "2001:db8::1", protocolPort: 80, subnetCidrId: SUBNET },
          { address: "2001:DB8:0:0:0:0:0:1", protocolPort: 80, subnetCidrId: SUBNET, weight: 5 },
          { address: "2001:db8::1", protocolPort: 81, subnetCidrId: SUBNET },
        ],
      }),
    ).toEqual([
      'members["[2001:db8::1]:80"]: member [2001:db8::1]:80 is declared more than once: each (address, protocolPort) may appear once',
    ]);
  });

  it("refuses an input that is not one of the resource's", () => {
    expect(reasons({ poolId: POOL, members: [], pool_id: POOL })).toEqual([
      "pool_id: pool_id is not an input of huaweicloud.elb.BackendServerAttachment: use poolId, projectId, region, members, exclusive, rollout",
    ]);
  });

  it("passes unknown values through, in any position, without failures", () => {
    for (const news of [
      { poolId: UNKNOWN, projectId: UNKNOWN, region: UNKNOWN, members: UNKNOWN, exclusive: UNKNOWN },
      { poolId: POOL, members: [UNKNOWN, { address: UNKNOWN, protocolPort: 80 }] },
      { poolId: POOL, members: [{ address: "8.8.8.8", protocolPort: UNKNOWN, subnetCidrId: UNKNOWN }] },
      { poolId: POOL, members: [{ address: "10.0.0.1", protocolPort: 80, weight: UNKNOWN, name: UNKNOWN }] },
    ]) {
      expect(check(news).failures).toEqual([]);
    }
  });
});

describe("ELB identity and model", () => {
  const member = (extra: Partial<ElbMember> = {}): ElbMember => ({
    address: "10.0.0.1",
    protocolPort: 80,
    weight: 1,
    ...extra,
  });

  it("keys by address and port only, IPv6 in brackets and canonical form", () => {
    expect(elbMemberKey(member({ subnetCidrId: SUBNET, weight: 9, name: "x", id: "id-1" }))).toBe(
      "10.0.0.1:80",
    );
    expect(elbMemberKey({ address: "2001:0DB8::0001", protocolPort: 443 })).toBe("[2001:db8::1]:443");
    expect(elbMemberKey({ address: "::ffff:10.0.0.1", protocolPort: 443 })).toBe("[::ffff:a00:1]:443");
  });

  it("updates in place for a weight or a declared name only", () => {
    expect(elbModel.needsUpdate(member({ weight: 0 }), member(), undefined)).toBe(true);
    expect(elbModel.needsUpdate(member({ name: "a" }), member({ name: "b" }), undefined)).toBe(true);
    expect(elbModel.needsUpdate(member({ name: "" }), member({ name: "b" }), undefined)).toBe(true);
    expect(elbModel.needsUpdate(member({ name: "" }), member(), undefined)).toBe(false);
    expect(elbModel.needsUpdate(member(), member({ name: "someone's" }), undefined)).toBe(false);
    expect(elbModel.needsUpdate(member(), member({ subnetCidrId: SUBNET, id: "x" }), undefined)).toBe(false);
  });

  it("records the declaration with ELB's id and health, and strips them again for inputs", () => {
    const cloud = member({ weight: 5, name: "cloud", id: "m-1", operatingStatus: "ONLINE" });
    const settled = elbModel.settled(member({ name: "mine" }), cloud);
    expect(settled).toEqual(member({ name: "mine", id: "m-1", operatingStatus: "ONLINE" }));
    expect(elbModel.settled(member(), undefined)).toEqual(member());
    expect(elbModel.declared(settled)).toEqual(member({ name: "mine" }));
  });

  it("observes the cloud's weight and name, a name only where one was declared, and keeps the declared subnet", () => {
    const cloud = member({
      weight: 5,
      name: "renamed",
      subnetCidrId: "other",
      id: "m-1",
      operatingStatus: "OFFLINE",
    });
    expect(elbModel.observed(cloud, member({ name: "mine", subnetCidrId: SUBNET }))).toEqual(
      member({ weight: 5, name: "renamed", subnetCidrId: SUBNET, id: "m-1", operatingStatus: "OFFLINE" }),
    );
    expect(elbModel.observed(member({ name: "", id: "m-2" }), member())).toEqual(member({ id: "m-2" }));
    // Met for the first time (exclusive refresh): the cloud's view, a name only if it has one.
    expect(elbModel.observed(cloud, undefined)).toEqual(cloud);
    expect(elbModel.observed(member({ name: "" }), undefined)).toEqual(member());
  });
});

describe("ELB diff", () => {
  const base = check({
    poolId: POOL,
    projectId: "04dd36f964000fe22f9ac00bc85b1a1d",
    region: "cn-north-4",
    members: [{ address: "10.0.0.1", protocolPort: 80 }],
  }).inputs;
  const olds = { ...base, __provider: "old text", __stateVersion: 1 };
  const diff = (news: Record<string, unknown>) =>
    diffInputs(elbSchema, olds, check({ ...base, ...news }).inputs);

  it("replaces only for another pool, project or region", () => {
    expect(diff({ poolId: "3e3a4b0c-5b1e-4a36-9a3f-6c0f2f1f2a7e" }).replaces).toEqual(["poolId"]);
    expect(diff({ projectId: "a".repeat(32) }).replaces).toEqual(["projectId"]);
    expect(diff({ region: "cn-east-3" }).replaces).toEqual(["region"]);
    expect(diff({ region: UNKNOWN }).replaces).toEqual(["region"]);
  });

  it("updates in place for weight, name and membership; no change for a new provider text", () => {
    expect(diff({ members: [{ address: "10.0.0.1", protocolPort: 80, weight: 0 }] })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(diff({ members: [{ address: "10.0.0.1", protocolPort: 80, name: "web" }] }).changes).toBe(true);
    expect(diff({ members: [{ address: "10.0.0.1", protocolPort: 81 }] }).changes).toBe(true);
    expect(diff({ __provider: "new text" })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
});
