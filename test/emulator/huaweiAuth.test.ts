import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index";
import { type ElbCall, elbClient, rejectionOf } from "./sdkClients";
import { CRED, POOL, PROJECT, STS_CRED } from "./testFixtures";

let emu: Emulator;
// The emulator's clock runs with real time plus an offset the tests move instead of sleeping.
const clock = { offset: 0 };
const MEMBERS = `/v3/{project_id}/elb/pools/${POOL}/members`;

const listWith = (call: ElbCall, headers: Record<string, string> = {}) =>
  call({ method: "GET", url: MEMBERS, headers });
const failure = async (p: Promise<unknown>) => {
  const e = await rejectionOf(p);
  return { status: e.httpStatusCode as number, code: e.errorCode as string, message: e.errorMsg as string };
};
const sdkDate = (ms: number) => `${new Date(ms).toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;

beforeEach(async () => {
  emu ??= await startEmulator({ now: () => Date.now() + clock.offset });
  emu.reset();
  clock.offset = 0;
  emu.seed({ credentials: [CRED, STS_CRED], elb: { pools: [{ poolId: POOL, projectId: PROJECT }] } });
});
afterAll(() => emu?.close());

describe("Huawei AK/SK authentication", () => {
  it("accepts the SDK's signature, and refuses a wrong SK or an unknown AK with 401 APIGW.0301", async () => {
    expect((await listWith(elbClient(emu, CRED, PROJECT))).httpStatusCode).toBe(200);
    expect(
      await failure(listWith(elbClient(emu, { ...CRED, accessKeySecret: "wrong" }, PROJECT))),
    ).toMatchObject({
      status: 401,
      code: "APIGW.0301",
    });
    expect(
      await failure(listWith(elbClient(emu, { accessKeyId: "NOPE", accessKeySecret: "x" }, PROJECT))),
    ).toMatchObject({
      status: 401,
      code: "APIGW.0301",
    });
  });

  it("locks an AccessKey for 5 minutes after 5 consecutive signature failures", async () => {
    const bad = elbClient(emu, { ...CRED, accessKeySecret: "wrong" }, PROJECT);
    const good = elbClient(emu, CRED, PROJECT);
    for (let i = 0; i < 5; i++) expect((await failure(listWith(bad))).code).toBe("APIGW.0301");
    const locked = await failure(listWith(good));
    expect(locked).toMatchObject({ status: 401, code: "APIGW.0301" });
    expect(locked.message).toMatch(/locked/);
    clock.offset = 5 * 60_000 - 1000;
    expect((await failure(listWith(good))).message).toMatch(/locked/);
    clock.offset = 5 * 60_000 + 1000;
    expect((await listWith(good)).httpStatusCode).toBe(200);
  });

  it("counts only consecutive failures: a success in between resets the count", async () => {
    const bad = elbClient(emu, { ...CRED, accessKeySecret: "wrong" }, PROJECT);
    const good = elbClient(emu, CRED, PROJECT);
    for (let i = 0; i < 4; i++) await failure(listWith(bad));
    await listWith(good);
    for (let i = 0; i < 4; i++) await failure(listWith(bad));
    expect((await listWith(good)).httpStatusCode).toBe(200);
  });

  it("answers 401 APIGW.0303 when X-Sdk-Date is more than 15 minutes off", async () => {
    const call = elbClient(emu, CRED, PROJECT);
    expect(await failure(listWith(call, { "X-Sdk-Date": sdkDate(Date.now() - 16 * 60_000) }))).toMatchObject({
      status: 401,
      code: "APIGW.0303",
    });
    expect((await listWith(call, { "X-Sdk-Date": sdkDate(Date.now() - 14 * 60_000) })).httpStatusCode).toBe(
      200,
    );
  });

  it("requires the STS credential's X-Security-Token", async () => {
    expect((await listWith(elbClient(emu, STS_CRED, PROJECT))).httpStatusCode).toBe(200);
    const { securityToken: _t, ...withoutToken } = STS_CRED;
    expect((await failure(listWith(elbClient(emu, withoutToken, PROJECT)))).code).toBe("APIGW.0301");
    expect((await failure(listWith(elbClient(emu, { ...STS_CRED, securityToken: "x" }, PROJECT)))).code).toBe(
      "APIGW.0301",
    );
  });

  it("logs refused requests with the claimed AccessKey but never the SK or token", async () => {
    await listWith(elbClient(emu, STS_CRED, PROJECT));
    await failure(listWith(elbClient(emu, { ...CRED, accessKeySecret: "wrong-sk" }, PROJECT)));
    const calls = emu.calls({ cloud: "elb" });
    expect(calls.map((c) => [c.action, c.httpStatus, c.code ?? "ok", c.accessKeyId])).toEqual([
      ["list", 200, "ok", STS_CRED.accessKeyId],
      ["list", 401, "APIGW.0301", CRED.accessKeyId],
    ]);
    const logged = JSON.stringify(calls);
    for (const secret of [
      STS_CRED.accessKeySecret,
      STS_CRED.securityToken!,
      "wrong-sk",
      CRED.accessKeySecret,
    ]) {
      expect(logged).not.toContain(secret);
    }
  });
});
