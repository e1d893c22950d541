import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AuthGates } from "../../provider/clouds/huaweicloud/authGuard";
import { elbMemberApi } from "../../provider/clouds/huaweicloud/elb/api";
import type { ElbMember } from "../../provider/clouds/huaweicloud/elb/members";
import {
  type HuaweiAnswer,
  type HuaweiRequest,
  type HuaweiTransport,
  NoAnswer,
} from "../../provider/clouds/huaweicloud/sdkClient";
import { CloudError } from "../../provider/reconcile/cloudError";

const POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35";
const MEMBERS = `/v3/{project_id}/elb/pools/${POOL}/members`;

/** Answers from a script, one per request, and keeps the requests. */
function scripted(...answers: (HuaweiAnswer | NoAnswer)[]) {
  const requests: HuaweiRequest[] = [];
  const transport: HuaweiTransport = {
    async send(request) {
      requests.push(request);
      const answer = answers.shift();
      if (answer === undefined) throw new Error("unexpected request");
      if (answer instanceof NoAnswer) throw answer;
      return answer;
    },
  };
  return { api: elbMemberApi(transport, POOL, new AuthGates(), randomUUID()), requests };
}
const ok = (body: Record<string, unknown>): HuaweiAnswer => ({ status: 200, body });
const wire = (address: string, extra: Record<string, unknown> = {}) => ({
  id: `id-${address}`,
  address,
  protocol_port: 80,
  weight: 1,
  name: "",
  operating_status: "ONLINE",
  ...extra,
});
const member = (address: string, extra: Partial<ElbMember> = {}): ElbMember => ({
  address,
  protocolPort: 80,
  weight: 1,
  ...extra,
});
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as CloudError,
  );

