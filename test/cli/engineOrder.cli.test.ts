/**
 * How the real engine orders the steps of one deployment, where our harness (harness/miniEngine.ts)
 * models it: checked here on the CLI so that the harness stays honest.
 */
import { describe, expect, it } from "vitest";
import { builtPackage } from "../../harness/stack";
import { cliWorld } from "./cliWorld";
import { slbCase } from "./exampleCases";

const world = cliWorld();

describe.runIf(world.cli)("the engine's order of steps, on the Pulumi CLI", { timeout: 300_000 }, () => {
  it("deletes a replaced original at the end of the deployment, after every other resource's step", async () => {
    const [first, second, other] = [1, 2, 3].map((n) => slbCase.newTarget(world.emulator, 100 + n));
    const { alicloud } = builtPackage();
    const program = (version: number) => async () => {
      // "a" moves to another load balancer (a replacement); "b" gains a member (an update).
      new alicloud.slb.BackendServerAttachment("a", {
        loadBalancerId: version === 1 ? first.id : second.id,
        backendServers: [{ serverId: "i-2zecliorder0a" }],
      });
      new alicloud.slb.BackendServerAttachment("b", {
        loadBalancerId: other.id,
        backendServers: [
          { serverId: "i-2zecliorder0b" },
          ...(version === 1 ? [] : [{ serverId: "i-2zecliorder0c" }]),
        ],
      });
    };
    const stack = await world.newStack({
      project: "engine-order",
      program: program(1),
      config: first.config,
      secrets: first.secrets,
    });
    expect((await stack.up()).ok).toBe(true);
    stack.setProgram(program(2));
    const before = world.emulator.calls().at(-1)!.seq;
    const up = await stack.up();
    expect(up.ok).toBe(true);

    const steps = up.stdout
      .split("\n")
      .map((line) =>
        /BackendServerAttachment (\w) (created replacement|updated|deleting original)/.exec(line),
      )
      .flatMap((match) => (match ? [`${match[1]} ${match[2]}`] : []));
    expect(steps.slice(-1)).toEqual(["a deleting original"]);
    expect(steps.sort()).toEqual(["a created replacement", "a deleting original", "b updated"]);
    const writes = world.emulator
      .calls()
      .filter((c) => c.seq > before && c.action !== "DescribeLoadBalancerAttribute")
      .map((c) => `${c.action} ${c.params.LoadBalancerId}`);
    expect(writes.at(-1)).toBe(`RemoveBackendServers ${first.id}`);
    expect(writes.slice(0, 2).sort()).toEqual(
      [`AddBackendServers ${other.id}`, `AddBackendServers ${second.id}`].sort(),
    );
  });
});
