import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index";
import { type ElbCall, elbClient, rejectionOf } from "./sdkClients";
import { CRED, POOL, PROJECT } from "./testFixtures";

let emu: Emulator;
let elb: ElbCall;
const MEMBERS = `/v3/{project_id}/elb/pools/${POOL}/members`;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const post = (action: string, members: unknown[], pool = POOL) =>
  elb({ method: "POST", url: `/v3/{project_id}/elb/pools/${pool}/members/${action}`, data: { members } });
const list = (queryParams: Record<string, unknown> = {}) => elb({ method: "GET", url: MEMBERS, queryParams });
const failure = async (p: Promise<unknown>) => {
  const e = await rejectionOf(p);
  return { status: e.httpStatusCode as number, code: e.errorCode as string, message: e.errorMsg as string };
};
const ipMembers = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => ({
    address: `10.0.${Math.floor((from + i) / 250)}.${(from + i) % 250}`,
    protocol_port: 80,
  }));

beforeEach(async () => {
  emu ??= await startEmulator();
  emu.reset();
  emu.seed({
    credentials: [CRED],
    elb: {
      projects: [PROJECT],
      pools: [
        { poolId: POOL, projectId: PROJECT },
        { poolId: "pool-instances-only", projectId: PROJECT, ipTargetEnable: false },
      ],
    },
  });
  elb = elbClient(emu, CRED, PROJECT);
});
afterAll(() => emu?.close());

