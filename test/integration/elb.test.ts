/**
 * What only Huawei ELB does: members keyed by address and port and changed by the id the cloud assigned,
 * IPv6 in brackets, a paged read, the auth guard after a refused signature, `ret_status: existed` for a
 * member attached meanwhile, a pool that refuses IP-as-backend members, the project and region settings,
 * and an SDK that must print nothing. The behaviours every cloud shares are in attachment.contract.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ElbMember } from "../../provider/clouds/huaweicloud/elb/members";
import { checkInputs } from "../../provider/core/schema";
import { CloudError } from "../../provider/reconcile/cloudError";
import { PartialFailure } from "../../provider/runtime/lifecycle";
import { elbCloud } from "../clouds";
import { world, type World, type WorldOptions } from "./world";

const POOL = elbCloud.target;
const CONFIG = elbCloud.config();
const PROJECT = CONFIG["huaweicloud:projectId"];
const REGION = CONFIG["huaweicloud:region"];
const SUBNET = "61da8098-954b-4809-bc5a-b99ccef8a398";

let w: World;
beforeEach(async () => {
  w = await world(elbCloud);
});
afterEach(async () => {
  await w.close();
});
const restart = async (options: WorldOptions) => {
  await w.close();
  w = await world(elbCloud, options);
};

const inputs = (members: unknown[], extra: Record<string, unknown> = {}) => ({
  poolId: POOL,
  members,
  __provider: "text",
  ...extra,
});
/** The i-th private address 10.x.y.z, from 10.0.0.0. */
const address = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
/** `n` IP-as-backend members on port 8080 with no weight given, as a program declares them. */
const ipMembers = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ address: address(from + i), protocolPort: 8080 }));
/** `address:port:weight`, sorted: the pool's members as the cloud has them. */
const members = (pool = POOL) =>
  w.emulator
    .elbMembers(pool)
    .map((m) => `${m.address}:${m.protocol_port}:${m.weight}`)
    .sort();
const recorded = (props: Record<string, unknown>) => props.members as Record<string, ElbMember>;

