/**
 * What a user sees when a gateway refuses, through the real plugin, for every API:
 * - a wrong secret on STS credentials (rotated since): Alibaba's gateway answers SignatureDoesNotMatch
 *   quoting its string to sign, AccessKeyId and SecurityToken included. The error the user sees keeps the
 *   code, the message's meaning and the request id, and no credential in any form; a secret with a
 *   trailing newline (as CI systems hand them over) is refused before any call;
 * - long-term keys from stack config with a leftover STS token in the environment: never mixed;
 * - permanent errors (a stopped server, a member quota, a mistyped endpoint host) with the default retry
 *   settings (a 3-minute deadline): each is reported after at most one attempt, within seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, type EmulatorCredential, startEmulator } from "../../emulator";
import type { UpResult } from "../../harness/miniEngine";
import { Stack } from "../../harness/stack";
import { albCloud, ensCloud, nlbCloud, slbCloud, type TestCloud } from "../clouds";
import { secretForms } from "../../harness/secretForms";
import { endpointsOf, TEST_CLOUDS } from "../clouds";
import { awkwardSts, configOf, everyCloud, seedOf } from "./everyCloud";

const { alibaba: ALIBABA, huawei: HUAWEI } = awkwardSts("gw");
const LONG_TERM = { accessKeyId: "GatewayErrKey0002", accessKeySecret: "long-term-secret-0002" };
const config = (alibaba: EmulatorCredential, huawei: EmulatorCredential = HUAWEI) =>
  configOf({ alibaba, huawei });

/**
 * One attachment per API (and CLB's VServer group), each declaring its `i`-th member: 0 is running, 1
 * stopped (ELB's pool is full); the VServer group's member 1 is on the same stopped instance; ALB's and
 * NLB's member 1 is on a released instance.
 */
const program = (cfg: Record<string, string>, i: number) =>
  everyCloud(cfg, (cloud: TestCloud) => new Map([[cloud.ours(i), 100]]));
const HEALTHY = 0;
const STOPPED = 1;
/** The ECS instance of an ALB or NLB member as the tests name it (`i-web000001:80`). */
const serverOf = (identity: string) => identity.slice(0, identity.lastIndexOf(":"));
/** ALB and NLB read with ListServerGroupServers and name their target a server group. */
const SERVER_GROUPS = ["alb", "nlb"] as const;

let emulator: Emulator;
const endpoints = () => endpointsOf(TEST_CLOUDS, emulator);
const name = (urn: string) => urn.split("::").pop()!;
const errors = (result: UpResult) =>
  Object.fromEntries(result.steps.map((s) => [name(s.urn), s.error ? `${s.error.message}` : ""]));

beforeAll(async () => {
  emulator = await startEmulator({
    seed: seedOf([ALIBABA, HUAWEI, LONG_TERM], {
      slb: { servers: [{ serverId: slbCloud.ours(STOPPED), status: "Stopped" }] },
      ens: { servers: [{ serverId: ensCloud.ours(STOPPED), status: "Stopped" }] },
      elb: { memberQuota: 0 },
      alb: { servers: [{ serverId: serverOf(albCloud.ours(STOPPED)), status: "Released" }] },
      nlb: { servers: [{ serverId: serverOf(nlbCloud.ours(STOPPED)), status: "Released" }] },
    }),
  });
});
afterAll(async () => {
  await emulator?.close();
});

