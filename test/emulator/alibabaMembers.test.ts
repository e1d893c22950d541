// What CLB and ENS do alike with backend servers (the same Alibaba RPC actions over the POP gateway), run
// once against each API; the codes differ, and each API's file tests what only it does.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ENS_ALREADY_ATTACHED_CODE, ENS_NOT_ATTACHED_CODE } from "../../emulator/ensActions";
import { type Emulator, startEmulator } from "../../emulator/index";
import { SLB_ALREADY_ATTACHED_CODE } from "../../emulator/slbActions";
import type { EmulatorSeed } from "../../emulator/types";
import {
  type AlibabaCall,
  alibabaClient,
  ENS_VERSION,
  ensClient,
  rejectionOf,
  SLB_VERSION,
  servers,
  slbClient,
} from "./sdkClients";
import { CRED, ecsEntries, ENS_LB, REGION, SLB_LB } from "./testFixtures";

/** One Alibaba member API as these tests see it. */
interface AlibabaApi {
  version: string;
  client(emu: Emulator): AlibabaCall;
  /** The parameters that name the seeded load balancer. */
  lb: Record<string, string>;
  /** A load balancer, a stopped server and a known running one (`i-known`). */
  seed: EmulatorSeed;
  members(emu: Emulator): { ServerId: string; Weight: number }[];
  codes: {
    alreadyAttached: string;
    notAttached: string;
    stopped: string;
    unknownWhenStrict: string;
    tooMany: string;
    notAnArray: string;
    missingBackendServers: string;
    badWeight: string;
  };
}

const SERVERS = [{ serverId: "i-stopped", status: "Stopped" as const }, { serverId: "i-known" }];

const CLB: AlibabaApi = {
  version: SLB_VERSION,
  client: (emu) => slbClient(emu, CRED),
  lb: { RegionId: REGION, LoadBalancerId: SLB_LB },
  seed: { slb: { servers: SERVERS, loadBalancers: [{ loadBalancerId: SLB_LB, regionId: REGION }] } },
  members: (emu) => emu.slbMembers(SLB_LB),
  codes: {
    alreadyAttached: SLB_ALREADY_ATTACHED_CODE,
    notAttached: "InvalidParameter",
    stopped: "ObtainIpFail",
    unknownWhenStrict: "ObtainIpFail",
    tooMany: "InvalidParameter",
    notAnArray: "InvalidParameter",
    missingBackendServers: "MissingParameter",
    badWeight: "InvalidParameter",
  },
};

const ENS: AlibabaApi = {
  version: ENS_VERSION,
  client: (emu) => ensClient(emu, CRED),
  lb: { LoadBalancerId: ENS_LB },
  seed: { ens: { servers: SERVERS, loadBalancers: [{ loadBalancerId: ENS_LB }] } },
  members: (emu) => emu.ensMembers(ENS_LB),
  codes: {
    alreadyAttached: ENS_ALREADY_ATTACHED_CODE,
    notAttached: ENS_NOT_ATTACHED_CODE,
    stopped: "IncorrectInstanceStatus",
    unknownWhenStrict: "InstanceNotFound",
    tooMany: "InvalidParameter.BackendServers",
    notAnArray: "InvalidBackendServers",
    missingBackendServers: "MissingBackendServers",
    badWeight: "InvalidParameter.Weight",
  },
};

let emu: Emulator;
// A frozen clock: ENS's per-account window (10 calls a second) never moves on within a test.
const clock = { t: Date.now() };
afterAll(() => emu?.close());

