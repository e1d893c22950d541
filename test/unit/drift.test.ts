import { describe, expect, it } from "vitest";
import { type SlbBackendServer, slbModel, slbSchema } from "../../provider/clouds/alicloud/slb/members";
import { type EnsBackendServer, ensModel } from "../../provider/clouds/alicloud/ens/members";
import { diffInputs } from "../../provider/core/diff";
import { detectDrift } from "../../provider/core/drift";
import { checkInputs } from "../../provider/core/schema";

const ecs = (id: string, weight = 100, extra: Partial<SlbBackendServer> = {}): SlbBackendServer => ({
  serverId: `i-${id}`,
  type: "ecs",
  weight,
  ...extra,
});
const drift = (input: Partial<Parameters<typeof detectDrift<SlbBackendServer>>[1]>) =>
  detectDrift(slbModel, {
    desired: [],
    actual: [],
    recorded: [],
    recordedExclusive: false,
    exclusive: false,
    protectedKeys: new Set(),
    ...input,
  });

describe("drift between the cloud, the state and the declaration", () => {
  it("names each detached or changed member with what pulumi up does about it", () => {
    const recorded = [ecs("aaaaaa"), ecs("bbbbbb"), ecs("cccccc", 100, { port: 80 })];
    // The cloud reports no port for CLB: that is no evidence of drift.
    const actual = [ecs("bbbbbb", 40), ecs("cccccc")];
    expect(drift({ desired: recorded, recorded, actual })).toEqual({
      changes: true,
      lines: [
        "ecs:i-aaaaaa is not attached; pulumi up attaches it again",
        "ecs:i-bbbbbb weight is 40 on the cloud, 100 recorded; pulumi up sets it back",
      ],
      undeclared: [],
    });
  });

  it("says nothing of what the program itself changes, and of servers nobody declared in shared mode", () => {
    const recorded = [ecs("aaaaaa")];
    const actual = [ecs("aaaaaa"), ecs("zzzzzz", 7)];
    expect(drift({ desired: [ecs("aaaaaa", 50)], recorded, actual })).toEqual({
      changes: true,
      lines: [],
      undeclared: [],
    });
    expect(drift({ desired: recorded, recorded, actual })).toEqual({
      changes: false,
      lines: [],
      undeclared: [],
    });
  });

  it("in exclusive mode, reports a member attached by someone else, which up detaches", () => {
    const recorded = [ecs("aaaaaa")];
    const actual = [ecs("aaaaaa"), ecs("zzzzzz", 7)];
    expect(drift({ desired: recorded, recorded, actual, recordedExclusive: true, exclusive: true })).toEqual({
      changes: true,
      lines: ["ecs:i-zzzzzz is attached but was not declared; pulumi up detaches it"],
      undeclared: ["ecs:i-zzzzzz"],
    });
  });

  it("names what turning exclusive ownership on detaches: every member neither declared nor recorded", () => {
    const recorded = [ecs("aaaaaa"), ecs("bbbbbb")];
    const actual = [ecs("aaaaaa"), ecs("bbbbbb"), ecs("yyyyyy"), ecs("zzzzzz", 7)];
    // Turned on now: no drift line (the declaration changed, not the cloud), but the members it detaches.
    expect(drift({ desired: [ecs("aaaaaa")], recorded, actual, exclusive: true })).toEqual({
      changes: true,
      lines: [],
      undeclared: ["ecs:i-yyyyyy", "ecs:i-zzzzzz"],
    });
  });

  it("reports a member the cloud has on another port (ENS), which up detaches and attaches again", () => {
    const recorded: EnsBackendServer[] = [{ serverId: "i-aaaaaa", type: "ens", weight: 100, port: 80 }];
    const actual: EnsBackendServer[] = [{ serverId: "i-aaaaaa", type: "ens", weight: 100, port: 8080 }];
    expect(
      detectDrift(ensModel, {
        desired: recorded,
        actual,
        recorded,
        recordedExclusive: false,
        exclusive: false,
        protectedKeys: new Set(),
      }),
    ).toEqual({
      changes: true,
      lines: [
        "ens:i-aaaaaa port is 8080 on the cloud, 80 recorded; pulumi up detaches it and attaches it again as declared",
      ],
      undeclared: [],
    });
  });

  it("plans no removal of a member another resource of the deployment declares", () => {
    const recorded = [ecs("aaaaaa"), ecs("bbbbbb")];
    const actual = recorded;
    const desired = [ecs("aaaaaa")];
    expect(drift({ desired, recorded, actual }).changes).toBe(true);
    expect(drift({ desired, recorded, actual, protectedKeys: new Set(["ecs:i-bbbbbb"]) }).changes).toBe(
      false,
    );
  });
});

describe("the hidden resource name", () => {
  const checked = (name?: string) =>
    checkInputs(slbSchema, {
      loadBalancerId: "lb-2ze7o5h52g02kkzze7lru",
      backendServers: [{ serverId: "i-aaaaaaaaaa" }],
      ...(name === undefined ? {} : { __attachmentName: name }),
    }).inputs;

  it("is no change for state written before it existed, nor for an aliased rename", () => {
    expect(diffInputs(slbSchema, checked(), checked("web")).changes).toBe(false);
    expect(diffInputs(slbSchema, checked("web"), checked("web-v2")).changes).toBe(false);
  });
});
