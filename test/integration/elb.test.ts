import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ElbMember } from "../../provider/clouds/huaweicloud/elb/members";
import { CloudError } from "../../provider/reconcile/cloudError";
import { PartialFailure } from "../../provider/runtime/attachmentProvider";
import type { ElbMemberSeed } from "../../emulator";
import {
  CREDENTIAL,
  elbWorld,
  type ElbWorldOptions,
  ipMembers,
  POOL,
  POOL2,
  PROJECT,
  REGION,
  SUBNET,
} from "./elbWorld";

type World = Awaited<ReturnType<typeof elbWorld>>;
let world: World;

beforeEach(async () => {
  world = await elbWorld();
});
afterEach(async () => {
  await world.close();
});

const restart = async (options: ElbWorldOptions) => {
  await world.close();
  world = await elbWorld(options);
};

const inputs = (members: unknown[], extra: Record<string, unknown> = {}) => ({
  poolId: POOL,
  members,
  __provider: "stored provider text",
  ...extra,
});

const sentMembers = (action: string) =>
  world.emulator.calls({ action }).map((c) => c.params.members as Record<string, unknown>[]);

describe("ELB BackendServerAttachment through the Huawei SDK against the emulator", () => {
  it("creates members from empty in one read and ceil(n/200) adds, sending weight 0 and omitting what is unset", async () => {
    const declared = [
      ...ipMembers(399),
      { address: "192.168.0.48", protocolPort: 8080, subnetCidrId: SUBNET, weight: 0, name: "web-1" },
    ];
    const { id, outs } = await world.provider.create(inputs(declared));

    expect(id).toMatch(/^04a9bc65-b75b-478d-b4d6-e693bb61dd35\/[0-9a-f]{8}$/);
    expect(world.actions()).toEqual(["list", "batch-add", "batch-add"]);
    const [first, second] = sentMembers("batch-add");
    expect([first.length, second.length]).toEqual([200, 200]);
    expect(first[0]).toEqual({ address: "10.0.0.0", protocol_port: 8080, weight: 1 });
    expect(second.at(-1)).toEqual({
      address: "192.168.0.48",
      protocol_port: 8080,
      weight: 0,
      subnet_cidr_id: SUBNET,
      name: "web-1",
    });
    expect(world.members()).toHaveLength(400);
    expect(world.members()).toContain("192.168.0.48:8080:0");
    expect(outs).toMatchObject({ poolId: POOL, projectId: PROJECT, region: REGION, exclusive: false });
    const recorded = outs.members as Record<string, ElbMember>;
    const cloud = world.emulator.elbMembers(POOL).find((m) => m.address === "192.168.0.48")!;
    expect(recorded["192.168.0.48:8080"]).toEqual({
      address: "192.168.0.48",
      protocolPort: 8080,
      subnetCidrId: SUBNET,
      weight: 0,
      name: "web-1",
      id: cloud.id,
      operatingStatus: "NO_MONITOR",
    });
    expect(world.log).toEqual([
      `batch-add pool ${POOL}: batch 1/2, 200 servers`,
      `batch-add pool ${POOL}: batch 2/2, 200 servers`,
    ]);
  });

  it("keys IPv6 members by their canonical address in brackets", async () => {
    const { outs } = await world.provider.create(
      inputs([{ address: "2001:DB8:0:0::1", protocolPort: 443, subnetCidrId: SUBNET }]),
    );
    expect(Object.keys(outs.members as object)).toEqual(["[2001:db8::1]:443"]);
    expect(world.members()).toEqual(["2001:db8::1:443:1"]);
  });

  it("adopts declared members that exist, re-weights and renames by id, and leaves undeclared ones alone (shared)", async () => {
    world.emulator.setElbMembers(POOL, [
      { address: "10.0.0.0", protocol_port: 8080, weight: 1 },
      { address: "10.0.0.1", protocol_port: 8080, weight: 7, name: "old" },
      { address: "10.9.9.9", protocol_port: 8080, weight: 50 },
    ]);
    const existing = world.emulator.elbMembers(POOL);
    const { outs } = await world.provider.create(
      inputs([...ipMembers(1), { ...ipMembers(1, 1)[0], name: "new" }, ...ipMembers(1, 2)]),
    );

    expect(world.actions()).toEqual(["list", "batch-add", "batch-update"]);
    expect(sentMembers("batch-add")).toEqual([[{ address: "10.0.0.2", protocol_port: 8080, weight: 1 }]]);
    expect(sentMembers("batch-update")).toEqual([[{ id: existing[1].id, weight: 1, name: "new" }]]);
    expect(world.members()).toEqual([
      "10.0.0.0:8080:1",
      "10.0.0.1:8080:1",
      "10.0.0.2:8080:1",
      "10.9.9.9:8080:50",
    ]);
    expect((outs.members as Record<string, ElbMember>)["10.0.0.0:8080"].id).toBe(existing[0].id);
  });

  it("updates in add, update, delete order with exactly ceil(n/200) calls of each", async () => {
    // Adds come first, so the pool briefly holds old and new members: above the default quota of 500.
    await restart({ elb: { memberQuota: 1000 } });
    const { id, outs } = await world.provider.create(inputs(ipMembers(450)));
    world.emulator.clearCalls();
    // 201 re-weighted (two batches), 49 removed, 210 added (two batches).
    const next = [...ipMembers(201, 0, { weight: 0 }), ...ipMembers(200, 201), ...ipMembers(210, 1000)];
    const { outs: after } = await world.provider.update(id, outs, inputs(next));

    expect(world.actions()).toEqual([
      "list",
      "batch-add",
      "batch-add",
      "batch-update",
      "batch-update",
      "batch-delete",
    ]);
    expect(sentMembers("batch-update").map((b) => b.length)).toEqual([200, 1]);
    expect(sentMembers("batch-update")[0][0]).toEqual({ id: expect.any(String), weight: 0 });
    const removed = sentMembers("batch-delete")[0];
    expect(removed).toHaveLength(49);
    expect(Object.keys(removed[0])).toEqual(["id"]);
    expect(world.members()).toHaveLength(611);
    expect(Object.keys(after.members as object)).toHaveLength(611);
  });

  it("makes no write at all when nothing changed, and pages the read by marker", async () => {
    await restart({ elb: { pageCap: 100 } });
    const { id, outs } = await world.provider.create(inputs(ipMembers(250)));
    world.emulator.clearCalls();
    await world.provider.update(id, outs, inputs([...ipMembers(250)].reverse()));

    const lists = world.emulator.calls({ action: "list" });
    expect(world.actions()).toEqual(["list", "list", "list"]);
    expect(lists.map((c) => c.params.limit)).toEqual(["2000", "2000", "2000"]);
    expect(lists[0].params.marker).toBeUndefined();
    expect(lists.slice(1).every((c) => typeof c.params.marker === "string")).toBe(true);
  });

  it("never removes members it did not declare, on update or on delete (shared)", async () => {
    const { id, outs } = await world.provider.create(inputs(ipMembers(3)));
    world.emulator.setElbMembers(POOL, [
      ...world.emulator.elbMembers(POOL),
      { address: "10.8.8.8", protocol_port: 80, weight: 5 },
    ]);
    const { outs: after } = await world.provider.update(id, outs, inputs(ipMembers(2)));
    expect(world.members()).toEqual(["10.0.0.0:8080:1", "10.0.0.1:8080:1", "10.8.8.8:80:5"]);

    world.emulator.clearCalls();
    await world.provider.delete(id, after);
    expect(world.members()).toEqual(["10.8.8.8:80:5"]);
    expect(world.actions()).toEqual(["list", "batch-delete"]);
  });

  it("removes every undeclared member with exclusive: true, in batches of 200", async () => {
    world.emulator.setElbMembers(
      POOL,
      ipMembers(250, 5000).map((m) => ({ address: m.address, protocol_port: 80 })),
    );
    await world.provider.create(inputs(ipMembers(2), { exclusive: true }));
    expect(world.actions()).toEqual(["list", "batch-add", "batch-delete", "batch-delete"]);
    expect(world.members()).toEqual(["10.0.0.0:8080:1", "10.0.0.1:8080:1"]);
  });

  it("refreshes to the cloud's truth, with ids in the outputs and none in the inputs, and drops a deleted pool", async () => {
    const { id, outs } = await world.provider.create(
      inputs([{ address: "10.0.0.0", protocolPort: 8080, name: "a" }, ...ipMembers(2, 1)]),
    );
    const drifted: ElbMemberSeed[] = world.emulator
      .elbMembers(POOL)
      .filter((m) => m.address !== "10.0.0.1")
      .map((m) => (m.address === "10.0.0.0" ? { ...m, weight: 30, name: "renamed" } : m));
    world.emulator.setElbMembers(POOL, [...drifted, { address: "10.7.7.7", protocol_port: 80 }]);
    const read = await world.provider.read(id, outs);
    expect(read.id).toBe(id);
    expect(read.inputs).toEqual({
      poolId: POOL,
      exclusive: false,
      members: {
        "10.0.0.0:8080": { address: "10.0.0.0", protocolPort: 8080, weight: 30, name: "renamed" },
        "10.0.0.2:8080": { address: "10.0.0.2", protocolPort: 8080, weight: 1 },
      },
    });
    const props = read.props.members as Record<string, ElbMember>;
    expect(props["10.0.0.2:8080"]).toMatchObject({ id: expect.any(String), operatingStatus: "NO_MONITOR" });
    expect(read.props).toMatchObject({ projectId: PROJECT, region: REGION });

    world.emulator.deleteElbPool(POOL);
    expect(await world.provider.read(id, outs)).toEqual({ id: "", props: {}, inputs: {} });
  });

  it("refuses a bad secret after exactly one request, and then sends nothing more with it", async () => {
    await restart({
      config: {
        "huaweicloud:accessKey": CREDENTIAL.accessKeyId,
        "huaweicloud:secretKey": "not-the-secret",
        "huaweicloud:region": REGION,
        "huaweicloud:projectId": PROJECT,
      },
    });
    const error = await world.provider.create(inputs(ipMembers(1))).catch((e) => e);
    expect(error).toBeInstanceOf(CloudError);
    expect(error.message).toMatch(
      new RegExp(
        `^list on pool ${POOL} failed: APIGW\\.0301: Incorrect IAM authentication information: .+not retried.+\\(RequestId: [0-9a-f]{32}\\)$`,
      ),
    );
    expect(world.emulator.calls().map((c) => [c.action, c.httpStatus])).toEqual([["list", 401]]);
    expect(error.message).not.toContain("not-the-secret");

    // A second resource with the same credentials in the same run: refused without a request.
    const again = await world.provider.create(inputs(ipMembers(1), { poolId: POOL2 })).catch((e) => e);
    expect(again.message).toMatch(
      /^list on pool .+ failed: APIGW\.0301: not sent: the API refused these credentials/,
    );
    expect(world.emulator.calls()).toHaveLength(1);
  });

  it("retries throttling and server errors with backoff and converges", async () => {
    world.emulator.inject({ cloud: "elb", action: "batch-add", kind: "throttle", count: 2 });
    world.emulator.inject({ cloud: "elb", action: "list", kind: "server-error", count: 1 });
    await world.provider.create(inputs(ipMembers(3)));
    expect(world.emulator.calls().map((c) => `${c.action} ${c.httpStatus} ${c.code ?? ""}`.trim())).toEqual([
      "list 500 ELB.8906",
      "list 200",
      "batch-add 429 APIGW.0308",
      "batch-add 429 APIGW.0308",
      "batch-add 200",
    ]);
    expect(world.members()).toHaveLength(3);
  });

  it("re-reads after a timed-out add that did succeed, and sends only what remains", async () => {
    await restart({ env: { BACKEND_SERVERS_HTTP_TIMEOUT_MS: "300" } });
    world.emulator.inject({
      cloud: "elb",
      action: "batch-add",
      kind: "timeout-after-apply",
      count: 1,
      latencyMs: 5000,
    });
    const { outs } = await world.provider.create(inputs(ipMembers(250)));
    expect(world.actions()).toEqual(["list", "batch-add", "list", "batch-add"]);
    expect(sentMembers("batch-add").map((b) => b.length)).toEqual([200, 50]);
    expect(world.members()).toHaveLength(250);
    // The members whose answer was lost got their ids from the re-read.
    const recorded = Object.values(outs.members as Record<string, ElbMember>);
    expect(recorded.every((m) => typeof m.id === "string")).toBe(true);
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
                return reads++ === 0 ? found?.filter((m) => m.address !== "10.0.0.1") : found;
              },
            };
          },
        }),
      });
      world.emulator.setElbMembers(POOL, [{ address: "10.0.0.1", protocol_port: 8080, weight }]);
      return world.emulator.elbMembers(POOL)[0].id;
    };

    it("is adopted with its id from the answer, with no further call, when it is as declared", async () => {
      const attachedId = await racing(1);
      const { outs } = await world.provider.create(inputs(ipMembers(3)));

      expect(world.actions()).toEqual(["list", "batch-add"]);
      expect(sentMembers("batch-add")[0]).toHaveLength(3);
      expect((outs.members as Record<string, ElbMember>)["10.0.0.1:8080"]).toMatchObject({
        id: attachedId,
        operatingStatus: "NO_MONITOR",
      });
      expect(world.members()).toEqual(["10.0.0.0:8080:1", "10.0.0.1:8080:1", "10.0.0.2:8080:1"]);
    });

    it("is adopted and re-weighted in the same run when its weight differs", async () => {
      const attachedId = await racing(9);
      const { outs } = await world.provider.create(inputs(ipMembers(3)));

      expect(world.actions()).toEqual(["list", "batch-add", "list", "batch-update"]);
      expect(sentMembers("batch-update")).toEqual([[{ id: attachedId, weight: 1 }]]);
      expect(world.members()).toEqual(["10.0.0.0:8080:1", "10.0.0.1:8080:1", "10.0.0.2:8080:1"]);
      expect((outs.members as Record<string, ElbMember>)["10.0.0.1:8080"].id).toBe(attachedId);
    });
  });

  it("reports a quota refusal with operation, pool, code, message and request id, carrying the state reached", async () => {
    await restart({ elb: { memberQuota: 300 } });
    const error = await world.provider.create(inputs(ipMembers(450))).catch((e) => e);

    expect(error).toBeInstanceOf(PartialFailure);
    expect(error.message).toMatch(
      new RegExp(
        `^batch-add on pool ${POOL} failed: ELB\\.8905: .*quota.* \\(RequestId: [0-9a-f]{32}\\)\\. The members attached so far`,
      ),
    );
    expect(world.actions()).toEqual(["list", "batch-add", "batch-add"]);
    expect(error.id).toMatch(new RegExp(`^${POOL}/`));
    expect(error.properties.__provider).toBe("stored provider text");
    expect(Object.keys(error.properties.members)).toHaveLength(200);
    expect(error.properties).toMatchObject({ poolId: POOL, projectId: PROJECT, region: REGION });
    expect(error.reasons).toEqual([error.message]);
    const everything = JSON.stringify(error.properties) + error.message;
    for (const secret of [CREDENTIAL.accessKeySecret, CREDENTIAL.accessKeyId])
      expect(everything).not.toContain(secret);
  });

  it("rejects an IP-as-backend member the pool does not allow with the cloud's code, before anything is attached", async () => {
    world.emulator.seed({ elb: { pools: [{ poolId: POOL, projectId: PROJECT, ipTargetEnable: false }] } });
    const error = await world.provider.create(inputs(ipMembers(1))).catch((e) => e);
    expect(error).not.toBeInstanceOf(PartialFailure);
    expect(error.message).toMatch(/^batch-add on pool .+ failed: ELB\.8938: /);
  });

  it("says what to set when credentials, the project or the region are missing, before any call", async () => {
    const bare = (config: Record<string, string>) =>
      elbWorld({ config }).then(async (w) => {
        const error = await w.provider.create(inputs(ipMembers(1))).catch((e) => e);
        const calls = w.emulator.calls().length;
        await w.close();
        return { message: String(error.message), calls };
      });
    const located = { "huaweicloud:region": REGION, "huaweicloud:projectId": PROJECT };
    expect(await bare(located)).toEqual({
      message: expect.stringMatching(
        /missing the AccessKey and the SecretKey.+huaweicloud:accessKey.+HUAWEICLOUD_SDK_AK/,
      ),
      calls: 0,
    });
    const keys = { "huaweicloud:accessKey": "AK", "huaweicloud:secretKey": "SK" };
    expect(await bare({ ...keys, "huaweicloud:region": REGION })).toEqual({
      message: expect.stringMatching(
        /projectId is not set.+huaweicloud:projectId.+HUAWEICLOUD_SDK_PROJECT_ID/,
      ),
      calls: 0,
    });
    expect(await bare({ ...keys, "huaweicloud:projectId": PROJECT })).toEqual({
      message: expect.stringMatching(/region is not set.+huaweicloud:region.+HUAWEICLOUD_REGION/),
      calls: 0,
    });
  });

  it("rejects invalid inputs before any call", async () => {
    await expect(
      world.provider.create(inputs([{ address: "10.0.0.1", protocolPort: 80, weight: 101 }])),
    ).rejects.toThrow(/weight 101 is not allowed: use an integer from 0 to 100/);
    expect(world.actions()).toEqual([]);
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
      world.emulator.inject({ cloud: "elb", action: "batch-add", kind: "throttle", count: 1 });
      world.emulator.inject({ cloud: "elb", action: "batch-add", kind: "drop", count: 1 });
      await world.provider.create(inputs(ipMembers(1)));
      await world.provider
        .create(
          inputs([{ address: "10.0.0.1", protocolPort: 80 }], { poolId: "0".repeat(8) + POOL.slice(8) }),
        )
        .catch(() => {});
    } finally {
      spy.mockRestore();
      if (debug === undefined) delete process.env.DEBUG;
      else process.env.DEBUG = debug;
    }
    expect(world.emulator.calls().map((c) => c.httpStatus)).toEqual([200, 429, 0, 200, 200, 404]);
    expect(written).toEqual(["capture works\n"]);
  });
});