describe("a wrong secret on STS credentials, through the real plugin", () => {
  let result: UpResult;
  let output: { stdout: string; stderr: string };

  beforeAll(async () => {
    emulator.clearCalls();
    // Secrets rotated since they were stored: one character off.
    const wrong = config(
      { ...ALIBABA, accessKeySecret: `${ALIBABA.accessKeySecret}x` },
      { ...HUAWEI, accessKeySecret: `${HUAWEI.accessKeySecret}x` },
    );
    const stack = new Stack(endpoints(), wrong);
    result = await stack.run(async (engine) => engine.up(await program(wrong, HEALTHY)));
    output = stack.output;
  });

  it("reports each API's refusal once, with its code, meaning and request id", () => {
    const seen = errors(result);
    const refused = (action: string, target: string) =>
      new RegExp(
        `: ${action} on ${target} failed: SignatureDoesNotMatch: Specified signature is not matched with our calculation\\. server string to sign withheld: it holds the request's credentials \\(RequestId: [0-9A-F-]{36}\\)$`,
      );
    for (const resource of ["web", "edge"])
      expect(seen[resource]).toMatch(refused("DescribeLoadBalancerAttribute", "load balancer lb-\\w+"));
    expect(seen.group).toMatch(refused("DescribeVServerGroupAttribute", "VServer group rsp-\\w+"));
    for (const resource of SERVER_GROUPS)
      expect(seen[resource]).toMatch(refused("ListServerGroupServers", "server group sgp-\\w+"));
    expect(seen.pool).toMatch(/: list on pool .+ failed: APIGW\.0301: .+\(RequestId: \w+\)$/);
    const codes = emulator.calls().map((c) => `${c.cloud} ${c.action} ${c.code}`);
    expect(codes.sort()).toEqual([
      "alb ListServerGroupServers SignatureDoesNotMatch",
      "elb list APIGW.0301",
      "ens DescribeLoadBalancerAttribute SignatureDoesNotMatch",
      "nlb ListServerGroupServers SignatureDoesNotMatch",
      "slb DescribeLoadBalancerAttribute SignatureDoesNotMatch",
      "slb DescribeVServerGroupAttribute SignatureDoesNotMatch",
    ]);
  });

  it("leaves no AccessKey, secret or token in any form in errors, outputs or the plugin's output", () => {
    const produced = [
      ...result.steps.map((s) => `${s.error?.message}\n${s.error?.details}\n${JSON.stringify(s)}`),
      output.stdout,
      output.stderr,
    ].join("\n");
    const hits = [ALIBABA, HUAWEI].flatMap((credential) =>
      Object.entries(credential).flatMap(([what, value]) =>
        [value, value.trim()].flatMap((v) =>
          secretForms(v).some((form) => produced.includes(form)) ? [`${what} ${v}`] : [],
        ),
      ),
    );
    expect(hits).toEqual([]);
  });
});

describe("a secret with a trailing newline, as CI systems hand them over", () => {
  it("is refused before any call, naming the setting and not the value", async () => {
    emulator.clearCalls();
    const padded = config(
      { ...ALIBABA, accessKeySecret: `${ALIBABA.accessKeySecret}\n` },
      { ...HUAWEI, accessKeySecret: `${HUAWEI.accessKeySecret}\n` },
    );
    const stack = new Stack(endpoints(), padded);
    const result = await stack.run(async (engine) => engine.up(await program(padded, HEALTHY)));
    const seen = errors(result);
    expect(seen.web).toContain("alicloud:secretKey begins or ends with whitespace");
    expect(seen.edge).toContain("alicloud:secretKey begins or ends with whitespace");
    expect(seen.group).toContain("alicloud:secretKey begins or ends with whitespace");
    for (const resource of SERVER_GROUPS)
      expect(seen[resource]).toContain("alicloud:secretKey begins or ends with whitespace");
    expect(seen.pool).toContain("huaweicloud:secretKey begins or ends with whitespace");
    expect(JSON.stringify(result)).not.toContain("NeverLeak");
    expect(emulator.calls()).toEqual([]);
  });
});

describe("long-term keys in stack config and a leftover STS token in the environment", () => {
  it("signs with the stack config's keys alone: no token is sent, and the up succeeds", async () => {
    emulator.clearCalls();
    const cfg = config(LONG_TERM);
    // The emulator refuses a token sent with keys it was not issued for, as the real gateway does.
    const stack = new Stack({ ...endpoints(), ALIBABA_CLOUD_SECURITY_TOKEN: ALIBABA.securityToken }, cfg);
    const result = await stack.run(async (engine) => engine.up(await program(cfg, HEALTHY)));
    const seen = errors(result);
    expect([seen.web, seen.edge, seen.group, seen.alb, seen.nlb]).toEqual(["", "", "", "", ""]);
    const alibabaCalls = emulator.calls().filter((c) => c.cloud !== "elb");
    expect(alibabaCalls.length).toBeGreaterThan(0);
    expect(alibabaCalls.filter((c) => c.code)).toEqual([]);
    expect(new Set(alibabaCalls.map((c) => c.accessKeyId))).toEqual(new Set([LONG_TERM.accessKeyId]));
    await stack.run((engine) => engine.destroy());
  });
});