describe.each([
  ["CLB", CLB],
  ["ENS", ENS],
])("%s backend servers", (_name, api) => {
  let call: AlibabaCall;
  const write = (action: string, entries: Record<string, unknown>[]) =>
    call(action, { ...api.lb, BackendServers: servers(entries) });
  const add = (entries: Record<string, unknown>[]) => write("AddBackendServers", entries);
  const failure = async (p: Promise<unknown>) => {
    const e = await rejectionOf(p);
    return { code: e.code as string, status: e.entry?.response?.statusCode as number | undefined };
  };
  const attached = () => api.members(emu).map((m) => `${m.ServerId}=${m.Weight}`);

  beforeEach(async () => {
    emu ??= await startEmulator({ now: () => clock.t });
    emu.reset();
    clock.t += 1_100; // an empty window for every test, well inside the 15-minute timestamp window
    emu.seed({ credentials: [CRED], ...api.seed });
    call = api.client(emu);
  });

  it("is also served at / and routed there by Version", async () => {
    const root = alibabaClient(emu.url, api.version, CRED);
    expect((await root("DescribeLoadBalancerAttribute", api.lb)).LoadBalancerId).toBe(api.lb.LoadBalancerId);
  });

  it("adds with weight 100 by default; of duplicate entries CLB keeps the first, ENS refuses the call", async () => {
    const duplicated = add([
      { ServerId: "i-a", Weight: "40" },
      { ServerId: "i-b" },
      { ServerId: "i-a", Weight: "90" },
    ]);
    if (api === CLB) {
      await duplicated;
      expect(attached()).toEqual(["i-a=40", "i-b=100"]);
    } else {
      expect(await failure(duplicated)).toEqual({ code: "InvalidParameter.BackendServers", status: 400 });
      expect(attached()).toEqual([]);
      await add([{ ServerId: "i-a", Weight: "40" }, { ServerId: "i-b" }]);
      expect(attached()).toEqual(["i-a=40", "i-b=100"]);
    }
  });

  it("refuses a server already attached and applies nothing of that call", async () => {
    await add([{ ServerId: "i-a" }]);
    expect(await failure(add([{ ServerId: "i-new" }, { ServerId: "i-a" }]))).toEqual({
      code: api.codes.alreadyAttached,
      status: 400,
    });
    expect(attached()).toEqual(["i-a=100"]);
  });

  it("refuses a stopped server, and an unknown one only when servers are strict", async () => {
    expect(await failure(add([{ ServerId: "i-stopped" }]))).toEqual({ code: api.codes.stopped, status: 400 });
    await add([{ ServerId: "i-unseeded" }]);
    emu.seed({ strictServers: true });
    expect(await failure(add([{ ServerId: "i-unseeded-2" }]))).toEqual({
      code: api.codes.unknownWhenStrict,
      status: 400,
    });
    await add([{ ServerId: "i-known" }]);
    expect(attached()).toEqual(["i-unseeded=100", "i-known=100"]);
  });

  it("takes 20 entries a call and refuses 21 in every write", async () => {
    for (const action of ["AddBackendServers", "RemoveBackendServers", "SetBackendServers"]) {
      expect(await failure(write(action, ecsEntries(21)))).toEqual({ code: api.codes.tooMany, status: 400 });
    }
    expect(attached()).toEqual([]);
    await add(ecsEntries(20));
    expect(api.members(emu)).toHaveLength(20);
  });

  it("refuses a BackendServers that is missing or not a non-empty JSON array of objects", async () => {
    expect(await failure(call("AddBackendServers", api.lb))).toEqual({
      code: api.codes.missingBackendServers,
      status: 400,
    });
    for (const bad of ["not json", "{}", "[]", "[1]"]) {
      expect(await failure(call("AddBackendServers", { ...api.lb, BackendServers: bad }))).toEqual({
        code: api.codes.notAnArray,
        status: 400,
      });
    }
  });

  it.each([
    ["above 100", "101"],
    ["negative", -1],
    ["fractional", 1.5],
    ["not a number", "heavy"],
  ])("refuses a weight %s and applies nothing", async (_name, weight) => {
    expect(await failure(add([{ ServerId: "i-ok" }, { ServerId: "i-1", Weight: weight }]))).toEqual({
      code: api.codes.badWeight,
      status: 400,
    });
    expect(attached()).toEqual([]);
  });

  it("removes attached servers and ignores servers that are not attached", async () => {
    await add([{ ServerId: "i-a" }, { ServerId: "i-b" }]);
    await write("RemoveBackendServers", [{ ServerId: "i-a" }, { ServerId: "i-not-there" }]);
    expect(attached()).toEqual(["i-b=100"]);
  });

  it("sets weights of attached servers, and refuses a server not attached without applying anything", async () => {
    await add([{ ServerId: "i-a", Weight: 10 }]);
    await write("SetBackendServers", [{ ServerId: "i-a", Weight: 0 }]);
    expect(attached()).toEqual(["i-a=0"]);
    const refused = write("SetBackendServers", [
      { ServerId: "i-a", Weight: 50 },
      { ServerId: "i-b", Weight: 50 },
    ]);
    expect(await failure(refused)).toEqual({ code: api.codes.notAttached, status: 400 });
    expect(attached()).toEqual(["i-a=0"]);
  });
});
