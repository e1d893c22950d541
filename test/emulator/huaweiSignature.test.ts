import { createHash } from "node:crypto";
import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import { describe, expect, it } from "vitest";
import {
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  huaweiSign,
  parseAuthorization,
  type SignableRequest,
  verifyHuaweiSignature,
} from "../../emulator/huaweiSignature";

// Huawei's API request signing guide (see clouds.md).
const VECTOR_REQUEST: SignableRequest = {
  method: "GET",
  path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
  query: "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
  headers: {
    "content-type": "application/json",
    host: "service.region.example.com",
    "x-sdk-date": "20191115T033655Z",
  },
  body: "",
};
const VECTOR_AK = "QTWAOYTTINDUT2QVKYUC";
const VECTOR_SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
const VECTOR_SIGNATURE = "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe";
const SIGNED = ["content-type", "host", "x-sdk-date"];

describe("Huawei SDK-HMAC-SHA256 signature", () => {
  it("reproduces the public test vector's canonical request hash and signature", () => {
    const canonical = canonicalRequest(VECTOR_REQUEST, SIGNED)!;
    expect(createHash("sha256").update(canonical).digest("hex")).toBe(
      "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
    );
    expect(huaweiSign(VECTOR_SK, "20191115T033655Z", canonical)).toBe(VECTOR_SIGNATURE);
  });

  it("verifies the vector's Authorization header and refuses tampering", () => {
    const auth = parseAuthorization(
      `SDK-HMAC-SHA256 Access=${VECTOR_AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=${VECTOR_SIGNATURE}`,
    )!;
    expect(auth).toEqual({ accessKey: VECTOR_AK, signedHeaders: SIGNED, signature: VECTOR_SIGNATURE });
    expect(verifyHuaweiSignature(VECTOR_REQUEST, auth, VECTOR_SK)).toBe(true);
    expect(verifyHuaweiSignature(VECTOR_REQUEST, auth, "wrong")).toBe(false);
    expect(verifyHuaweiSignature({ ...VECTOR_REQUEST, query: "limit=3" }, auth, VECTOR_SK)).toBe(false);
    expect(verifyHuaweiSignature({ ...VECTOR_REQUEST, body: "{}" }, auth, VECTOR_SK)).toBe(false);
    const { host: _host, ...withoutHost } = VECTOR_REQUEST.headers;
    expect(verifyHuaweiSignature({ ...VECTOR_REQUEST, headers: withoutHost }, auth, VECTOR_SK)).toBe(false);
  });

  it("canonicalizes the URI with a trailing slash and the query sorted, repeated keys included", () => {
    expect(canonicalUri("/v3/p/elb/pools/a%20b/members")).toBe("/v3/p/elb/pools/a%20b/members/");
    expect(canonicalUri("/v3/p/elb/pools/a%20b/members", false)).toBe("/v3/p/elb/pools/a%2520b/members/");
    expect(canonicalUri("/v3/")).toBe("/v3/");
    expect(canonicalQueryString("marker=m&limit=2&id=b&id=a")).toBe("id=a&id=b&limit=2&marker=m");
    expect(canonicalQueryString("")).toBe("");
  });

  it("rejects malformed Authorization headers", () => {
    expect(parseAuthorization(undefined)).toBeUndefined();
    expect(parseAuthorization("Bearer x")).toBeUndefined();
    expect(parseAuthorization("SDK-HMAC-SHA256 Access=a, Signature=b")).toBeUndefined();
  });

  it("accepts what the vendor SDK's own signer produces, for a POST with a JSON body and a query", () => {
    const data = { members: [{ address: "10.0.0.1", protocol_port: 80, weight: 0 }] };
    const request = {
      endpoint: "http://127.0.0.1:9999/v3/proj/elb/pools/p%3A1/members/batch-add",
      method: "POST",
      headers: { "content-type": "application/json", "X-Project-Id": "proj" },
      queryParams: { b: "x y", a: "1" },
      data,
    };
    const headers = AKSKSigner.sign(request as never, new BasicCredentials().withAk("AK").withSk("SK"));
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    const auth = parseAuthorization(lower.authorization)!;
    const received: SignableRequest = {
      method: "POST",
      path: "/v3/proj/elb/pools/p%3A1/members/batch-add",
      query: "b=x%20y&a=1",
      headers: lower,
      body: JSON.stringify(data),
    };
    expect(verifyHuaweiSignature(received, auth, "SK")).toBe(true);
    expect(verifyHuaweiSignature(received, auth, "SK2")).toBe(false);
  });
});