describe("ELB batch-add", () => {
  it("adds members with ELB defaults, keeps weight 0, and reports existing ones as existed", async () => {
    const res = await post("batch-add", [
      {
        address: "192.168.0.48",
        protocol_port: 8080,
        subnet_cidr_id: "61da8098-954b-4809-bc5a-b99ccef8a398",
        name: "a",
      },
      { address: "10.0.0.7", protocol_port: 80, weight: 0 },
    ]);
    expect(res.httpStatusCode).toBe(200);
    expect(res.request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(res.members).toHaveLength(2);
    const [instance, ip] = res.members;
    expect(instance).toMatchObject({
      address: "192.168.0.48",
      protocol_port: 8080,
      weight: 1,
      name: "a",
      member_type: "instance",
      operating_status: "NO_MONITOR",
      project_id: PROJECT,
      ret_status: "successful",
    });
    expect(instance.id).toMatch(UUID_V4);
    expect(ip).toMatchObject({ weight: 0, member_type: "ip", ret_status: "successful" });
    expect(ip.subnet_cidr_id).toBeUndefined();

    const again = await post("batch-add", [
      { address: "10.0.0.7", protocol_port: 80, weight: 50 },
      { address: "10.0.0.7", protocol_port: 81 },
    ]);
    expect(
      again.members.map((m: { ret_status: string; weight: number }) => [m.ret_status, m.weight]),
    ).toEqual([
      ["existed", 0],
      ["successful", 1],
    ]);
    expect(again.members[0].id).toBe(ip.id);
    expect(emu.elbMembers(POOL)).toHaveLength(3);
  });

  it("requires a private IPv4 address for IP as backend (no subnet_cidr_id)", async () => {
    expect(await failure(post("batch-add", [{ address: "8.8.8.8", protocol_port: 80 }]))).toMatchObject({
      status: 400,
      code: "ELB.8902",
    });
    await post("batch-add", [{ address: "8.8.8.8", protocol_port: 80, subnet_cidr_id: "subnet-1" }]);
    for (const address of ["172.16.0.1", "172.31.255.255", "192.168.1.1", "10.255.0.1"]) {
      await post("batch-add", [{ address, protocol_port: 80 }]);
    }
    expect((await failure(post("batch-add", [{ address: "172.32.0.1", protocol_port: 80 }]))).code).toBe(
      "ELB.8902",
    );
    expect(
      await failure(post("batch-add", [{ address: "10.0.0.1", protocol_port: 80 }], "pool-instances-only")),
    ).toMatchObject({ status: 400, code: "ELB.8938" });
  });

  it("accepts 200 members per call and refuses 201 with ELB.8902", async () => {
    expect(await failure(post("batch-add", ipMembers(201)))).toMatchObject({ status: 400, code: "ELB.8902" });
    expect(emu.elbMembers(POOL)).toEqual([]);
    expect((await post("batch-add", ipMembers(200))).members).toHaveLength(200);
  });

  it("refuses to exceed the pool quota with 409 ELB.8905 and applies nothing", async () => {
    emu.seed({ elb: { memberQuota: 3 } });
    await post("batch-add", ipMembers(2));
    expect(await failure(post("batch-add", ipMembers(2, 10)))).toMatchObject({
      status: 409,
      code: "ELB.8905",
    });
    expect(emu.elbMembers(POOL)).toHaveLength(2);
    // Existing members do not count twice.
    await post("batch-add", [...ipMembers(2), ...ipMembers(1, 10)]);
    expect(emu.elbMembers(POOL)).toHaveLength(3);
  });

  it.each([
    ["a missing address", [{ protocol_port: 80 }]],
    ["a missing port", [{ address: "10.0.0.1" }]],
    ["a weight above 100", [{ address: "10.0.0.1", protocol_port: 80, weight: 101 }]],
    ["a string weight", [{ address: "10.0.0.1", protocol_port: 80, weight: "5" }]],
    ["an empty list", []],
  ])("refuses %s with 400 ELB.8902", async (_name, members) => {
    expect(await failure(post("batch-add", members))).toMatchObject({ status: 400, code: "ELB.8902" });
  });
});

describe("ELB batch-delete and batch-update", () => {
  let ids: string[];
  beforeEach(async () => {
    ids = (await post("batch-add", ipMembers(3))).members.map((m: { id: string }) => m.id);
  });

  it("deletes by id or by address and port, reporting unknown ones as not found", async () => {
    const res = await post("batch-delete", [
      { id: ids[0] },
      { address: "10.0.0.2", protocol_port: 80 },
      { id: "00000000-0000-4000-8000-000000000000" },
      { address: "10.0.0.2", protocol_port: 80 },
    ]);
    expect(res.httpStatusCode).toBe(200);
    expect(res.members.map((m: { ret_status: string }) => m.ret_status)).toEqual([
      "successful",
      "successful",
      "not found",
      "not found",
    ]);
    expect(emu.elbMembers(POOL).map((m) => m.id)).toEqual([ids[2]]);
  });

  it("refuses items that mix or lack identifiers, and more than 200 items", async () => {
    expect(
      (await failure(post("batch-delete", [{ id: ids[0], address: "10.0.0.1", protocol_port: 80 }]))).code,
    ).toBe("ELB.8902");
    expect((await failure(post("batch-delete", [{ address: "10.0.0.1" }]))).code).toBe("ELB.8902");
    expect((await failure(post("batch-delete", ipMembers(201)))).code).toBe("ELB.8902");
    expect(emu.elbMembers(POOL)).toHaveLength(3);
  });

  it("updates weight and name by id", async () => {
    const res = await post("batch-update", [
      { id: ids[0], weight: 0 },
      { id: ids[1], name: "renamed", weight: 100 },
    ]);
    expect(res.members.map((m: { weight: number; name: string }) => [m.weight, m.name])).toEqual([
      [0, ""],
      [100, "renamed"],
    ]);
    expect(emu.elbMembers(POOL).map((m) => m.weight)).toEqual([0, 100, 1]);
  });

  it("updates a port and an availability zone, and leaves admin_state_up to the cloud", async () => {
    await post("batch-update", [
      { id: ids[0], protocol_port: 8080, availability_zone: "az1", admin_state_up: false },
    ]);
    expect(emu.elbMembers(POOL)[0]).toMatchObject({
      protocol_port: 8080,
      availability_zone: "az1",
      admin_state_up: true,
    });
  });

  it("refuses an unknown id with 404 ELB.8904 and applies nothing", async () => {
    const f = await failure(
      post("batch-update", [
        { id: ids[0], weight: 9 },
        { id: "00000000-0000-4000-8000-000000000000", weight: 9 },
      ]),
    );
    expect(f).toMatchObject({ status: 404, code: "ELB.8904" });
    expect(emu.elbMembers(POOL).map((m) => m.weight)).toEqual([1, 1, 1]);
    expect(
      (
        await failure(
          post(
            "batch-update",
            ids.map((id) => ({ id, weight: 101 })),
          ),
        )
      ).code,
    ).toBe("ELB.8902");
  });
});

describe("ELB list", () => {
  const readAll = async (limit?: number) => {
    const pages: { count: number; ids: string[]; next?: string }[] = [];
    let marker: string | undefined;
    do {
      const res = await list({ ...(limit ? { limit } : {}), ...(marker ? { marker } : {}) });
      pages.push({
        count: res.page_info.current_count,
        ids: res.members.map((m: { id: string }) => m.id),
        next: res.page_info.next_marker,
      });
      marker = res.page_info.next_marker;
    } while (marker && pages.length < 20);
    return pages;
  };

  it("pages by marker, capped by pageCap whatever limit says, with next_marker only while more remain", async () => {
    emu.seed({ elb: { pageCap: 3 } });
    await post("batch-add", ipMembers(7));
    const pages = await readAll();
    expect(pages.map((p) => p.count)).toEqual([3, 3, 1]);
    expect(pages[2].next).toBeUndefined();
    const allIds = pages.flatMap((p) => p.ids);
    expect(new Set(allIds)).toEqual(new Set(emu.elbMembers(POOL).map((m) => m.id)));
    expect((await readAll(2)).map((p) => p.count)).toEqual([2, 2, 2, 1]);
  });

  it("returns an empty page without next_marker for an empty pool", async () => {
    const res = await list();
    expect(res.members).toEqual([]);
    expect(res.page_info).toEqual({ current_count: 0 });
  });

  it("refuses a marker that names no member of the pool: deleted since the page before, unknown or empty", async () => {
    await post("batch-add", ipMembers(6));
    const first = await list({ limit: 3 });
    const marker = first.page_info.next_marker;
    expect(marker).toBe(first.members[2].id);
    // The marker is still a member: the next page follows on in id order.
    const second = await list({ limit: 3, marker });
    expect(new Set([...first.members, ...second.members].map((m: { id: string }) => m.id)).size).toBe(6);

    await post("batch-delete", [{ id: marker }]);
    for (const stale of [marker, "00000000-0000-4000-8000-000000000000", ""]) {
      const refused = await failure(list({ limit: 3, marker: stale }));
      expect(refused).toMatchObject({ status: 400, code: "ELB.8902" });
      expect(refused.message).toContain(`marker ${JSON.stringify(stale)} is not the id of a member`);
    }
  });

  it("refuses a limit out of range", async () => {
    expect((await failure(list({ limit: 2001 }))).code).toBe("ELB.8902");
  });
});

describe("ELB member quotas: per pool and per account", () => {
  const quotaDetails = (queryParams: Record<string, unknown> = {}) =>
    elb({ method: "GET", url: "/v3/{project_id}/elb/quotas/details", queryParams });
  const OTHER = "11111111111111111111111111111111";

  it("refuses an add past the account's members across all pools of the project with 409 ELB.8905, applying nothing", async () => {
    emu.seed({
      elb: {
        accountMemberQuota: 3,
        pools: [
          { poolId: "pool-b", projectId: PROJECT },
          { poolId: "pool-elsewhere", projectId: OTHER, members: ipMembers(3, 50) },
        ],
      },
    });
    await post("batch-add", ipMembers(2));
    const refused = await failure(post("batch-add", ipMembers(2, 10), "pool-b"));
    expect(refused).toMatchObject({ status: 409, code: "ELB.8905" });
    expect(refused.message).toBe(`The member quota of project ${PROJECT} (3) is exceeded.`);
    expect(emu.elbMembers("pool-b")).toEqual([]);
    // Exactly the quota is fine (another project's members count for that project only); one past it is not.
    await post("batch-add", ipMembers(1, 10), "pool-b");
    expect(await failure(post("batch-add", ipMembers(1, 20), "pool-b"))).toMatchObject({ code: "ELB.8905" });
    expect(emu.elbMembers("pool-b")).toHaveLength(1);
  });

  it("reports each quota with its limit and use (ListQuotaDetails), filtered by quota_key", async () => {
    emu.seed({ elb: { accountMemberQuota: 700, pools: [{ poolId: "pool-b", projectId: PROJECT }] } });
    await post("batch-add", ipMembers(4));
    await post("batch-add", ipMembers(2, 10), "pool-b");
    const all = await quotaDetails();
    expect(all.httpStatusCode).toBe(200);
    expect(all.quotas).toEqual([
      { quota_key: "member", quota_limit: 700, used: 6, unit: "count" },
      { quota_key: "members_per_pool", quota_limit: 500, used: 4, unit: "count" },
    ]);
    expect((await quotaDetails({ quota_key: "member" })).quotas).toEqual([
      { quota_key: "member", quota_limit: 700, used: 6, unit: "count" },
    ]);
  });
});

describe("ELB addressing", () => {
  it("answers 404 ELB.8904 for an unknown or deleted pool", async () => {
    expect(await failure(post("batch-add", ipMembers(1), "no-such-pool"))).toMatchObject({
      status: 404,
      code: "ELB.8904",
    });
    emu.deleteElbPool(POOL);
    expect(await failure(list())).toMatchObject({ status: 404, code: "ELB.8904" });
  });

  it("refuses a path project that differs from the signed X-Project-Id", async () => {
    const other = "11111111111111111111111111111111";
    emu.seed({ elb: { pools: [{ poolId: "pool-other", projectId: other }] } });
    const f = await failure(elb({ method: "GET", url: `/v3/${other}/elb/pools/pool-other/members` }));
    expect(f).toMatchObject({ status: 401, code: "APIGW.0301" });
  });

  it("puts X-Request-Id on every answer, matching the body's request_id", async () => {
    const unsigned = await fetch(`${emu.url}/v3/${PROJECT}/elb/pools/${POOL}/members`);
    const body = (await unsigned.json()) as { request_id: string; error_code: string };
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get("x-request-id")).toBe(body.request_id);
    const unknown = await fetch(`${emu.url}/v3/${PROJECT}/elb/loadbalancers`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/);
    const e = await rejectionOf(post("batch-add", [], "no-such-pool"));
    expect(e.requestId).toMatch(/^[0-9a-f]{32}$/);
  });
});
