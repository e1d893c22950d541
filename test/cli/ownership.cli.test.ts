/**
 * Ownership through the real Pulumi CLI, as a user and a pull-request reviewer see it: a preview names
 * each member that drifted, a missing member list and two attachments declaring one member fail before
 * any write, and what a targeted run leaves detached is re-attached by the next untargeted `pulumi up`.
 */
import { describe, expect, it } from "vitest";
import { alicloud } from "pulumi-backend-servers";
import { alibabaConfig, resourceSection } from "../../harness/cli";
import { cliWorld } from "./cliWorld";

const world = cliWorld();
const PROJECT = "ownership";
const KEY = { accessKeyId: "CLIOWNERKEY01", accessKeySecret: "cli/owner+Secret=NeverLeak9z" };
const REGION = "cn-beijing";
const TYPE = "alicloud-slb:BackendServerAttachment";

const server = (i: number) => `i-2zeown${String(i).padStart(6, "0")}`;

/** A program of CLB attachments on one load balancer: name -> the numbers of the servers it declares. */
function program(loadBalancerId: string, attachments: Record<string, number[] | undefined>) {
  return async () => {
    for (const [name, members] of Object.entries(attachments)) {
      new alicloud.slb.BackendServerAttachment(name, {
        loadBalancerId,
        // A missing list, as a mistyped StackReference output or an unset config value gives it.
        backendServers: members?.map((i) => ({ serverId: server(i), weight: 100 })) as never,
      });
    }
  };
}

async function stackOn(loadBalancerId: string, attachments: Record<string, number[] | undefined>) {
  world.emulator.seed({ credentials: [KEY], slb: { loadBalancers: [{ loadBalancerId, regionId: REGION }] } });
  const credentials = alibabaConfig(KEY, REGION);
  return world.newStack({
    project: PROJECT,
    program: program(loadBalancerId, attachments),
    config: credentials.config,
    secrets: credentials.secrets,
  });
}

/** The CLB calls after `since` on `lb`, or on no load balancer at all (another test's are on its own). */
const callsOn = (lb: string, since: number) =>
  world.emulator
    .calls({ cloud: "slb" })
    .filter((c) => c.seq > since && [undefined, lb].includes(c.params.LoadBalancerId as string | undefined));
const attached = (lb: string) =>
  world.emulator
    .slbMembers(lb)
    .map((m) => `${m.ServerId}:${m.Weight}`)
    .sort();

