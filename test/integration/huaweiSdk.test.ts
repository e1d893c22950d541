/**
 * The Huawei SDK core as the provider sets it up (provider/clouds/huaweicloud/sdkClient.ts): silent, writing
 * no file, one request per call. The child-process tests load the compiled package (`npm run build` first),
 * as the plugin does, in a clean process whose HOME and working directory are empty.
 */
import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { huaweiTransport, NoAnswer } from "../../provider/clouds/huaweicloud/sdkClient";
import { type Emulator, startEmulator } from "../../emulator";
import { REPO_ROOT } from "../../harness/project";
import { elbCloud } from "../clouds";

const CREDENTIAL = elbCloud.key;
const POOL = elbCloud.target;
const PROJECT = elbCloud.config()["huaweicloud:projectId"];

let emulator: Emulator;
const dirs: string[] = [];
const emptyDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "pbs-huawei-"));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => {
  emulator.reset();
  emulator.seed(elbCloud.seed());
});
afterAll(async () => {
  await emulator?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs a CommonJS script in a fresh Node process with only PATH, HOME, XDG_CACHE_HOME and `env`; collects
 * its output. The cache directory is apart from HOME, so that what the provider keeps there (its quota
 * journal) is told apart from anything written to HOME.
 */
function runNode(script: string, env: Record<string, string>) {
  const home = emptyDir();
  const cwd = emptyDir();
  const cache = emptyDir();
  const child = spawn(process.execPath, ["-e", script], {
    cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, XDG_CACHE_HOME: cache, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise<{
    code: number | null;
    stdout: string;
    stderr: string;
    home: string[];
    cwd: string[];
    cache: string[];
  }>((resolve) =>
    child.on("close", (code) =>
      resolve({
        code,
        stdout,
        stderr,
        home: readdirSync(home),
        cwd: readdirSync(cwd),
        cache: readdirSync(cache, { recursive: true }).map(String).sort(),
      }),
    ),
  );
}

const DIST = join(REPO_ROOT, "dist");

/** Lists a pool through the compiled adapter with a wrong secret, then loads what core needs `uuid` for. */
const ADAPTER_SCRIPT = `
const { join, dirname } = require("node:path");
const dist = process.env.PBS_DIST;
const { elbKind } = require(join(dist, "clouds/huaweicloud/elb/kind.js"));
const { fixedSettings } = require(join(dist, "reconcile/settings.js"));
const settings = fixedSettings(
  { "huaweicloud:accessKey": process.env.T_AK, "huaweicloud:secretKey": "wrong-secret" },
  { HUAWEICLOUD_ELB_ENDPOINT: process.env.T_ENDPOINT },
);
const target = elbKind.resolve({ poolId: process.env.T_POOL, projectId: process.env.T_PROJECT, region: "cn-north-4" }, settings);
const { RunShared } = require(join(dist, "reconcile/runShared.js"));
const api = elbKind.connect(target, settings, new RunShared());
api.list().then(
  () => report("listed"),
  (error) => report(error.message),
);
function report(outcome) {
  const builderLoaded = Object.keys(require.cache).some((p) => /ClientBuilder|DefaultUserAgent/.test(p));
  const core = dirname(require.resolve("@huaweicloud/huaweicloud-sdk-core", { paths: [dist] }));
  // What ClientBuilder would need: core's own require("uuid") resolves to a CommonJS-loadable package.
  const userAgent = require(join(core, "http/DefaultUserAgent.js"));
  const uuid = require(require.resolve("uuid", { paths: [core] }));
  process.stderr.write(JSON.stringify({ outcome, builderLoaded, userAgent: typeof userAgent, uuid: uuid.v4() }));
}
`;

describe("the Huawei SDK as the provider uses it", () => {
  it("in a clean process: prints nothing on a refused call, writes nothing to HOME or the working directory, and never loads ClientBuilder", async () => {
    const result = await runNode(ADAPTER_SCRIPT, {
      PBS_DIST: DIST,
      T_AK: CREDENTIAL.accessKeyId,
      T_ENDPOINT: emulator.endpoints.elb,
      T_POOL: POOL,
      T_PROJECT: PROJECT,
      DEBUG: "DEBUG",
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stderr);
    expect(report.outcome).toMatch(/^list on pool .+ failed: APIGW\.0301: /);
    expect(report).toMatchObject({ builderLoaded: false, userAgent: "object" });
    expect(report.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(result.stdout).toBe("");
    expect(result.home).toEqual([]);
    expect(result.cwd).toEqual([]);
    // The one thing written: the answer time of the refused call, in the user's cache directory.
    expect(result.cache).toEqual([
      "pulumi-backend-servers",
      "pulumi-backend-servers/quota-journal",
      expect.stringMatching(/^pulumi-backend-servers\/quota-journal\/[0-9a-f]{32}$/),
    ]);
    expect(emulator.calls().map((c) => c.httpStatus)).toEqual([401]);
  });

  it("is needed: the SDK left to itself prints the failed request, AccessKey and Authorization header, to stdout", async () => {
    const result = await runNode(
      `
      const { join } = require("node:path");
      const core = join(process.env.PBS_DIST, "..", "node_modules", "@huaweicloud", "huaweicloud-sdk-core");
      const { BasicCredentials } = require(core);
      const { HcClient } = require(join(core, "HcClient"));
      const { DefaultHttpClient } = require(join(core, "http/DefaultHttpClient"));
      const url = process.env.T_ENDPOINT;
      const auth = new BasicCredentials().withAk(process.env.T_AK).withSk("wrong").withProjectId(process.env.T_PROJECT);
      new HcClient(new DefaultHttpClient({}, [url])).withEndpoints([url]).withCredential(auth)
        .sendRequest({ method: "GET", url: "/v3/{project_id}/elb/pools/p/members", contentType: "application/json",
          pathParams: {}, queryParams: {}, headers: {} })
        .catch(() => {});
      `,
      {
        PBS_DIST: DIST,
        T_AK: CREDENTIAL.accessKeyId,
        T_ENDPOINT: emulator.endpoints.elb,
        T_PROJECT: PROJECT,
      },
    );
    expect(result.stdout).toContain(CREDENTIAL.accessKeyId);
    expect(result.stdout).toMatch(/Authorization/i);
  });

  it("sends one request per call: no failover and no retry of its own, and gives up at the configured timeout", async () => {
    const transport = huaweiTransport({
      endpoint: emulator.endpoints.elb,
      projectId: PROJECT,
      credentials: { accessKey: CREDENTIAL.accessKeyId, secretKey: CREDENTIAL.accessKeySecret },
      timeoutMs: 200,
    });
    const list = () => transport.send({ method: "GET", path: `/v3/{project_id}/elb/pools/${POOL}/members` });

    emulator.inject({ cloud: "elb", action: "list", kind: "drop", count: 1 });
    const dropped = await list().catch((e) => e);
    expect(dropped).toBeInstanceOf(NoAnswer);
    expect(dropped.code).toBe("ECONNRESET");

    // Applied and logged at once, answered only after 5 s: the client gives up at 200 ms.
    emulator.inject({ cloud: "elb", action: "list", kind: "timeout-after-apply", count: 1, latencyMs: 5000 });
    const started = Date.now();
    const late = await list().catch((e) => e);
    expect(late).toMatchObject({ name: "NoAnswer", code: "ETIMEDOUT" });
    expect(Date.now() - started).toBeLessThan(2000);

    emulator.inject({ cloud: "elb", action: "list", kind: "server-error", count: 1 });
    expect(await list()).toMatchObject({ status: 500, body: { error_code: "ELB.8906" } });
    expect(emulator.calls().map((c) => c.fault)).toEqual(["drop", "timeout-after-apply", "server-error"]);
  });

  it("hands back every answer with its status, body and X-Request-Id, whatever the body is", async () => {
    const transport = huaweiTransport({
      endpoint: emulator.url,
      projectId: PROJECT,
      credentials: { accessKey: CREDENTIAL.accessKeyId, secretKey: CREDENTIAL.accessKeySecret },
      timeoutMs: 2000,
    });
    const answer = await transport.send({
      method: "GET",
      path: `/v3/{project_id}/elb/pools/${POOL}/members`,
    });
    expect(answer).toEqual({
      status: 200,
      body: { request_id: answer.requestId, members: [], page_info: { current_count: 0 } },
      requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const refused = await transport.send({ method: "GET", path: "/v3/{project_id}/elb/loadbalancers" });
    expect(refused).toMatchObject({ status: 404, body: { error_code: "APIGW.0101" } });
    expect(refused.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("scrubs the credentials out of an answer's body, escaped, compressed or not, reports a broken or undecodable answer, and follows no redirect", async () => {
    const secretKey = "hw-Secret/Key+42";
    const escaped = [...CREDENTIAL.accessKeyId].map(
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    const answers: Record<string, (res: ServerResponse) => void> = {
      "/v3/p/quoted": (res) =>
        res
          .writeHead(400, { "content-type": "application/json" })
          .end(
            `{"error_msg":"bad ${escaped.join("")} and ${secretKey.replace("/", "\\/")}","error_code":"APIGW.0301"}`,
          ),
      "/v3/p/clean": (res) =>
        res.writeHead(200, { "content-type": "application/json" }).end('{"members":[{"id":"m-1"}]}'),
      "/v3/p/zipped": (res) =>
        res
          .writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" })
          .end(gzipSync(JSON.stringify({ members: [{ name: `n ${CREDENTIAL.accessKeyId}` }] }))),
      "/v3/p/cut": (res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        res.write('{"members":');
        setTimeout(() => res.socket?.destroy(), 20);
      },
      "/v3/p/badzip": (res) => res.writeHead(200, { "content-encoding": "gzip" }).end("not gzip"),
      "/v3/p/moved": (res) => res.writeHead(302, { location: `${elsewhere.url}/v3/p/clean` }).end(),
    };
    const serve = (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
      new Promise<{ url: string; requests: string[]; close: () => void }>((resolve) => {
        const requests: string[] = [];
        const server = createServer((req, res) => {
          requests.push(req.url ?? "");
          handler(req, res);
        });
        server.listen(0, "127.0.0.1", () =>
          resolve({
            url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
            requests,
            close: () => server.close(),
          }),
        );
      });
    const elsewhere = await serve((_req, res) => res.writeHead(200).end("{}"));
    const api = await serve((req, res) => answers[(req.url ?? "").split("?")[0]](res));
    try {
      const transport = huaweiTransport({
        endpoint: api.url,
        projectId: "p",
        credentials: { accessKey: CREDENTIAL.accessKeyId, secretKey },
        timeoutMs: 2000,
      });
      const quoted = await transport.send({ method: "GET", path: "/v3/{project_id}/quoted" });
      expect(quoted).toMatchObject({
        status: 400,
        body: { error_msg: "bad <AccessKey> and <SecretKey>", error_code: "APIGW.0301" },
      });
      expect(await transport.send({ method: "GET", path: "/v3/{project_id}/clean" })).toMatchObject({
        status: 200,
        body: { members: [{ id: "m-1" }] },
      });
      // A success whose body the caller does not use is not parsed; a refusal always is, and scrubbed.
      expect(
        await transport.send({ method: "GET", path: "/v3/{project_id}/clean", answer: "status" }),
      ).toEqual({ status: 200, body: {} });
      expect(
        await transport.send({ method: "GET", path: "/v3/{project_id}/quoted", answer: "status" }),
      ).toMatchObject({ status: 400, body: { error_msg: "bad <AccessKey> and <SecretKey>" } });
      // Compressed although nothing asked for it: decoded, and scrubbed.
      expect(await transport.send({ method: "GET", path: "/v3/{project_id}/zipped" })).toMatchObject({
        status: 200,
        body: { members: [{ name: "n <AccessKey>" }] },
      });
      // An answer broken off midway is no answer (retried as a network failure); an undecodable one is
      // reported as it is, never retried.
      await expect(transport.send({ method: "GET", path: "/v3/{project_id}/cut" })).rejects.toMatchObject({
        name: "NoAnswer",
        code: "ECONNRESET",
      });
      await expect(transport.send({ method: "GET", path: "/v3/{project_id}/badzip" })).rejects.toMatchObject({
        name: "NoAnswer",
        code: "UnexpectedError",
      });
      // A redirect is an answer: the signed request is not sent on to where it points.
      expect(await transport.send({ method: "GET", path: "/v3/{project_id}/moved" })).toMatchObject({
        status: 302,
      });
      expect(elsewhere.requests).toEqual([]);
    } finally {
      api.close();
      elsewhere.close();
    }
  });
});