describe("the ELB member adapter", () => {
  it("reads every page by marker, asking for 2000 at a time", async () => {
    const { api, requests } = scripted(
      ok({ members: [wire("10.0.0.1")], page_info: { next_marker: "id-10.0.0.1", current_count: 1 } }),
      ok({ members: [wire("10.0.0.2", { subnet_cidr_id: "s-1" })], page_info: { current_count: 1 } }),
    );
    expect(await api.list()).toEqual([
      member("10.0.0.1", { name: "", id: "id-10.0.0.1", operatingStatus: "ONLINE" }),
      member("10.0.0.2", { name: "", subnetCidrId: "s-1", id: "id-10.0.0.2", operatingStatus: "ONLINE" }),
    ]);
    expect(requests).toEqual([
      { method: "GET", path: MEMBERS, query: { limit: 2000 } },
      { method: "GET", path: MEMBERS, query: { limit: 2000, marker: "id-10.0.0.1" } },
    ]);
  });

  it("stops a read whose marker does not move on", async () => {
    const page = ok({ members: [wire("10.0.0.1")], page_info: { next_marker: "m-1" } });
    const { api } = scripted(page, page);
    const error = await failure(api.list());
    expect(error.info).toMatchObject({ code: "PaginationStalled", retry: "transient" });
  });

  it("reports a pool that is gone as undefined", async () => {
    const { api } = scripted({ status: 404, body: { error_code: "ELB.8904", error_msg: "pool not found" } });
    expect(await api.list()).toBeUndefined();
  });

  describe("a page whose marker was deleted since the page before", () => {
    const first = ok({ members: [wire("10.0.0.1")], page_info: { next_marker: "id-10.0.0.1" } });
    const refused = (status: number, code: string): HuaweiAnswer => ({
      status,
      body: { error_code: code, error_msg: "marker is invalid", request_id: "r-marker" },
      requestId: "r-marker",
    });

    it("restarts the listing from the first page, even on a 404 ELB.8904, which there is not a pool that is gone", async () => {
      const { api, requests } = scripted(
        first,
        refused(404, "ELB.8904"),
        ok({ members: [wire("10.0.0.2")], page_info: { current_count: 1 } }),
      );
      expect((await api.list())?.map((m) => m.address)).toEqual(["10.0.0.2"]);
      expect(requests.map((r) => r.query)).toEqual([
        { limit: 2000 },
        { limit: 2000, marker: "id-10.0.0.1" },
        { limit: 2000 },
      ]);
    });

    it("gives up after three restarts, with the cloud's code, message and request id", async () => {
      const { api, requests } = scripted(
        ...Array(4)
          .fill([first, refused(400, "ELB.8902")])
          .flat(),
      );
      const error = await failure(api.list());
      expect(requests).toHaveLength(8);
      expect(error.info).toMatchObject({
        action: "list",
        code: "ELB.8902",
        requestId: "r-marker",
        httpStatus: 400,
        retry: "permanent",
      });
      expect(error.message).toContain("refused 4 times, the listing restarted from the first page each time");
    });

    it("leaves a throttle or a server error on a later page to the caller's retry", async () => {
      const { api, requests } = scripted(first, { status: 429, body: { error_code: "APIGW.0308" } });
      expect((await failure(api.list())).info).toMatchObject({ code: "APIGW.0308", retry: "transient" });
      expect(requests).toHaveLength(2);
    });
  });

  it("adds with weight always sent, and returns ELB's ids and health, adopting members that existed as declared", async () => {
    const { api, requests } = scripted(
      ok({
        members: [
          wire("10.0.0.1", { weight: 0, ret_status: "successful", operating_status: "INITIAL" }),
          wire("10.0.0.2", { ret_status: "existed" }),
        ],
      }),
    );
    const added = await api.add([member("10.0.0.1", { weight: 0 }), member("10.0.0.2", { name: "" })]);
    expect(requests[0]).toEqual({
      method: "POST",
      path: `${MEMBERS}/batch-add`,
      body: {
        members: [
          { address: "10.0.0.1", protocol_port: 80, weight: 0 },
          { address: "10.0.0.2", protocol_port: 80, weight: 1, name: "" },
        ],
      },
    });
    expect(added.map((m) => [m.id, m.operatingStatus])).toEqual([
      ["id-10.0.0.1", "INITIAL"],
      ["id-10.0.0.2", "ONLINE"],
    ]);
  });

  it("reports a member that existed with another weight as a stale plan, naming it", async () => {
    const { api } = scripted(ok({ members: [wire("10.0.0.2", { weight: 9, ret_status: "existed" })] }));
    const error = await failure(api.add([member("10.0.0.2")]));
    expect(error.info).toMatchObject({ action: "batch-add", code: "MemberExisted", retry: "stale" });
    expect(error.message).toContain("10.0.0.2:80");
  });

  it("updates by id with weight and a declared name; deletes by id", async () => {
    const { api, requests } = scripted(ok({ members: [] }), ok({ members: [] }));
    await api.update([
      { desired: member("10.0.0.1", { weight: 0 }), actual: member("10.0.0.1", { id: "m-1", weight: 3 }) },
      { desired: member("10.0.0.2", { name: "b" }), actual: member("10.0.0.2", { id: "m-2", name: "a" }) },
    ]);
    await api.remove([member("10.0.0.1", { id: "m-1" }), member("10.0.0.3")]);
    expect(requests.map((r) => [r.path.split("/").pop(), r.body])).toEqual([
      [
        "batch-update",
        {
          members: [
            { id: "m-1", weight: 0 },
            { id: "m-2", weight: 1, name: "b" },
          ],
        },
      ],
      ["batch-delete", { members: [{ id: "m-1" }, { address: "10.0.0.3", protocol_port: 80 }] }],
    ]);
  });

  it("turns a request without an answer into an error the executor re-reads after (writes)", async () => {
    const { api } = scripted(new NoAnswer("ETIMEDOUT", "no answer from the API"));
    const error = await failure(api.remove([member("10.0.0.1", { id: "m-1" })]));
    expect(error).toBeInstanceOf(CloudError);
    expect(error.message).toBe(`batch-delete on pool ${POOL} failed: ETIMEDOUT: no answer from the API`);
    expect(error.retry).toBe("uncertain");
  });

  it("sends nothing more with credentials the API refused", async () => {
    const { api, requests } = scripted({
      status: 401,
      body: { error_code: "APIGW.0301", error_msg: "bad signature" },
      requestId: "r-401",
    });
    expect((await failure(api.list())).info).toMatchObject({ code: "APIGW.0301", retry: "permanent" });
    const second = await failure(api.add([member("10.0.0.1")]));
    expect(second.message).toMatch(
      /^batch-add on pool .+ failed: APIGW\.0301: not sent: .+\(RequestId: r-401\)/,
    );
    expect(second.retry).toBe("permanent");
    expect(requests).toHaveLength(1);
  });

  it("sends one request at a time with credentials the API has not yet accepted, so a bad secret fails once", async () => {
    const { api, requests } = scripted({ status: 401, body: { error_code: "APIGW.0301" } });
    const outcomes = await Promise.allSettled([api.list(), api.list(), api.list()]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(requests).toHaveLength(1);
  });

  it("lets requests run side by side once the API accepted the credentials", async () => {
    let inFlight = 0;
    let most = 0;
    let first = true;
    const requests: HuaweiRequest[] = [];
    const transport: HuaweiTransport = {
      async send(request) {
        requests.push(request);
        inFlight++;
        most = Math.max(most, inFlight);
        // The first answer arrives before the others are sent; later ones overlap.
        if (!first) await new Promise<void>((resolve) => setImmediate(resolve));
        first = false;
        inFlight--;
        return ok({ members: [] });
      },
    };
    const api = elbMemberApi(transport, POOL, new AuthGates(), randomUUID());
    await api.list();
    await Promise.all([api.list(), api.list(), api.list()]);
    expect(requests).toHaveLength(4);
    expect(most).toBe(3);
  });
});
