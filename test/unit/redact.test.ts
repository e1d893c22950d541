import { describe, expect, it } from "vitest";
import { CloudError } from "../../provider/reconcile/cloudError";
import { redact } from "../../provider/reconcile/redact";
import { percentEncode, rpcStringToSign } from "../../emulator/alibabaSignature";

const CREDENTIALS = {
  AccessKeyId: "STS.RedactTest01",
  AccessKeySecret: "red/act+Secret=9f3k",
  SecurityToken: "CAIS+red/act/Token==2hq7xW",
};

/** Every form a credential may take in a server's text. */
const forms = (value: string) => [
  value,
  encodeURIComponent(value),
  percentEncode(value),
  percentEncode(percentEncode(value)),
  encodeURIComponent(encodeURIComponent(value)),
  Buffer.from(value).toString("base64"),
];

describe("redact", () => {
  it("cuts Alibaba's quoted string to sign, which holds the AccessKeyId and the STS token encoded twice", () => {
    const stringToSign = rpcStringToSign("POST", {
      AccessKeyId: CREDENTIALS.AccessKeyId,
      Action: "AddBackendServers",
      SecurityToken: CREDENTIALS.SecurityToken,
      Version: "2014-05-15",
    });
    const message = `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`;
    const out = redact(message, CREDENTIALS);
    expect(out).toBe(
      "Specified signature is not matched with our calculation. server string to sign withheld: it holds the request's credentials",
    );
  });

  it("replaces each credential in any encoding, wherever it stands, by its name", () => {
    for (const [name, value] of Object.entries(CREDENTIALS)) {
      for (const form of forms(value)) {
        const out = redact(`before ${form} after`, CREDENTIALS);
        expect(out).toBe(`before <${name}> after`);
      }
    }
  });

  it("leaves text without credentials as it is", () => {
    expect(redact("The specified LoadBalancerId does not exist.", CREDENTIALS)).toBe(
      "The specified LoadBalancerId does not exist.",
    );
  });
});

describe("CloudError", () => {
  it("never carries a quoted string to sign, whatever an adapter passes", () => {
    const error = new CloudError({
      action: "batch-add",
      target: "pool p-1",
      code: "APIGW.0301",
      message: "verify aksk signature fail, StringToSign: SDK-HMAC-SHA256\n20260101T000000Z\nabc",
      retry: "permanent",
    });
    expect(error.message).toBe(
      "batch-add on pool p-1 failed: APIGW.0301: verify aksk signature fail, StringToSign withheld: it holds the request's credentials",
    );
    expect(error.info.message).not.toContain("SDK-HMAC");
  });
});
