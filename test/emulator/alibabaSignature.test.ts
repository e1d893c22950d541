import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalizeRpcParams,
  percentEncode,
  signRpc,
  verifyRpcSignature,
} from "../../emulator/alibabaSignature";

// Alibaba's own signature documentation (see clouds.md).
const VECTOR = {
  AccessKeyId: "testid",
  Action: "DescribeRegions",
  Format: "XML",
  SignatureMethod: "HMAC-SHA1",
  SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
  SignatureVersion: "1.0",
  Timestamp: "2016-02-23T12:46:24Z",
  Version: "2014-05-26",
};

describe("Alibaba RPC signature", () => {
  it("reproduces the public test vector", () => {
    expect(signRpc("GET", VECTOR, "testsecret")).toBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    expect(
      verifyRpcSignature("GET", { ...VECTOR, Signature: "OLeaidS1JvxuMvnyHOwuJ+uX5qY=" }, "testsecret"),
    ).toBe(true);
  });

  it("rejects a wrong secret, another method, a changed parameter or a missing signature", () => {
    const signed = { ...VECTOR, Signature: "OLeaidS1JvxuMvnyHOwuJ+uX5qY=" };
    expect(verifyRpcSignature("GET", signed, "othersecret")).toBe(false);
    expect(verifyRpcSignature("POST", signed, "testsecret")).toBe(false);
    expect(verifyRpcSignature("GET", { ...signed, Action: "DescribeZones" }, "testsecret")).toBe(false);
    expect(verifyRpcSignature("GET", VECTOR, "testsecret")).toBe(false);
  });

  it("percent-encodes the RFC 3986 reserved characters encodeURIComponent leaves alone", () => {
    expect(percentEncode("a b!'()*~")).toBe("a%20b%21%27%28%29%2A~");
    expect(percentEncode('[{"ServerId":"i-1"}]')).toBe("%5B%7B%22ServerId%22%3A%22i-1%22%7D%5D");
  });

  it("sorts parameters and leaves the Signature out of the canonical string", () => {
    expect(canonicalizeRpcParams({ b: "2", a: "1", Signature: "x" })).toBe("a=1&b=2");
  });

  it("accepts exactly the parameters it signed, for any values", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), fc.string(), (params, secret) => {
        const signature = signRpc("POST", params, secret);
        expect(verifyRpcSignature("POST", { ...params, Signature: signature }, secret)).toBe(true);
        expect(verifyRpcSignature("POST", { ...params, Extra: "1", Signature: signature }, secret)).toBe(
          "Extra" in params && params.Extra === "1",
        );
      }),
      { numRuns: 200 },
    );
  });
});
