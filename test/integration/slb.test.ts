/**
 * What only CLB does: members that share a server (an ENI with several IPs, which RemoveBackendServers
 * cannot name one by one), IPv6 spellings, its wire form and its region. The behaviours every cloud
 * shares are in attachment.contract.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PartialFailure } from "../../provider/runtime/lifecycle";
import { slbCloud } from "../clouds";
import { world, type World } from "./world";

const LB = slbCloud.target;
const ENI = "eni-2ze1u9ywulp5pbvvc7hv";

let w: World;
beforeEach(async () => {
  w = await world(slbCloud);
});
afterEach(async () => {
  await w.close();
});

const inputs = (backendServers: unknown[]) => ({ loadBalancerId: LB, backendServers, __provider: "text" });
/** `n` ECS members from `i-web000000`, weight 100, as a program declares them. */
const ecs = (n: number) => Array.from({ length: n }, (_, i) => ({ serverId: slbCloud.ours(i), weight: 100 }));
const ip = (serverIp: string, weight = 100) => ({ serverId: ENI, type: "eni", serverIp, weight });
/** `serverId[@ip]:weight`, sorted: the load balancer's members as CLB has them. */
const members = () =>
  w.emulator
    .slbMembers(LB)
    .map((m) => `${m.ServerId}${m.ServerIp ? `@${m.ServerIp}` : ""}:${m.Weight}`)
    .sort();

describe("CLB members on the wire and in state", () => {
  it("attaches an ENI once per IP, sends weights as strings, and records the load balancer's region", async () => {
    const { outs } = await w.provider.create(
      inputs([...ecs(1), { ...ip("192.168.0.5"), port: 80, description: "api" }, ip("192.168.0.6", 0)]),
    );
    expect(w.actions()).toEqual(["DescribeLoadBalancerAttribute", "AddBackendServers"]);
    // One JSON list, in identity order (`ecs:` before `eni:`), every number as a string.
    expect(w.sent("AddBackendServers")).toEqual([
      [
        { ServerId: "i-web000000", Weight: "100", Type: "ecs" },
        {
          ServerId: ENI,
          Weight: "100",
          Type: "eni",
          ServerIp: "192.168.0.5",
          Port: "80",
          Description: "api",
        },
        { ServerId: ENI, Weight: "0", Type: "eni", ServerIp: "192.168.0.6" },
      ],
    ]);
    expect(members()).toEqual([`${ENI}@192.168.0.5:100`, `${ENI}@192.168.0.6:0`, "i-web000000:100"]);
    expect(Object.keys(outs.backendServers as object).sort()).toEqual([
      "ecs:i-web000000",
      `eni:${ENI}@192.168.0.5`,
      `eni:${ENI}@192.168.0.6`,
    ]);
    expect(outs.regionId).toBe("cn-beijing");
  });

  it("refreshes a member's declared port and the region with the cloud's weights", async () => {
    const { id, outs } = await w.provider.create(inputs([{ serverId: "i-web000000", port: 8080 }]));
    w.emulator.setSlbMembers(LB, [{ ServerId: "i-web000000", Type: "ecs", Weight: 30 }]);
    const read = await w.provider.read(id, outs);
    expect(read.inputs.backendServers).toEqual({
      "ecs:i-web000000": { serverId: "i-web000000", type: "ecs", weight: 30, port: 8080 },
    });
    expect(read.props.regionId).toBe("cn-beijing");
  });

  it("treats two spellings of one IPv6 address as one member", async () => {
    w.emulator.setSlbMembers(LB, [{ ServerId: ENI, Type: "eni", ServerIp: "2001:DB8:0::5", Weight: 100 }]);
    const { outs } = await w.provider.create(inputs([ip("2001:db8::5", 100)]));
    expect(w.actions()).toEqual(["DescribeLoadBalancerAttribute"]);
    expect(Object.keys(outs.backendServers as object)).toEqual([`eni:${ENI}@2001:db8::5`]);
  });
});

describe("CLB members that share a server: RemoveBackendServers cannot name one IP", () => {
  it("never detaches a declared IP: one IP of a multi-IP ENI is withheld and reported, the rest applied", async () => {
    const { id, outs } = await w.provider.create(inputs([ip("192.168.0.5"), ip("192.168.0.6"), ...ecs(2)]));
    w.emulator.clearCalls();

    // Drop one IP of the ENI (and one ECS instance): the ENI's other IP stays declared.
    const failure = await w.provider
      .update(id, outs, inputs([ip("192.168.0.5"), ...ecs(1)]))
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PartialFailure);
    expect((failure as PartialFailure).message).toContain(
      `RemoveBackendServers on load balancer ${LB} failed: NotDetachedAlone: eni:${ENI}@192.168.0.6 not detached`,
    );
    // The instance went; no removal named the ENI, so both of its IPs are still attached.
    expect(w.sent("RemoveBackendServers")).toEqual([
      [{ ServerId: "i-web000001", Type: "ecs", Weight: "100" }],
    ]);
    expect(members()).toEqual([`${ENI}@192.168.0.5:100`, `${ENI}@192.168.0.6:100`, "i-web000000:100"]);
    // The withheld IP is still recorded as managed, so the next run tries again.
    expect(Object.keys((failure as PartialFailure).properties.backendServers as object)).toContain(
      `eni:${ENI}@192.168.0.6`,
    );
  });

  it("removes every IP of a server in one entry when none of them stays", async () => {
    const { id, outs } = await w.provider.create(inputs([ip("192.168.0.5"), ip("192.168.0.6"), ...ecs(1)]));
    w.emulator.clearCalls();
    await w.provider.update(id, outs, inputs(ecs(1)));
    // Remove names the server, not an IP: one entry takes both IPs, and no call names it twice.
    expect(w.sent("RemoveBackendServers")).toEqual([[{ ServerId: ENI, Type: "eni", Weight: "100" }]]);
    expect(members()).toEqual(["i-web000000:100"]);
  });

  it("never detaches an IP someone else attached to the same ENI", async () => {
    w.emulator.setSlbMembers(LB, [{ ServerId: ENI, Type: "eni", ServerIp: "192.168.0.9", Weight: 3 }]);
    const { id, outs } = await w.provider.create(inputs([ip("192.168.0.5")]));
    await expect(w.provider.delete(id, outs)).rejects.toThrow(/NotDetachedAlone/);
    expect(members()).toEqual([`${ENI}@192.168.0.5:100`, `${ENI}@192.168.0.9:3`]);
  });
});