// Each test has a load balancer of its own, and reads the calls on it alone: they run side by side.
describe.runIf(world.cli).concurrent("ownership through the Pulumi CLI", { timeout: 180_000 }, () => {
  it("a preview names each member that drifted and what up does; up restores them", async () => {
    const lb = "lb-2zeowner0000000000001";
    const stack = await stackOn(lb, { web: [0, 1, 2] });
    expect((await stack.up()).ok).toBe(true);
    // By hand: one server detached, one re-weighted, one foreign server attached (not ours: left alone).
    world.emulator.setSlbMembers(lb, [
      { ServerId: server(1), Type: "ecs", Weight: 40 },
      { ServerId: server(2), Type: "ecs", Weight: 100 },
      { ServerId: "i-2zebyhand000001", Type: "ecs", Weight: 7 },
    ]);

    const preview = await stack.preview();
    expect(preview.ok).toBe(true);
    // `preview --diff` prints the plugin's diagnostics on stderr, after the diff on stdout: a CI job that
    // posts the preview captures both (README: `2>&1`).
    const where = `drift in alicloud.slb.BackendServerAttachment "web" (load balancer ${lb})`;
    expect(preview.stderr).toContain(
      `${where}: ecs:${server(0)} is not attached; pulumi up attaches it again`,
    );
    expect(preview.stderr).toContain(
      `${where}: ecs:${server(1)} weight is 40 on the cloud, 100 recorded; pulumi up sets it back`,
    );
    expect(preview.stdout + preview.stderr).not.toContain("i-2zebyhand000001");
    expect(resourceSection(preview.stdout, stack.urn(TYPE, "web"))).toMatch(/^\s*~ .*: \(update\)$/m);
    expect(preview.stdout).toMatch(/1 to update/);

    expect((await stack.up()).ok).toBe(true);
    expect(attached(lb)).toEqual([
      "i-2zebyhand000001:7",
      `${server(0)}:100`,
      `${server(1)}:100`,
      `${server(2)}:100`,
    ]);
    const quiet = await stack.preview();
    expect(quiet.stdout + quiet.stderr).not.toContain("drift in");
    expect(quiet.stdout).not.toMatch(/to update/);
  });

  it("refuses a missing member list before any call, even with exclusive ownership's default off", async () => {
    const lb = "lb-2zeowner0000000000002";
    const stack = await stackOn(lb, { web: [0, 1] });
    expect((await stack.up()).ok).toBe(true);
    stack.setProgram(program(lb, { web: undefined }));
    const since = world.emulator.calls().at(-1)?.seq ?? 0;
    const up = await stack.up();
    expect(up.ok).toBe(false);
    expect(up.stdout + up.stderr).toContain(
      "backendServers is required, and was undefined: a missing list is never taken as empty; give [] to declare no members",
    );
    expect(callsOn(lb, since).filter((c) => c.action !== "DescribeLoadBalancerAttribute")).toEqual([]);
    expect(attached(lb)).toEqual([`${server(0)}:100`, `${server(1)}:100`]);
  });

  it("refuses one member declared by two attachments, naming both resources and the member", async () => {
    const lb = "lb-2zeowner0000000000003";
    const stack = await stackOn(lb, { a: [0, 1], b: [1, 2] });
    const preview = await stack.preview();
    expect(preview.ok).toBe(false);
    const text = preview.stdout + preview.stderr;
    expect(text).toMatch(
      new RegExp(`member ecs:${server(1)} of loadBalancerId ${lb} is declared by both "(a|b)" and "(a|b)"`),
    );
    expect(text).toContain('"a"');
    expect(text).toContain('"b"');
    expect(world.emulator.slbMembers(lb)).toEqual([]);
  });

  it("a targeted run that detaches a member another attachment now declares is repaired by the next up", async () => {
    const lb = "lb-2zeowner0000000000004";
    const stack = await stackOn(lb, { a: [0, 1], b: [2] });
    expect((await stack.up()).ok).toBe(true);

    // Server 1 moves from a to b; only a is targeted, so b is neither checked nor updated.
    stack.setProgram(program(lb, { a: [0], b: [1, 2] }));
    expect((await stack.up({ target: [stack.urn(TYPE, "a")] })).ok).toBe(true);
    expect(attached(lb)).toEqual([`${server(0)}:100`, `${server(2)}:100`]);

    const preview = await stack.preview();
    expect(resourceSection(preview.stdout, stack.urn(TYPE, "b"))).toMatch(/\(update\)/);
    expect((await stack.up()).ok).toBe(true);
    expect(attached(lb)).toEqual([`${server(0)}:100`, `${server(1)}:100`, `${server(2)}:100`]);
  });

  it("a destroy --target of a renamed resource's old self is repaired by the next up", async () => {
    const lb = "lb-2zeowner0000000000005";
    const stack = await stackOn(lb, { a: [0], b: [1, 2] });
    expect((await stack.up()).ok).toBe(true);
    // `destroy --target` runs no program: the renamed resource's old self detaches what the new one
    // declares, and the next up (whose inputs did not change) attaches it again, from the drift it reads.
    stack.setProgram(program(lb, { "a-v2": [0], b: [1, 2] }));
    expect((await stack.up({ target: [stack.urn(TYPE, "a-v2")] })).ok).toBe(true);
    expect((await stack.destroy({ target: [stack.urn(TYPE, "a")] })).ok).toBe(true);
    expect(attached(lb)).toEqual([`${server(1)}:100`, `${server(2)}:100`]);
    const repair = await stack.preview();
    expect(repair.stderr).toContain(
      `drift in alicloud.slb.BackendServerAttachment "a-v2" (load balancer ${lb}): ecs:${server(0)} is not attached; pulumi up attaches it again`,
    );
    expect((await stack.up()).ok).toBe(true);
    expect(attached(lb)).toEqual([`${server(0)}:100`, `${server(1)}:100`, `${server(2)}:100`]);
  });
});
