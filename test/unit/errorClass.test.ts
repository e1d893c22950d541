import { describe, expect, it } from "vitest";
import { ALIBABA_ERRORS, classifyAlibabaError } from "../../provider/clouds/alicloud/errors";
import { classifyElbRefusal, ELB_ERRORS } from "../../provider/clouds/huaweicloud/errors";
import { classifyNoAnswer, classifyRefusal } from "../../provider/reconcile/errorClass";

describe("one rule for every cloud's refusals", () => {
  it("retries the table's transient codes and 429 in place, for reads and writes", () => {
    for (const write of [true, false]) {
      expect(classifyRefusal(ALIBABA_ERRORS, { status: 400, code: "Throttling.User", write })).toBe(
        "transient",
      );
      expect(classifyRefusal(ELB_ERRORS, { status: 429, code: "APIGW.0308", write })).toBe("transient");
      expect(classifyRefusal(ELB_ERRORS, { status: 429, code: "", write })).toBe("transient");
    }
  });

  it("never retries a 401, whatever the code", () => {
    expect(classifyRefusal(ALIBABA_ERRORS, { status: 401, code: "", write: false })).toBe("permanent");
    expect(classifyElbRefusal("list", 401, "APIGW.0301")).toBe("permanent");
  });

  it("re-reads after a 504 on a write, retries other 5xx", () => {
    expect(classifyRefusal(ELB_ERRORS, { status: 504, code: "", write: true })).toBe("uncertain");
    expect(classifyRefusal(ELB_ERRORS, { status: 504, code: "", write: false })).toBe("transient");
    expect(classifyAlibabaError("AddBackendServers", "SomethingNew", 502)).toBe("transient");
  });
});

describe("Alibaba CLB and ENS codes", () => {
  // The answers of each kind the clouds send when nothing was done; the whole table is checked against
  // the emulator's contract rows in test/emulator/errors.test.ts.
  it.each([
    ["CLB's flow control", "Throttling", 400],
    ["ENS's flow control", "Throttling.User", 400],
    ["any other code of the Throttling family", "Throttling.Api", 400],
    ["a server error", "InternalError", 500],
    ["an unavailable service", "ServiceUnavailable", 503],
    ["a CLB still applying an earlier change", "ServiceIsConfiguring", 400],
  ])("retries %s (%s) in place, on reads and writes", (_kind, code, status) => {
    expect(classifyAlibabaError("SetBackendServers", code, status)).toBe("transient");
    expect(classifyAlibabaError("DescribeLoadBalancerAttribute", code, status)).toBe("transient");
  });

  it("re-plans only on the listed codes, and only for writes", () => {
    for (const code of ALIBABA_ERRORS.stale) {
      expect(classifyAlibabaError("AddBackendServers", code, 400)).toBe("stale");
      expect(classifyAlibabaError("DescribeLoadBalancerAttribute", code, 400)).toBe("permanent");
    }
  });

  it("retries ObtainIpFail on a removal, where it passes, and reports it at once on an add (a stopped server)", () => {
    expect(classifyAlibabaError("RemoveBackendServers", "ObtainIpFail", 400)).toBe("transient");
    for (const action of ["AddBackendServers", "SetBackendServers", "DescribeLoadBalancerAttribute"])
      expect(classifyAlibabaError(action, "ObtainIpFail", 400)).toBe("permanent");
  });

  it("reports ObtainIpFail on a VServer group's removal at once: the vendor's own provider does not retry it there", () => {
    // terraform-provider-alicloud's server group attachment retries RemoveVServerGroupBackendServers on
    // VServerGroupProcessing and NeedRetry codes only (emulator/contract/errors.ts).
    for (const action of ["RemoveVServerGroupBackendServers", "AddVServerGroupBackendServers"])
      expect(classifyAlibabaError(action, "ObtainIpFail", 400)).toBe("permanent");
    expect(classifyAlibabaError("RemoveVServerGroupBackendServers", "VServerGroupProcessing", 400)).toBe(
      "transient",
    );
  });

  it.each([
    // Codes whose names or messages once looked like "the members changed": nothing is read from substrings.
    "InvalidInstanceId.NotExists",
    "InvalidParameter",
    "InstanceNotFound",
    "LoadBalancerNotFound",
    "InvalidLoadBalancerId.NotFound",
    "IncorrectInstanceStatus",
    "QuotaExceed.BackendServer",
    "InvalidBackendServers.ServerIpConflict",
    "SignatureDoesNotMatch",
    "InvalidAccessKeyId.NotFound",
    "InvalidSecurityToken.Expired",
    "Forbidden.RAM",
    "ens.interface.error",
  ])("reports %s at once", (code) => {
    for (const action of ["AddBackendServers", "RemoveBackendServers", "DescribeLoadBalancerAttribute"])
      expect(classifyAlibabaError(action, code, 400)).toBe("permanent");
    expect(classifyAlibabaError("AddBackendServers", code, 404)).toBe("permanent");
  });
});

describe("requests without an answer, every cloud", () => {
  it("fails fast on an unknown host (a mistyped region or endpoint) and on unexpected failures", () => {
    for (const write of [true, false]) {
      expect(classifyNoAnswer("ENOTFOUND", write)).toBe("permanent");
      expect(classifyNoAnswer("UnexpectedError", write)).toBe("permanent");
    }
  });

  it("re-reads before resending a write that may have happened; retries reads; resends what never left", () => {
    for (const code of ["ETIMEDOUT", "ECONNRESET", "EPIPE"]) {
      expect(classifyNoAnswer(code, true)).toBe("uncertain");
      expect(classifyNoAnswer(code, false)).toBe("transient");
    }
    for (const code of ["ECONNREFUSED", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"])
      expect(classifyNoAnswer(code, true)).toBe("transient");
  });
});