describe("ELB members on the wire and in state", () => {
  it("sends every weight (0 and the default 1), omits a subnet and name left unset, and records the cloud's id", async () => {
    const named = {
      address: "192.168.0.48",
      protocolPort: 8080,
      subnetCidrId: SUBNET,
      weight: 0,
      name: "web-1",
    };
    const { outs } = await w.provider.create(inputs([...ipMembers(1), named]));

    expect(w.sent("batch-add")).toEqual([
      [
        { address: "10.0.0.0", protocol_port: 8080, weight: 1 },
        { address: "192.168.0.48", protocol_port: 8080, weight: 0, subnet_cidr_id: SUBNET, name: "web-1" },
      ],
    ]);
    expect(members()).toEqual(["10.0.0.0:8080:1", "192.168.0.48:8080:0"]);
    expect(outs).toMatchObject({ poolId: POOL, projectId: PROJECT, region: REGION });
    const cloud = w.emulator.elbMembers(POOL).find((m) => m.address === "192.168.0.48")!;
    expect(recorded(outs)["192.168.0.48:8080"]).toEqual({
      address: "192.168.0.48",
      protocolPort: 8080,
      subnetCidrId: SUBNET,
      weight: 0,
      name: "web-1",
      id: cloud.id,
      operatingStatus: "NO_MONITOR",
    });
  });

  it("keys IPv6 members by their canonical address in brackets", async () => {
    const { outs } = await w.provider.create(
      inputs([{ address: "2001:DB8:0:0::1", protocolPort: 443, subnetCidrId: SUBNET }]),
    );
    expect(Object.keys(outs.members as object)).toEqual(["[2001:db8::1]:443"]);
    expect(members()).toEqual(["2001:db8::1:443:1"]);
  });

  it("re-weights, renames and removes a member by the id the cloud gave it, and by nothing else", async () => {
    w.emulator.setElbMembers(POOL, [
      { address: "10.0.0.0", protocol_port: 8080, weight: 7, name: "old" },
      { address: "10.0.0.1", protocol_port: 8080, weight: 1 },
    ]);
    const [first, second] = w.emulator.elbMembers(POOL);
    const { id, outs } = await w.provider.create(
      inputs([{ ...ipMembers(1)[0], name: "new" }, ...ipMembers(1, 1)]),
    );
    expect(w.sent("batch-update")).toEqual([[{ id: first.id, weight: 1, name: "new" }]]);
    expect(recorded(outs)["10.0.0.1:8080"].id).toBe(second.id);

    await w.provider.update(id, outs, inputs([{ ...ipMembers(1, 1)[0], weight: 0 }]));
    expect(w.sent("batch-update")[1]).toEqual([{ id: second.id, weight: 0 }]);
    expect(w.sent("batch-delete")).toEqual([[{ id: first.id }]]);
    expect(members()).toEqual(["10.0.0.1:8080:0"]);
  });

  it("pages the read by marker, asking for 2000 a page", async () => {
    await restart({ seed: elbCloud.seed({ api: { pageCap: 100 } }) });
    const { id, outs } = await w.provider.create(inputs(ipMembers(250)));
    w.emulator.clearCalls();
    await w.provider.update(id, outs, inputs([...ipMembers(250)].reverse()));

    const lists = w.emulator.calls({ action: "list" });
    expect(w.actions()).toEqual(["list", "list", "list"]);
    expect(lists.map((c) => c.params.limit)).toEqual(["2000", "2000", "2000"]);
    expect(lists[0].params.marker).toBeUndefined();
    expect(lists.slice(1).every((c) => typeof c.params.marker === "string")).toBe(true);
  });

  it("reads on when a member is deleted between two pages: the stale marker is refused, the listing starts over", async () => {
    await restart({ seed: elbCloud.seed({ api: { pageCap: 100 } }) });
    const { id, outs } = await w.provider.create(inputs(ipMembers(250)));
    w.emulator.clearCalls();
    // Someone removes the first page's last member as soon as that page is answered.
    let deleted: string | undefined;
    const stop = w.emulator.onCall((call) => {
      if (call.action !== "list" || deleted !== undefined) return;
      const byId = w.emulator.elbMembers(POOL).sort((a, b) => (a.id < b.id ? -1 : 1));
      const last = byId[99];
      deleted = `${last.address}:${last.protocol_port}`;
      w.emulator.setElbMembers(
        POOL,
        byId.filter((m) => m !== last),
      );
    });
    const read = await w.provider.read(id, outs).finally(stop);

    const lists = w.emulator.calls({ action: "list" });
    expect(
      lists.map((c) => [c.params.marker === undefined ? "first page" : "next page", c.code ?? "ok"]),
    ).toEqual([
      ["first page", "ok"],
      ["next page", "ELB.8902"],
      ["first page", "ok"],
      ["next page", "ok"],
      ["next page", "ok"],
    ]);
    const keys = Object.keys(recorded(read.props));
    expect(keys).toHaveLength(249);
    expect(keys).not.toContain(deleted);
  });

  it("refreshes names and weights into the inputs, with ids only in the outputs", async () => {
    const { id, outs } = await w.provider.create(
      inputs([{ address: "10.0.0.0", protocolPort: 8080, name: "a" }]),
    );
    w.emulator.setElbMembers(
      POOL,
      w.emulator.elbMembers(POOL).map((m) => ({ ...m, weight: 30, name: "renamed" })),
    );
    const read = await w.provider.read(id, outs);
    expect(read.inputs.members).toEqual({
      "10.0.0.0:8080": { address: "10.0.0.0", protocolPort: 8080, weight: 30, name: "renamed" },
    });
    expect(recorded(read.props)["10.0.0.0:8080"]).toMatchObject({
      id: w.emulator.elbMembers(POOL)[0].id,
      operatingStatus: "NO_MONITOR",
    });
    expect(read.props).toMatchObject({ projectId: PROJECT, region: REGION });
  });

  describe("a member someone attached between the read and the add (ret_status existed)", () => {
    /** A world whose first read misses 10.0.0.1:8080, as if it was attached just after that read. */
    const racing = async (weight: number) => {
      let reads = 0;
      await restart({
        kind: (real) => ({
          ...real,
          connect(resolved, settings, shared) {
            const api = real.connect(resolved, settings, shared);
            return {
              ...api,
              list: async () => {
                const found = await api.list();
                return reads++ === 0 ? found?.filter((m: ElbMember) => m.address !== "10.0.0.1") : found;
              },
            };
          },
        }),
      });
      w.emulator.setElbMembers(POOL, [{ address: "10.0.0.1", protocol_port: 8080, weight }]);
      return w.emulator.elbMembers(POOL)[0].id;
    };

    it("is adopted with its id from the answer, with no further call, when it is as declared", async () => {
      const attachedId = await racing(1);
      const { outs } = await w.provider.create(inputs(ipMembers(3)));

      expect(w.actions()).toEqual(["list", "batch-add"]);
      expect(w.sent("batch-add")[0]).toHaveLength(3);
      expect(recorded(outs)["10.0.0.1:8080"]).toMatchObject({
        id: attachedId,
        operatingStatus: "NO_MONITOR",
      });
      expect(members()).toEqual(["10.0.0.0:8080:1", "10.0.0.1:8080:1", "10.0.0.2:8080:1"]);
    });

    it("is adopted and re-weighted in the same run when its weight differs", async () => {
      const attachedId = await racing(9);
      const { outs } = await w.provider.create(inputs(ipMembers(3)));

      expect(w.actions()).toEqual(["list", "batch-add", "list", "batch-update"]);
      expect(w.sent("batch-update")).toEqual([[{ id: attachedId, weight: 1 }]]);
      expect(members()).toEqual(["10.0.0.0:8080:1", "10.0.0.1:8080:1", "10.0.0.2:8080:1"]);
      expect(recorded(outs)["10.0.0.1:8080"].id).toBe(attachedId);
    });
  });

  it("rejects an IP-as-backend member the pool does not allow with the cloud's code, before anything is attached", async () => {
    w.emulator.seed({ elb: { pools: [{ poolId: POOL, projectId: PROJECT, ipTargetEnable: false }] } });
    const error = await w.provider.create(inputs(ipMembers(1))).catch((e) => e);
    expect(error).not.toBeInstanceOf(PartialFailure);
    expect(error.message).toMatch(/^batch-add on pool .+ failed: ELB\.8938: /);
  });
});