describe("permanent errors with the default 3-minute retry deadline", () => {
  /** Runs one up and reports its wall time and the calls each API received. */
  const timedUp = async (env: Record<string, string>, member: number) => {
    emulator.clearCalls();
    const cfg = config(ALIBABA);
    const stack = new Stack(env, cfg);
    let ms = 0;
    const result = await stack.run(async (engine) => {
      const registrations = await program(cfg, member);
      const started = performance.now();
      const up = await engine.up(registrations);
      ms = performance.now() - started;
      return up;
    });
    return { seen: errors(result), ms, calls: emulator.calls() };
  };

  it("reports a stopped or released server or a full pool after one attempt of the write, within seconds", async () => {
    const { seen, ms, calls } = await timedUp(endpoints(), STOPPED);
    expect(seen.web).toMatch(
      /AddBackendServers on .+ failed: ObtainIpFail: .+do not exist or are not running/,
    );
    expect(seen.edge).toMatch(/AddBackendServers on .+ failed: IncorrectInstanceStatus: /);
    expect(seen.pool).toMatch(/batch-add on pool .+ failed: ELB\.8905: /);
    expect(seen.group).toMatch(/AddVServerGroupBackendServers on VServer group .+ failed: ObtainIpFail: /);
    for (const resource of SERVER_GROUPS) {
      expect(seen[resource]).toMatch(
        /AddServersToServerGroup on server group .+ failed: ResourceNotFound\.Ecs: .+RequestId/,
      );
    }
    const writes = calls.filter((c) => !/^Describe|^list$|^ListServerGroupServers$/.test(c.action));
    expect(writes.map((c) => `${c.cloud} ${c.action}`).sort()).toEqual([
      "alb AddServersToServerGroup",
      "elb batch-add",
      "ens AddBackendServers",
      "nlb AddServersToServerGroup",
      "slb AddBackendServers",
      "slb AddVServerGroupBackendServers",
    ]);
    console.info(`permanent refusals of every API surfaced in ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(5_000);
  });

  it("fails fast on a host that does not resolve (a mistyped region or endpoint), for every API", async () => {
    const { seen, ms, calls } = await timedUp(
      {
        ALIBABA_CLOUD_SLB_ENDPOINT: "http://slb.no-such-region.invalid",
        ALIBABA_CLOUD_ENS_ENDPOINT: "http://ens.no-such-region.invalid",
        ALIBABA_CLOUD_ALB_ENDPOINT: "http://alb.no-such-region.invalid",
        ALIBABA_CLOUD_NLB_ENDPOINT: "http://nlb.no-such-region.invalid",
        HUAWEICLOUD_ELB_ENDPOINT: "http://elb.no-such-region.invalid",
      },
      HEALTHY,
    );
    expect(seen.web).toMatch(
      /DescribeLoadBalancerAttribute on .+ failed: ENOTFOUND: no answer from the API \(unknown host: check the region or ALIBABA_CLOUD_SLB_ENDPOINT\)/,
    );
    expect(seen.edge).toMatch(/ENOTFOUND: .+ALIBABA_CLOUD_ENS_ENDPOINT/);
    expect(seen.group).toMatch(
      /DescribeVServerGroupAttribute on .+ failed: ENOTFOUND: .+ALIBABA_CLOUD_SLB_ENDPOINT/,
    );
    expect(seen.alb).toMatch(/ListServerGroupServers on .+ failed: ENOTFOUND: .+ALIBABA_CLOUD_ALB_ENDPOINT/);
    expect(seen.nlb).toMatch(/ListServerGroupServers on .+ failed: ENOTFOUND: .+ALIBABA_CLOUD_NLB_ENDPOINT/);
    expect(seen.pool).toMatch(/list on pool .+ failed: ENOTFOUND: .+HUAWEICLOUD_ELB_ENDPOINT/);
    expect(calls).toEqual([]);
    console.info(`unknown hosts of every API surfaced in ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(5_000);
  });
});
