import RPCClient from "@alicloud/pop-core";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { percentEncode, signRpc } from "../../emulator/alibabaSignature";
import { type Emulator, startEmulator } from "../../emulator/index";
import { alibabaClient, ensClient, rejectionOf, SLB_VERSION, servers, slbClient } from "./sdkClients";
import { CRED, ENS_LB, REGION, SLB_LB, STS_CRED } from "./testFixtures";

let emu: Emulator;
const lb = { RegionId: REGION, LoadBalancerId: SLB_LB };
const describeLb = (call: ReturnType<typeof slbClient>, extra: Record<string, unknown> = {}) =>
  call("DescribeLoadBalancerAttribute", { ...lb, ...extra });
const failure = async (p: Promise<unknown>) => {
  const e = await rejectionOf(p);
  return {
    code: e.code as string,
    status: e.entry?.response?.statusCode as number | undefined,
    data: e.data,
  };
};
const alibabaTimestamp = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

beforeEach(async () => {
  emu ??= await startEmulator();
  emu.reset();
  emu.seed({
    credentials: [CRED, STS_CRED],
    slb: { loadBalancers: [{ loadBalancerId: SLB_LB, regionId: REGION }] },
    ens: { loadBalancers: [{ loadBalancerId: ENS_LB }] },
  });
});
afterAll(() => emu?.close());

