/**
 * How the ELB adapter reads a member's health (huaweicloud-sdk-go-v3 services/elb/v3/model/model_member.go):
 * OFFLINE means the member's ECS is gone or shut down, and waiting will not help, unless a reason says its
 * health check fails; UNKNOWN is not known to be healthy, unless no listener uses the pool.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AuthGates } from "../../provider/clouds/huaweicloud/authGuard";
import { elbMemberApi } from "../../provider/clouds/huaweicloud/elb/api";
import type { HuaweiAnswer, HuaweiTransport } from "../../provider/clouds/huaweicloud/sdkClient";

const POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35";
const LISTENER = "0b11747a-b139-492f-9692-2df0b1c87193";

/** One member list and one pool read, as `health` asks for them. */
async function healthOf(member: Record<string, unknown>, listeners: unknown[] = [{ id: LISTENER }]) {
  const answers: HuaweiAnswer[] = [
    {
      status: 200,
      body: { members: [{ id: "m-1", address: "10.0.0.1", protocol_port: 80, weight: 1, ...member }] },
    },
    { status: 200, body: { pool: { id: POOL, listeners, connection_drain: null } } },
  ];
  const transport: HuaweiTransport = { send: async () => answers.shift()! };
  const api = elbMemberApi(transport, POOL, new AuthGates(), randomUUID());
  const report = await api.health!([{ address: "10.0.0.1", protocolPort: 80, weight: 1 }]);
  return report.members.get("10.0.0.1:80");
}

describe("ELB member health", () => {
  it("reads OFFLINE with no failed check as a server stopped or gone: unhealthy for good", async () => {
    expect(await healthOf({ operating_status: "OFFLINE" })).toEqual({
      state: "unhealthy",
      reported: "OFFLINE",
      final: true,
    });
    expect(
      await healthOf({
        operating_status: "ONLINE",
        status: [{ listener_id: LISTENER, operating_status: "OFFLINE" }],
      }),
    ).toEqual({ state: "unhealthy", reported: `listener ${LISTENER}: OFFLINE`, final: true });
    // admin_state_up says whether the ECS behind the member exists.
    expect((await healthOf({ operating_status: "INITIAL", admin_state_up: false }))?.final).toBe(true);
  });

  it("reads OFFLINE with the reason its check fails as unhealthy, which may pass later", async () => {
    expect(
      await healthOf({
        operating_status: "OFFLINE",
        status: [
          { listener_id: LISTENER, operating_status: "OFFLINE", reason: { reason_code: "CONNECT_REFUSED" } },
        ],
      }),
    ).toEqual({ state: "unhealthy", reported: `listener ${LISTENER}: OFFLINE (CONNECT_REFUSED)` });
  });

  it("reads UNKNOWN as not known to be healthy, and as unchecked when no listener uses the pool", async () => {
    expect(await healthOf({ operating_status: "UNKNOWN" })).toEqual({
      state: "checking",
      reported: "UNKNOWN",
    });
    expect(await healthOf({ operating_status: "UNKNOWN" }, [])).toEqual({
      state: "unchecked",
      reported: "UNKNOWN",
    });
    expect(await healthOf({ operating_status: "NO_MONITOR", admin_state_up: true })).toEqual({
      state: "unchecked",
      reported: "NO_MONITOR",
    });
  });
});
