import { spawn } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_ACCESS_KEY_ID,
  DEMO_ACCESS_KEY_SECRET,
  DEMO_ELB_POOL,
  DEMO_SLB_LOAD_BALANCER,
} from "../../emulator/demoSeed";
import { type Emulator, startEmulator } from "../../emulator/index";
import { rejectionOf, servers, slbClient } from "./sdkClients";
import { CRED, REGION, SLB_LB } from "./testFixtures";

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });

describe("admin endpoints", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${emu.url}/_admin/${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }).then(json);

  it("health sets how a server answers health checks, and refuses an unknown behaviour", async () => {
    await admin("POST", "seed", {
      credentials: [CRED],
      slb: {
        loadBalancers: [
          {
            loadBalancerId: SLB_LB,
            regionId: REGION,
            backendServers: [{ ServerId: "i-sick", Type: "ecs", Weight: 100 }],
            listeners: [{ port: 80, protocol: "tcp" }],
          },
        ],
      },
    });
    expect(await admin("POST", "health", { cloud: "slb", server: "i-sick", behaviour: "fails" })).toEqual({
      status: 200,
      body: { ok: true, set: 1 },
    });
    const health = await slbClient(emu, CRED)("DescribeHealthStatus", {
      RegionId: REGION,
      LoadBalancerId: SLB_LB,
    });
    expect(health.BackendServers.BackendServer[0].ServerHealthStatus).toBe("abnormal");
    const bad = await admin("POST", "health", { cloud: "slb", server: "i-sick", behaviour: "sometimes" });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('"sometimes"');
    await admin("POST", "reset");
  });

  it("seed, faults, calls, state and reset map onto the emulator's methods", async () => {
    expect(
      await admin("POST", "seed", {
        credentials: [CRED],
        slb: { loadBalancers: [{ loadBalancerId: SLB_LB, regionId: REGION }] },
      }),
    ).toEqual({ status: 200, body: { ok: true } });
    const slb = slbClient(emu, CRED);
    const add = () =>
      slb("AddBackendServers", {
        RegionId: REGION,
        LoadBalancerId: SLB_LB,
        BackendServers: servers([{ ServerId: "i-1" }]),
      });
    expect((await admin("POST", "faults", [{ kind: "throttle", count: 1 }])).body).toEqual({
      ok: true,
      added: 1,
    });
    expect((await rejectionOf(add())).code).toBe("Throttling");
    await add();

    const calls = await admin("GET", "calls?cloud=slb&action=AddBackendServers");
    expect(calls.body.calls.map((c: { code?: string }) => c.code ?? "ok")).toEqual(["Throttling", "ok"]);
    const state = await admin("GET", "state");
    expect(state.body.slb[SLB_LB].backendServers).toEqual([{ ServerId: "i-1", Type: "ecs", Weight: 100 }]);
    expect(JSON.stringify(state.body)).not.toContain(CRED.accessKeySecret);

    await admin("POST", "faults", { kind: "throttle" });
    await admin("DELETE", "faults");
    await slb("DescribeLoadBalancerAttribute", { RegionId: REGION, LoadBalancerId: SLB_LB });
    await admin("POST", "reset");
    expect((await admin("GET", "calls")).body.calls).toEqual([]);
    expect((await admin("GET", "state")).body.slb).toEqual({});
  });

  it("answers 400 for a malformed rule and 404 for an unknown endpoint", async () => {
    expect((await admin("POST", "faults", { kind: "throttle", rate: 2 })).status).toBe(400);
    const malformed = await fetch(`${emu.url}/_admin/seed`, { method: "POST", body: "{not json" });
    expect(malformed.status).toBe(400);
    expect((await admin("GET", "nothing")).status).toBe(404);
  });
});

describe("npm run emulator (main.ts)", () => {
  it("serves the demo seed, prints the env to export, and stops on SIGINT", async () => {
    const tsx = resolve(__dirname, "../../node_modules/.bin/tsx");
    const child = spawn(tsx, [resolve(__dirname, "../../emulator/main.ts"), "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    await new Promise<void>((done, fail) => {
      child.stdout.on("data", (chunk: string) => {
        out += chunk;
        if (out.includes("Ctrl-C")) done();
      });
      child.once("exit", (code) => fail(new Error(`exited early (${code}): ${out}`)));
    });
    const url = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)![1];
    for (const name of [
      "ALIBABA_CLOUD_SLB_ENDPOINT",
      "ALIBABA_CLOUD_ENS_ENDPOINT",
      "HUAWEICLOUD_ELB_ENDPOINT",
      "ALIBABA_CLOUD_ACCESS_KEY_ID",
      "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
      "HUAWEICLOUD_SDK_AK",
      "HUAWEICLOUD_SDK_SK",
    ]) {
      expect(out).toContain(`export ${name}=`);
    }
    expect(out).toContain(`ALIBABA_CLOUD_SLB_ENDPOINT=${url}/slb`);
    const demo = { accessKeyId: DEMO_ACCESS_KEY_ID, accessKeySecret: DEMO_ACCESS_KEY_SECRET };
    const res = await slbClient({ endpoints: { slb: `${url}/slb` } } as Emulator, demo)(
      "DescribeLoadBalancerAttribute",
      {
        RegionId: "cn-beijing",
        LoadBalancerId: DEMO_SLB_LOAD_BALANCER,
      },
    );
    expect(res.LoadBalancerId).toBe(DEMO_SLB_LOAD_BALANCER);
    const state = (await (await fetch(`${url}/_admin/state`)).json()) as { elb: Record<string, unknown> };
    expect(Object.keys(state.elb)).toEqual([DEMO_ELB_POOL]);
    const exited = once(child, "exit");
    child.kill("SIGINT");
    const [code] = await exited;
    expect(code).toBe(0);
  });
});