describe("Alibaba request authentication", () => {
  it("accepts a correctly signed GET as well as POST", async () => {
    const client = new RPCClient({ ...CRED, endpoint: emu.endpoints.slb, apiVersion: SLB_VERSION });
    const res: any = await client.request("DescribeLoadBalancerAttribute", lb, {
      method: "GET",
      timeout: 10_000,
    });
    expect(res.LoadBalancerId).toBe(SLB_LB);
  });

  it("answers 404 InvalidAccessKeyId.NotFound for an unknown AccessKeyId", async () => {
    const stranger = slbClient(emu, { accessKeyId: "LTAIUNKNOWN", accessKeySecret: "x" });
    const f = await failure(describeLb(stranger));
    expect(f).toMatchObject({ code: "InvalidAccessKeyId.NotFound", status: 404 });
    expect(Object.keys(f.data).sort()).toEqual(["Code", "HostId", "Message", "Recommend", "RequestId"]);
    expect(f.data.RequestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  });

  it("answers 400 SignatureDoesNotMatch for a wrong secret, quoting its string to sign as the real gateway does", async () => {
    const f = await failure(describeLb(slbClient(emu, { ...STS_CRED, accessKeySecret: "wrong" })));
    expect(f).toMatchObject({ code: "SignatureDoesNotMatch", status: 400 });
    const [prefix, stringToSign] = String(f.data.Message).split("server string to sign is:");
    expect(prefix).toBe("Specified signature is not matched with our calculation. ");
    // POST&%2F&<the canonical query, encoded again>: the AccessKeyId and the token are in it, twice encoded.
    expect(stringToSign).toMatch(/^POST&%2F&AccessKeyId%3D/);
    expect(stringToSign).toContain(`AccessKeyId%3D${percentEncode(percentEncode(STS_CRED.accessKeyId))}`);
    expect(stringToSign).toContain(
      `SecurityToken%3D${percentEncode(percentEncode(STS_CRED.securityToken!))}`,
    );
  });

  it("answers 400 InvalidTimeStamp.Expired for a Timestamp more than 15 minutes off, either way", async () => {
    const call = slbClient(emu, CRED);
    for (const offset of [-16 * 60_000, 16 * 60_000]) {
      const f = await failure(describeLb(call, { Timestamp: alibabaTimestamp(Date.now() + offset) }));
      expect(f).toMatchObject({ code: "InvalidTimeStamp.Expired", status: 400 });
    }
    const ok = await describeLb(call, { Timestamp: alibabaTimestamp(Date.now() - 14 * 60_000) });
    expect(ok.LoadBalancerId).toBe(SLB_LB);
  });

  it("answers 400 SignatureNonceUsed when a nonce is reused by the same AccessKey", async () => {
    const call = slbClient(emu, CRED);
    await describeLb(call, { SignatureNonce: "nonce-1" });
    expect(await failure(describeLb(call, { SignatureNonce: "nonce-1" }))).toMatchObject({
      code: "SignatureNonceUsed",
      status: 400,
    });
    // Another AccessKey may use the same nonce.
    const sts = await describeLb(slbClient(emu, STS_CRED), { SignatureNonce: "nonce-1" });
    expect(sts.LoadBalancerId).toBe(SLB_LB);
  });

  it("accepts an STS credential only with its SecurityToken", async () => {
    expect((await describeLb(slbClient(emu, STS_CRED))).LoadBalancerId).toBe(SLB_LB);
    const { securityToken: _t, ...withoutToken } = STS_CRED;
    expect(await failure(describeLb(slbClient(emu, withoutToken)))).toMatchObject({
      code: "InvalidSecurityToken.Mismatch",
      status: 400,
    });
    expect(
      await failure(describeLb(slbClient(emu, { ...STS_CRED, securityToken: "other-token" }))),
    ).toMatchObject({
      code: "InvalidSecurityToken.Mismatch",
      status: 400,
    });
  });

  it("answers IncompleteSignature or MissingParameter when protocol parameters are missing", async () => {
    const post = async (params: Record<string, string>) => {
      const res = await fetch(`${emu.endpoints.slb}/`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(params).toString(),
      });
      return { status: res.status, body: (await res.json()) as { Code: string } };
    };
    const base: Record<string, string> = {
      Action: "DescribeLoadBalancerAttribute",
      Format: "JSON",
      Version: SLB_VERSION,
      AccessKeyId: CRED.accessKeyId,
      SignatureMethod: "HMAC-SHA1",
      SignatureVersion: "1.0",
      SignatureNonce: "n-raw-1",
      Timestamp: alibabaTimestamp(Date.now()),
      ...lb,
    };
    const signed = { ...base, Signature: signRpc("POST", base, CRED.accessKeySecret) };
    expect((await post(signed)).status).toBe(200);
    const { Signature: _s, ...unsigned } = signed;
    expect(await post(unsigned)).toMatchObject({ status: 400, body: { Code: "IncompleteSignature" } });
    const { SignatureNonce: _n, ...noNonce } = base;
    expect(
      (await post({ ...noNonce, Signature: signRpc("POST", noNonce, CRED.accessKeySecret) })).body.Code,
    ).toBe("IncompleteSignature");
    const withOtherNonce: Record<string, string> = { ...base, SignatureNonce: "n-raw-2" };
    const { Timestamp: _ts, ...noTimestamp } = withOtherNonce;
    expect(
      await post({ ...noTimestamp, Signature: signRpc("POST", noTimestamp, CRED.accessKeySecret) }),
    ).toMatchObject({ status: 400, body: { Code: "MissingParameter" } });
  });

  it("refuses a CLB Version at the ENS path", async () => {
    const wrong = alibabaClient(emu.endpoints.ens, SLB_VERSION, CRED);
    expect((await failure(wrong("DescribeLoadBalancerAttribute", lb))).code).toBe("InvalidVersion");
  });

  it("logs every request, refused ones too, without the secret, token or signature", async () => {
    await describeLb(slbClient(emu, STS_CRED));
    await rejectionOf(describeLb(slbClient(emu, { ...STS_CRED, securityToken: "leaked-token?" })));
    await rejectionOf(describeLb(slbClient(emu, { ...CRED, accessKeySecret: "wrong-secret" })));
    await ensClient(emu, STS_CRED)("AddBackendServers", {
      LoadBalancerId: ENS_LB,
      BackendServers: servers([{ ServerId: "i-1" }]),
    });
    const calls = emu.calls();
    expect(calls.map((c) => [c.cloud, c.httpStatus, c.code ?? "ok", c.accessKeyId])).toEqual([
      ["slb", 200, "ok", STS_CRED.accessKeyId],
      ["slb", 400, "InvalidSecurityToken.Mismatch", STS_CRED.accessKeyId],
      ["slb", 400, "SignatureDoesNotMatch", CRED.accessKeyId],
      ["ens", 200, "ok", STS_CRED.accessKeyId],
    ]);
    expect(calls[3].params).toEqual({ LoadBalancerId: ENS_LB, BackendServers: [{ ServerId: "i-1" }] });
    const logged = JSON.stringify(calls);
    for (const secret of [
      CRED.accessKeySecret,
      STS_CRED.accessKeySecret,
      STS_CRED.securityToken!,
      "leaked-token?",
    ]) {
      expect(logged).not.toContain(secret);
    }
    expect(logged).not.toMatch(/"(Signature|SignatureNonce|SecurityToken|Timestamp)":/);
  });
});