describe("ELB member quotas: 500 per pool and 500 per account by default", () => {
  /** Our pool with the given quotas; the other pool of the project holds one member of someone else's. */
  const quotas = (memberQuota: number, accountMemberQuota: number, env: Record<string, string> = {}) =>
    restart({
      seed: elbCloud.seed({ api: { memberQuota, accountMemberQuota } }),
      env,
    }).then(() =>
      w.emulator.setElbMembers(elbCloud.target2, [{ address: "10.9.9.9", protocol_port: 80, weight: 1 }]),
    );
  /** What a preview of `declared` after `outs` prints, and the calls it makes. */
  const preview = async (id: string, outs: Record<string, unknown>, declared: unknown[]) => {
    w.log.length = 0;
    w.emulator.clearCalls();
    const { inputs: checked, failures } = checkInputs(elbCloud.kind.schema, inputs(declared));
    expect(failures).toEqual([]);
    const diff = await w.provider.diff(id, outs, checked);
    expect(diff.changes).toBe(true);
    return { warnings: w.log.filter((l) => l.startsWith("warning:")), actions: w.actions() };
  };

  it("warns in the preview when adds would pass the pool's or the account's quota, from exactly one past it", async () => {
    await quotas(4, 6);
    const { id, outs } = await w.provider.create(inputs(ipMembers(3)));
    // Pool 3 of 4, account 4 of 6 (the other pool's member counts).

    const fits = await preview(id, outs, ipMembers(4));
    expect(fits.warnings).toEqual([]);
    expect(fits.actions).toEqual(["list", "quota-details", "show-pool"]);

    const pool = `warning: poolId ${POOL}: this change adds 2 members, and members are added before any is removed`;
    expect((await preview(id, outs, ipMembers(5))).warnings).toEqual([
      `${pool}: members per pool (members_per_pool) would reach 5, past the quota of 4 (3 now). ` +
        `pulumi up will be refused by the cloud: remove members in an earlier update, or ask the cloud to raise the quota`,
    ]);
    const both = (await preview(id, outs, ipMembers(6))).warnings;
    expect(both).toHaveLength(2);
    expect(both[1]).toContain(
      "members of the account across all its pools (member) would reach 7, past the quota of 6 (4 now)",
    );
    // A swap of every member: the three new ones are attached before the old three go.
    const swap = (await preview(id, outs, ipMembers(3, 10))).warnings;
    expect(swap).toHaveLength(2);
    expect(swap[0]).toContain("adds 3 members");
    expect(swap[0]).toContain("(members_per_pool) would reach 6, past the quota of 4 (3 now)");
    expect(swap[1]).toContain("(member) would reach 7, past the quota of 6 (4 now)");

    // Removals only: nothing to warn of, and the quotas are not read.
    expect((await preview(id, outs, ipMembers(1))).actions).toEqual(["list"]);

    // The warning was right: the update is refused, with the code, the request id and what to do.
    const error = await w.provider.update(id, outs, inputs(ipMembers(5))).catch((e) => e);
    expect(error.message).toMatch(
      /^batch-add on pool .+ failed: ELB\.8905: The member quota of pool .+ \(4\) is exceeded\. \(a member quota is full: .+ \(RequestId: [0-9a-f]{32}\)\. The members attached so far are recorded in state/,
    );
    expect(members()).toHaveLength(3);
  });

  it("reports a refusal by the account's quota with the cloud's code, message and request id, and what to do", async () => {
    await quotas(500, 3);
    const error = await w.provider.create(inputs(ipMembers(3))).catch((e) => e);
    expect(error).not.toBeInstanceOf(PartialFailure);
    expect(error.message).toMatch(
      new RegExp(
        `^batch-add on pool ${POOL} failed: ELB\\.8905: The member quota of project ${PROJECT} \\(3\\) is exceeded\\. ` +
          `\\(a member quota is full: the pool's, 500 members by default, or the account's, 500 members across all pools of the project by default; ` +
          "`GET /v3/\\{project_id\\}/elb/quotas/details` shows each quota and its use\\. .+ \\(RequestId: [0-9a-f]{32}\\)$",
      ),
    );
    expect(members()).toEqual([]);
  });

  it("says so when the quotas cannot be read, and previews on", async () => {
    await quotas(500, 500, { BACKEND_SERVERS_RETRY_DEADLINE_MS: "100" });
    const { id, outs } = await w.provider.create(inputs(ipMembers(1)));
    w.emulator.inject({ cloud: "elb", action: "quota-details", kind: "server-error" });
    const { warnings } = await preview(id, outs, ipMembers(2));
    expect(warnings).toEqual([]);
    expect(w.log).toEqual([
      expect.stringMatching(
        /^poolId .+: the member quotas could not be read \(quota-details on pool .+ failed: ELB\.8906: .+\): the preview cannot tell whether this change fits them$/,
      ),
    ]);
  });
});

describe("ELB credentials and settings", () => {
  it("refuses a bad secret after exactly one request, and then sends nothing more with it", async () => {
    await restart({ config: { ...CONFIG, "huaweicloud:secretKey": "not-the-secret" } });
    const error = await w.provider.create(inputs(ipMembers(1))).catch((e) => e);
    expect(error).toBeInstanceOf(CloudError);
    expect(error.message).toMatch(
      new RegExp(
        `^list on pool ${POOL} failed: APIGW\\.0301: Incorrect IAM authentication information: .+not retried.+\\(RequestId: [0-9a-f]{32}\\)$`,
      ),
    );
    expect(w.emulator.calls().map((c) => [c.action, c.httpStatus])).toEqual([["list", 401]]);
    expect(error.message).not.toContain("not-the-secret");

    // A second resource with the same credentials in the same run: refused without a request.
    const again = await w.provider.create(inputs(ipMembers(1), { poolId: elbCloud.target2 })).catch((e) => e);
    expect(again.message).toMatch(
      /^list on pool .+ failed: APIGW\.0301: not sent: the API refused these credentials/,
    );
    expect(w.emulator.calls()).toHaveLength(1);
  });

  it.each([
    ["huaweicloud:projectId", /projectId is not set.+huaweicloud:projectId.+HUAWEICLOUD_SDK_PROJECT_ID/],
    ["huaweicloud:region", /region is not set.+huaweicloud:region.+HUAWEICLOUD_REGION/],
  ])("says what to set when %s is missing, before any call", async (setting, message) => {
    const { [setting]: _missing, ...rest } = CONFIG;
    await restart({ config: rest });
    await expect(w.provider.create(inputs(ipMembers(1)))).rejects.toThrow(message);
    expect(w.emulator.calls()).toEqual([]);
  });

  it("prints nothing to stdout, even for failing calls and with the SDK's DEBUG switch on", async () => {
    await restart({ env: { BACKEND_SERVERS_HTTP_TIMEOUT_MS: "300" } });
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const debug = process.env.DEBUG;
    process.env.DEBUG = "DEBUG";
    try {
      process.stdout.write("capture works\n");
      w.emulator.inject({ cloud: "elb", action: "batch-add", kind: "throttle", count: 1 });
      w.emulator.inject({ cloud: "elb", action: "batch-add", kind: "drop", count: 1 });
      await w.provider.create(inputs(ipMembers(1)));
      await w.provider
        .create(
          inputs([{ address: "10.0.0.1", protocolPort: 80 }], { poolId: "0".repeat(8) + POOL.slice(8) }),
        )
        .catch(() => {});
    } finally {
      spy.mockRestore();
      if (debug === undefined) delete process.env.DEBUG;
      else process.env.DEBUG = debug;
    }
    expect(w.emulator.calls().map((c) => c.httpStatus)).toEqual([200, 429, 0, 200, 200, 404]);
    expect(written).toEqual(["capture works\n"]);
  });
});
