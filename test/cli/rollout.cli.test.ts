/**
 * A rollout through the real Pulumi CLI, as a pull-request reviewer sees it: `pulumi preview --diff` of a
 * blue/green change on CLB prints which members are added and gated and which are drained then removed
 * (the lines README "Rolling out without dropping traffic" shows), and a `maxRemovals` refusal shows in
 * the preview and fails the `up` before any write, and fails a `pulumi destroy` saying how to get past it.
 */
import { describe, expect, it } from "vitest";
import { alicloud } from "pulumi-backend-servers";
import { alibabaConfig } from "../../harness/cli";
import { cliWorld } from "./cliWorld";

const world = cliWorld();
const KEY = { accessKeyId: "CLIROLLOUTKEY1", accessKeySecret: "cli/rollout+Secret=NeverLeak7q" };
const REGION = "cn-beijing";

const server = (colour: string, i: number) => `i-${colour}${String(i).padStart(6, "0")}`;

/** One CLB attachment declaring `servers`, with `rollout` if given. */
function program(loadBalancerId: string, servers: string[], rollout?: Record<string, unknown>) {
  return async () => {
    new alicloud.slb.BackendServerAttachment("web", {
      loadBalancerId,
      backendServers: servers.map((serverId) => ({ serverId })),
      ...(rollout ? { rollout } : {}),
    });
  };
}

/** A stack whose load balancer has an HTTP listener with a health check, and `servers` attached. */
async function stackWith(loadBalancerId: string, servers: string[]) {
  world.emulator.seed({
    credentials: [KEY],
    slb: {
      loadBalancers: [{ loadBalancerId, regionId: REGION, listeners: [{ port: 80, protocol: "http" }] }],
    },
  });
  const credentials = alibabaConfig(KEY, REGION);
  const stack = await world.newStack({
    project: "rollout",
    program: program(loadBalancerId, servers),
    config: credentials.config,
    secrets: credentials.secrets,
  });
  expect((await stack.up()).ok).toBe(true);
  return stack;
}

/** The writes after `since` on `lb`, or on no load balancer at all (another test's are on its own). */
const writes = (lb: string, since: number) =>
  world.emulator
    .calls({ cloud: "slb" })
    .filter((c) => c.seq > since && [undefined, lb].includes(c.params.LoadBalancerId as string | undefined))
    .filter((c) => ["AddBackendServers", "SetBackendServers", "RemoveBackendServers"].includes(c.action));
const attached = (lb: string) =>
  world.emulator
    .slbMembers(lb)
    .map((m) => m.ServerId)
    .sort();

// Each test has a load balancer of its own, and reads the writes on it alone: they run side by side.
describe.runIf(world.cli).concurrent("a rollout through the Pulumi CLI", { timeout: 180_000 }, () => {
  it("preview --diff shows which members are added and gated, and which drained then removed", async () => {
    const lb = "lb-2zerollout00000000001";
    const blue = [server("blue", 0), server("blue", 1)];
    const green = [server("green", 0), server("green", 1)];
    const stack = await stackWith(lb, blue);
    stack.setProgram(program(lb, green, { healthGate: { timeoutSeconds: 300 }, drainSeconds: 30 }));
    const since = world.emulator.calls().at(-1)?.seq ?? 0;

    const preview = await stack.preview();
    expect(preview.ok).toBe(true);
    const out = preview.stdout + preview.stderr;
    expect(out).toContain(
      `rollout of loadBalancerId ${lb}: adds ecs:${green[0]}, ecs:${green[1]}, then waits up to 300 s until all are healthy before removing anything`,
    );
    expect(out).toContain(
      `rollout of loadBalancerId ${lb}: drains ecs:${blue[0]}, ecs:${blue[1]} at weight 0 for 30 s, then removes them`,
    );
    expect(preview.stdout).toMatch(/1 to update/);
    expect(out).not.toContain(KEY.accessKeySecret);
    // A preview writes nothing.
    expect(writes(lb, since)).toEqual([]);
    expect(attached(lb)).toEqual(blue);
  });

  it("a maxRemovals refusal shows in the preview, the up fails with it before any write, and so does a destroy", async () => {
    const lb = "lb-2zerollout00000000002";
    const blue = [0, 1, 2, 3].map((i) => server("blue", i));
    const stack = await stackWith(lb, blue);
    stack.setProgram(program(lb, blue.slice(0, 1), { maxRemovals: 1 }));
    const refusal =
      `rollout.maxRemovals 1 allows 1 removal (of 4 managed members) from loadBalancerId ${lb}, and this ` +
      `change would remove 3: ecs:${blue[1]}, ecs:${blue[2]}, ecs:${blue[3]}. Nothing was changed. ` +
      "Remove fewer members per pulumi up, or raise maxRemovals";
    const since = world.emulator.calls().at(-1)?.seq ?? 0;

    const preview = await stack.preview();
    expect(preview.ok).toBe(false);
    expect(preview.stdout + preview.stderr).toContain(refusal);

    const up = await stack.up();
    expect(up.ok).toBe(false);
    expect(up.stdout + up.stderr).toContain(refusal);
    expect(writes(lb, since)).toEqual([]);
    expect(attached(lb)).toEqual(blue);

    // The limit is recorded with the resource: a destroy honours it too, and says how to get past it.
    stack.setProgram(program(lb, blue, { maxRemovals: 1 }));
    expect((await stack.up()).ok).toBe(true);
    const destroy = await stack.destroy();
    expect(destroy.ok).toBe(false);
    expect(destroy.stdout + destroy.stderr).toContain(
      `rollout.maxRemovals 1 allows 1 removal (of 4 managed members) from load balancer ${lb}, and deleting ` +
        `this attachment would remove 4: ecs:${blue[0]}, ecs:${blue[1]}, ecs:${blue[2]}, ecs:${blue[3]}. ` +
        'Nothing was changed. To delete it, first raise rollout.maxRemovals (to "100%", say) or leave it out, ' +
        "and run pulumi up with the attachment still declared; then delete it",
    );
    expect(writes(lb, since)).toEqual([]);
    expect(attached(lb)).toEqual(blue);
  });
});
