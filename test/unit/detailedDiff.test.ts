/**
 * The provider plugin's detailed diff: exactly the paths a reviewer should see, one per member added,
 * removed or changed field, one per member the cloud drifted on, and the other inputs that change.
 */
import { describe, expect, it } from "vitest";
import { type EnsBackendServer, ensSchema } from "../../provider/clouds/alicloud/ens/members";
import { type SlbBackendServer, slbSchema } from "../../provider/clouds/alicloud/slb/members";
import { type ElbMember, elbSchema } from "../../provider/clouds/huaweicloud/elb/members";
import type { DiffResult } from "../../provider/core/diff";
import { sortedByKey } from "../../provider/core/keyed";
import { labelOf } from "../../provider/core/model";
import { UNKNOWN } from "../../provider/core/unknown";
import { detailedDiff } from "../../provider/plugin/detailedDiff";

const ecs = (id: string, weight = 100, extra: Partial<SlbBackendServer> = {}): SlbBackendServer => ({
  serverId: `i-${id}`,
  type: "ecs",
  weight,
  ...extra,
});
const slb = (members: SlbBackendServer[], extra: Record<string, unknown> = {}) => ({
  loadBalancerId: "lb-2ze7o5h52g02kkzze7lru",
  exclusive: false,
  backendServers: sortedByKey(members, (m) => labelOf(slbSchema.model, m)),
  ...extra,
});
const UPDATE: DiffResult = { changes: true, replaces: [], deleteBeforeReplace: false };
const cloud = <M>(actual: M[]) => ({ actual, protectedKeys: new Set<string>() });

describe("the detailed diff", () => {
  it("names each member the program adds or removes, and each field it changes, nothing else", () => {
    const olds = slb([ecs("aaaaaa"), ecs("bbbbbb"), ecs("cccccc", 100, { port: 80 }), ecs("dddddd")], {
      regionId: "cn-beijing",
    });
    const news = slb([ecs("aaaaaa", 50), ecs("bbbbbb"), ecs("cccccc", 100, { port: 81 }), ecs("eeeeee")]);
    expect(detailedDiff(slbSchema, olds, news, UPDATE, undefined)).toEqual({
      'backendServers["ecs:i-aaaaaa"].weight': "update",
      'backendServers["ecs:i-cccccc"].port': "update",
      'backendServers["ecs:i-dddddd"]': "delete",
      'backendServers["ecs:i-eeeeee"]': "add",
    });
  });

  it("names each member the cloud drifted on: detached, re-weighted, left behind in exclusive mode", () => {
    const members = [ecs("aaaaaa"), ecs("bbbbbb"), ecs("cccccc")];
    const olds = slb(members, { exclusive: true });
    const news = slb(members, { exclusive: true });
    // aaaaaa detached by hand, bbbbbb re-weighted, ffffff attached by someone; cccccc as declared.
    const actual = [ecs("bbbbbb", 7), ecs("cccccc"), ecs("ffffff")];
    expect(detailedDiff(slbSchema, olds, news, UPDATE, cloud(actual))).toEqual({
      'backendServers["ecs:i-aaaaaa"]': "add",
      // Recorded and declared alike: shown as set to what is declared, not as "100 => 100".
      'backendServers["ecs:i-bbbbbb"].weight': "add",
      'backendServers["ecs:i-ffffff"]': "delete",
    });
    // In shared mode a member someone else attached is theirs: not drift, no entry.
    expect(detailedDiff(slbSchema, slb(members), slb(members), UPDATE, cloud(actual))).toEqual({
      'backendServers["ecs:i-aaaaaa"]': "add",
      'backendServers["ecs:i-bbbbbb"].weight': "add",
    });
  });

  it("leaves out what the cloud does not report (CLB's port) and what the program leaves to it", () => {
    const members = [ecs("aaaaaa", 100, { port: 80 })];
    const actual = [ecs("aaaaaa", 100, { description: "set-by-hand" })];
    expect(detailedDiff(slbSchema, slb(members), slb(members), UPDATE, cloud(actual))).toEqual({});
  });

  it("shows an ENS port change as the member leaving and coming back, which is what happens", () => {
    const ens = (port: number): EnsBackendServer => ({
      serverId: "i-5uf6dwyzch3wly790k2x",
      type: "ens",
      weight: 100,
      port,
    });
    const inputs = (m: EnsBackendServer) => ({
      loadBalancerId: "lb-5qzdmxefgrpxd7oz2mefonvtx",
      exclusive: false,
      backendServers: sortedByKey([m], (x) => labelOf(ensSchema.model, x)),
    });
    expect(detailedDiff(ensSchema, inputs(ens(80)), inputs(ens(81)), UPDATE, undefined)).toEqual({
      'backendServers["ens:i-5uf6dwyzch3wly790k2x port 80"]': "delete",
      'backendServers["ens:i-5uf6dwyzch3wly790k2x port 81"]': "add",
    });
  });

  it("compares Huawei members by what is declared, not by the id and status ELB assigned", () => {
    const member: ElbMember = { address: "192.168.0.48", protocolPort: 8080, weight: 1 };
    const recorded = { ...member, id: "2d6d0f0e-0000-4000-8000-000000000001", operatingStatus: "ONLINE" };
    const inputs = (m: ElbMember, extra: Record<string, unknown> = {}) => ({
      poolId: "04a9bc65-b75b-478d-b4d6-e693bb61dd35",
      exclusive: false,
      members: { "192.168.0.48:8080": m },
      ...extra,
    });
    expect(
      detailedDiff(elbSchema, inputs(recorded), inputs({ ...member, weight: 5 }), UPDATE, cloud([recorded])),
    ).toEqual({
      'members["192.168.0.48:8080"].weight': "update",
    });
  });

  it("marks the inputs that replace the resource, ownership and rollout changes, and members not known yet", () => {
    const members = [ecs("aaaaaa")];
    const olds = slb(members, { regionId: "cn-beijing" });
    const replaced: DiffResult = { changes: true, replaces: ["loadBalancerId"], deleteBeforeReplace: false };
    const news = slb(members, {
      loadBalancerId: "lb-2zekxu2elibyexxoo9hlw",
      exclusive: true,
      rollout: { drainSeconds: 30 },
    });
    expect(detailedDiff(slbSchema, olds, news, replaced, undefined)).toEqual({
      loadBalancerId: "updateReplace",
      exclusive: "update",
      rollout: "add",
    });
    // The region resolved from config is recorded but not declared: not a change.
    expect(detailedDiff(slbSchema, olds, slb(members), UPDATE, undefined)).toEqual({});
    expect(
      detailedDiff(slbSchema, olds, { ...slb(members), backendServers: UNKNOWN }, UPDATE, undefined),
    ).toEqual({
      backendServers: "update",
    });
  });
});
