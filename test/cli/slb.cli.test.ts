/**
 * The CLB example (examples/alicloud-slb) through the real Pulumi CLI: the Automation API runs the program
 * in this process, the CLI's engine drives the nodejs dynamic-provider plugin, and the plugin calls the
 * emulator. Credentials are stack config (the secret one set as a secret), read by the plugin's Configure.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../emulator";
import webTier from "../../examples/alicloud-slb/index";
import {
  alibabaConfig,
  CliStack,
  emulatorEnv,
  memberDiff,
  progressLines,
  pulumiCliForTests,
  resourceSection,
} from "./support";

const cli = pulumiCliForTests();
const PROJECT = "alicloud-slb-backend-servers";
const KEY = { accessKeyId: "CLISLBKEY0001", accessKeySecret: "cli/slb+Secret=NeverLeak4k" };
const REGION = "cn-beijing";

let emulator: Emulator;
const stacks: CliStack[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: { credentials: [KEY] } });
});
afterAll(async () => {
  await Promise.all(stacks.map((s) => s.dispose()));
  await emulator?.close();
});

/** A stack of the example on its own load balancer, so that tests run side by side. */
async function exampleStack(loadBalancerId: string, config: Record<string, string> = {}): Promise<CliStack> {
  emulator.seed({ slb: { loadBalancers: [{ loadBalancerId, regionId: REGION }] } });
  const credentials = alibabaConfig(KEY, REGION);
  const stack = await CliStack.create({
    cli: cli!,
    project: PROJECT,
    program: async () => webTier(),
    config: { ...credentials.config, [`${PROJECT}:loadBalancerId`]: loadBalancerId, ...config },
    secrets: credentials.secrets,
    env: emulatorEnv(emulator),
  });
  stacks.push(stack);
  return stack;
}

describe.runIf(cli)("examples/alicloud-slb through the Pulumi CLI", () => {
  it("previews a change as one line per added, removed or re-weighted member", async () => {
    const lb = "lb-2zecli000000000000001";
    const stack = await exampleStack(lb);
    const up = await stack.up();
    expect(up.ok).toBe(true);
    await stack.setConfig({ [`${PROJECT}:webServers`]: "5", [`${PROJECT}:canaryWeight`]: "50" });
    const preview = await stack.preview();
    const urn = stack.urn("alicloud-slb:BackendServerAttachment", "web");
    const diff = memberDiff(resourceSection(preview.stdout, urn), "backendServers");
    expect(diff).toEqual({
      added: ["ecs:i-2zej4lxhjoq1icue6k03", "ecs:i-2zej4lxhjoq1icue6k04"],
      removed: [],
      changed: { "eni:eni-2ze1u9ywulp5pbvvc7hv@192.168.0.5": ["weight: 10 => 50"] },
      unchanged: ["ecs:i-2zej4lxhjoq1icue6k00", "ecs:i-2zej4lxhjoq1icue6k01", "ecs:i-2zej4lxhjoq1icue6k02"],
      markedLines: expect.any(Array),
    });
    const update = await stack.up();
    expect(update.ok).toBe(true);
    expect(progressLines(update.stdout)).toEqual([
      `AddBackendServers load balancer ${lb}: batch 1/1, 2 servers`,
      `SetBackendServers load balancer ${lb}: batch 1/1, 1 server`,
    ]);
  });
});
