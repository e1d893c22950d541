/**
 * The planner's cost is its calls into the cloud's member model (keys and comparisons): linear, and the
 * same for every cloud. A mixed update of n members (10% added, 10% re-weighted, 10% removed) keys each
 * declared, attached and recorded member once and compares each kept one once: 3.9 calls per member. A
 * cloud rule (CLB's multi-IP removal, ENS's shared update scope) must not key the members again.
 */
import { describe, expect, it } from "vitest";
import type { MemberModel } from "../../provider/core/model";
import { planReconcile } from "../../provider/core/plan";
import { ensKind } from "../../provider/clouds/alicloud/ens/kind";
import { slbKind } from "../../provider/clouds/alicloud/slb/kind";
import { elbKind } from "../../provider/clouds/huaweicloud/elb/kind";

const address = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const clouds = [
  {
    name: "CLB",
    schema: slbKind.schema,
    member: (i: number, weight: number) => ({ serverId: `i-web${i}`, weight }),
  },
  {
    name: "ENS",
    schema: ensKind.schema,
    member: (i: number, weight: number) => ({ serverId: `i-edge${i}`, weight }),
  },
  {
    name: "Huawei ELB",
    schema: elbKind.schema,
    member: (i: number, weight: number) => ({ address: address(i), protocolPort: 80, weight }),
  },
];

describe.each(clouds)("$name planner", ({ schema, member }) => {
  it("makes 3.9 model calls per member for a mixed update of 1,000, removals included", () => {
    const n = 1000;
    const normal = (i: number, weight: number) => schema.normalizeMember(member(i, weight)).member;
    const actual = Array.from({ length: n }, (_, i) => normal(i, 10));
    const desired = Array.from({ length: n }, (_, i) => normal(n / 10 + i, i < n / 10 ? 50 : 10));
    let calls = 0;
    const model: MemberModel<unknown> = schema.model as MemberModel<unknown>;
    const counting: MemberModel<unknown> = {
      ...model,
      key: (m) => (calls++, model.key(m)),
      needsUpdate: (d, a, p) => (calls++, model.needsUpdate(d, a, p)),
    };
    const plan = planReconcile(counting, { desired, actual, previouslyManaged: actual, exclusive: false });
    expect([plan.add.length, plan.update.length, plan.remove.length]).toEqual([n / 10, n / 10, n / 10]);
    expect(calls / n).toBe(3.9);
  });
});
