import { describe, expect, it } from "vitest";
import { classifyAlibabaError } from "../../provider/clouds/alicloud/errors";

describe("classifyAlibabaError", () => {
  it("retries ENS throttling and interface errors in place", () => {
    expect(classifyAlibabaError("Throttling.User", "Request was denied due to user flow control.", 400)).toBe(
      "transient",
    );
    expect(classifyAlibabaError("ens.interface.error", "An error occurred while call the API.", 400)).toBe(
      "transient",
    );
  });

  it("re-reads and re-plans when ENS says a server is already attached, or no longer attached", () => {
    expect(classifyAlibabaError("InvalidParameter.BackendServerExists", "", 400)).toBe("stale");
    expect(classifyAlibabaError("InvalidParameter.BackendServerNotFound", "", 400)).toBe("stale");
  });

  it("keeps missing instances, load balancers and bad input permanent", () => {
    for (const code of [
      "InstanceNotFound",
      "LoadBalancerNotFound",
      "IncorrectInstanceStatus",
      "InvalidParameter.Mismatch",
      "QuotaExceed.BackendServer",
      "MissingBackendServers",
      "NoPermission",
      "InvalidLoadBalancerId.NotFound",
    ])
      expect([code, classifyAlibabaError(code, "", 400)]).toEqual([code, "permanent"]);
  });

  it("keeps CLB's classification", () => {
    expect(classifyAlibabaError("Throttling", "", 400)).toBe("transient");
    expect(classifyAlibabaError("ServiceUnavailable", "", 503)).toBe("transient");
    expect(classifyAlibabaError("ObtainIpFail", "", 400)).toBe("permanent");
    expect(
      classifyAlibabaError("InvalidParameter", "The backend server i-web000000 is already attached.", 400),
    ).toBe("stale");
  });
});
