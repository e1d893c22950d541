import { describe, expect, it } from "vitest";
import {
  classifyElbRefusal,
  type ElbOperation,
  noAnswerError,
  refusalError,
} from "../../provider/clouds/huaweicloud/errors";
import { NoAnswer } from "../../provider/clouds/huaweicloud/sdkClient";

const WRITES: ElbOperation[] = ["batch-add", "batch-update", "batch-delete"];
const ALL: ElbOperation[] = ["list", ...WRITES];

describe("ELB refusals", () => {
  it.each([
    [401, "APIGW.0301"],
    [401, "APIG.0301"],
    [401, "APIGW.0303"],
    [400, "ELB.8902"],
    [400, "ELB.8938"],
    [400, "ELB.8939"],
    [403, "ELB.2001"],
    [403, "APIGW.0302"],
    [409, "ELB.8905"],
    [404, "APIGW.0101"],
  ])("never retries %i %s, whatever the operation", (status, code) => {
    for (const operation of ALL) expect(classifyElbRefusal(operation, status, code)).toBe("permanent");
  });

  it.each([
    [429, "APIGW.0308"],
    [429, ""],
    [400, "ELB.0308"],
    [500, "ELB.8906"],
    [500, ""],
    [502, ""],
    [503, "APIGW.0201"],
  ])("retries %i %s as it is", (status, code) => {
    for (const operation of ALL) expect(classifyElbRefusal(operation, status, code)).toBe("transient");
  });

  it("re-reads after a gateway time-out on a write, which may have happened, and retries a read", () => {
    for (const operation of WRITES) expect(classifyElbRefusal(operation, 504, "")).toBe("uncertain");
    expect(classifyElbRefusal("list", 504, "")).toBe("transient");
  });

  it("re-plans when a write finds a member or the pool gone (ELB.8904); the list reports the pool gone itself", () => {
    for (const operation of WRITES) expect(classifyElbRefusal(operation, 404, "ELB.8904")).toBe("stale");
    expect(classifyElbRefusal("list", 404, "ELB.8904")).toBe("permanent");
  });

  it("re-plans after a 409 data conflict (ELB.8907: the member exists), never resends it as it is", () => {
    for (const operation of WRITES) expect(classifyElbRefusal(operation, 409, "ELB.8907")).toBe("stale");
    expect(classifyElbRefusal("list", 409, "ELB.8907")).toBe("permanent");
  });

  it("builds the error from the answer's fields: operation, pool, code, message and request id", () => {
    const error = refusalError("batch-add", "pool p-1", {
      status: 400,
      body: { error_code: "ELB.8902", error_msg: "invalid input", request_id: "body-id" },
      requestId: "b5d8bb34d28f3e47b352c14419e8fe04",
    });
    expect(error.message).toBe(
      "batch-add on pool p-1 failed: ELB.8902: invalid input (RequestId: b5d8bb34d28f3e47b352c14419e8fe04)",
    );
    expect(error.info).toMatchObject({ httpStatus: 400, retry: "permanent" });
  });

  it("says after a quota refusal which quotas an add counts against, where to read them and what to do", () => {
    const error = refusalError("batch-add", "pool p-1", {
      status: 409,
      body: { error_code: "ELB.8905", error_msg: "quota exceeded" },
      requestId: "b5d8bb34d28f3e47b352c14419e8fe04",
    });
    expect(error.message).toMatch(
      /^batch-add on pool p-1 failed: ELB\.8905: quota exceeded \(a member quota is full: /,
    );
    expect(error.message).toContain("the pool's, 500 members by default, or the account's");
    expect(error.message).toContain("GET /v3/{project_id}/elb/quotas/details");
    expect(error.message).toContain(
      "remove members in an earlier update, or ask Huawei Cloud to raise the quota",
    );
    expect(error.message).toMatch(/\(RequestId: b5d8bb34d28f3e47b352c14419e8fe04\)$/);
    expect(error.info).toMatchObject({ code: "ELB.8905", httpStatus: 409, retry: "permanent" });
  });

  it("reads the nested error shape, and names the status when the body has nothing", () => {
    expect(
      refusalError("list", "pool p-1", {
        status: 403,
        body: { error: { code: "IAM.0001", message: "denied" } },
      }).message,
    ).toBe("list on pool p-1 failed: IAM.0001: denied");
    const bare = refusalError("list", "pool p-1", { status: 502, body: {} });
    expect(bare.message).toBe("list on pool p-1 failed: HTTP502: HTTP status 502");
    expect(bare.retry).toBe("transient");
  });

  it("explains a 401 and why it is not retried", () => {
    const error = refusalError("list", "pool p-1", {
      status: 401,
      body: { error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information." },
      requestId: "r-1",
    });
    expect(error.message).toMatch(
      /APIGW\.0301: Incorrect IAM authentication information\. \(check .+five minutes\)/,
    );
    expect(error.retry).toBe("permanent");
  });
});

describe("ELB requests without an answer", () => {
  it("says where to look after an unknown host, and does not retry it", () => {
    const error = noAnswerError("list", "pool p-1", new NoAnswer("ENOTFOUND", "no answer from the API"));
    expect(error.message).toBe(
      "list on pool p-1 failed: ENOTFOUND: no answer from the API (unknown host: check the region or HUAWEICLOUD_ELB_ENDPOINT)",
    );
    expect(error.retry).toBe("permanent");
  });
});
