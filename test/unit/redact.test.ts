import { describe, expect, it } from "vitest";
import { CloudError } from "../../provider/reconcile/cloudError";
import fc from "fast-check";
import { redact, redactParsed, redactStrings, warmScrubbing } from "../../provider/reconcile/redact";
import { percentEncode, rpcStringToSign } from "../../emulator/alibabaSignature";
import { secretForms } from "../../harness/secretForms";

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
  ...secretForms(value), // every form the engine and CLI leak scans look for
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

  it("takes out a stretch where one credential's form runs into another's, naming both", () => {
    // The secret's tail is the token's head: replacing either first would leave part of the other.
    const credentials = { AccessKeyId: "AKIDxyz0123", SecurityToken: "xyz0123TOKEN456" };
    expect(redact("a AKIDxyz0123TOKEN456 b", credentials)).toBe("a <AccessKeyId><SecurityToken> b");
    expect(redact("AKIDxyz0123 and xyz0123TOKEN456", credentials)).toBe("<AccessKeyId> and <SecurityToken>");
  });

  it("scrubs a text exactly as long as the shortest form, or as the shortest signing mark", () => {
    expect(redact("K3y!", { AccessKeyId: "K3y!" })).toBe("<AccessKeyId>");
    expect(redact("K3y", { AccessKeyId: "K3y!" })).toBe("K3y");
    expect(redact("stringtosign", { AccessKeyId: "K3y!" })).toBe(
      "stringtosign withheld: it holds the request's credentials",
    );
  });

  it("follows a credentials object whose values change, and each of more sets than it keeps", () => {
    const credentials: Record<string, string> = { AccessKeyId: "FIRSTKEY0001" };
    expect(redact("FIRSTKEY0001", credentials)).toBe("<AccessKeyId>");
    credentials.AccessKeyId = "SECONDKEY002";
    expect(redact("FIRSTKEY0001 SECONDKEY002", credentials)).toBe("FIRSTKEY0001 <AccessKeyId>");
    const sets = Array.from({ length: 20 }, (_, i) => ({ AccessKeyId: `KEY${i}`.padEnd(12, "x") }));
    for (const set of [...sets, ...sets])
      expect(redact(`a ${set.AccessKeyId} b`, set)).toBe("a <AccessKeyId> b");
  });

  it("scrubs as it did once warmed ahead of the first answer", () => {
    const credentials = { AccessKeyId: "WARMKEY00001", AccessKeySecret: "warm/Secret+9" };
    warmScrubbing(credentials);
    for (const form of forms(credentials.AccessKeySecret))
      expect(redact(`a ${form} b`, credentials)).toBe("a <AccessKeySecret> b");
    expect(redact("a WARMKEY00001 b", credentials)).toBe("a <AccessKeyId> b");
  });

  it("scrubs a token whose forms together are longer than any one pattern may be", () => {
    // V8 refuses a pattern of some tens of thousands of characters, quoting it in its error: a long STS
    // token's forms must neither reach such a pattern nor escape the scrubbing.
    const token = `CAIS${"x/Y+z=".repeat(8000)}`;
    const credentials = { AccessKeyId: "STS.LongToken01", SecurityToken: token };
    for (const form of secretForms(token))
      expect(redact(`a ${form} b`, credentials)).toBe("a <SecurityToken> b");
    expect(redact("a STS.LongToken01 b", credentials)).toBe("a <AccessKeyId> b");
  });

  it("leaves nothing of any form of any credential, whatever surrounds it", () => {
    const value = fc.string({ unit: "grapheme", minLength: 4, maxLength: 24 });
    const text = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(value, value, text, text, fc.nat(), (a, b, before, after, pick) => {
        const credentials = { AccessKeyId: a, AccessKeySecret: b };
        const all = [...secretForms(a), ...secretForms(b)];
        const out = redact(`${before}${all[pick % all.length]}${after}`, credentials);
        for (const form of all) expect(out).not.toContain(form);
      }),
    );
  });

  it("leaves text without credentials as it is", () => {
    expect(redact("The specified LoadBalancerId does not exist.", CREDENTIALS)).toBe(
      "The specified LoadBalancerId does not exist.",
    );
  });
});

describe("redactStrings", () => {
  it("redacts every string of an answer at any depth, and returns what holds none as it is", () => {
    const clean = { members: [{ id: "m-1", address: "10.0.0.1", weight: 1, tags: ["a"] }], page: null };
    expect(redactStrings(clean, CREDENTIALS)).toBe(clean);
    const token = percentEncode(percentEncode(CREDENTIALS.SecurityToken));
    const dirty = {
      ...clean,
      error: { message: `refused ${token}`, details: ["x", CREDENTIALS.AccessKeyId] },
    };
    expect(redactStrings(dirty, CREDENTIALS)).toEqual({
      ...clean,
      error: { message: "refused <SecurityToken>", details: ["x", "<AccessKeyId>"] },
    });
    expect(dirty.error.message).toBe(`refused ${token}`); // the answer itself is not changed
  });
});

/** JSON text of `value` with each character of its strings escaped as `\uXXXX` where `escape` says. */
const escapedJson = (value: unknown, escape: (i: number) => boolean): string => {
  let i = 0;
  return JSON.stringify(value, (_key, v: unknown) => v).replace(
    /"((?:[^"\\]|\\.)*)"/g,
    (_m, body: string) => {
      const text = JSON.parse(`"${body}"`) as string;
      const out = [...text]
        .map((c) =>
          escape(i++)
            ? [...c].map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")
            : JSON.stringify(c).slice(1, -1),
        )
        .join("");
      return `"${out}"`;
    },
  );
};

describe("redactParsed", () => {
  it("finds a credential the text holds only as JSON escapes, and one in plain text", () => {
    const hidden = `{"message":"${[...CREDENTIALS.AccessKeyId].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}"}`;
    expect(redactParsed(hidden, JSON.parse(hidden), CREDENTIALS)).toEqual({ message: "<AccessKeyId>" });
    const slashes = JSON.stringify({
      m: Buffer.from(CREDENTIALS.AccessKeySecret).toString("base64"),
    }).replace(/\//g, "\\/");
    expect(redactParsed(slashes, JSON.parse(slashes), CREDENTIALS)).toEqual({ m: "<AccessKeySecret>" });
    const plain = JSON.stringify({ a: [{ b: `x ${CREDENTIALS.SecurityToken} y` }] });
    expect(redactParsed(plain, JSON.parse(plain), CREDENTIALS)).toEqual({
      a: [{ b: "x <SecurityToken> y" }],
    });
    const signing = JSON.stringify({ message: "bad signature, canonical request: GET /" });
    expect(redactParsed(signing, JSON.parse(signing), CREDENTIALS)).toEqual({
      message: "bad signature, canonical request withheld: it holds the request's credentials",
    });
  });

  it("returns a clean answer as it is, not copied", () => {
    const text = JSON.stringify({ members: [{ id: "m-1", address: "10.0.0.1", weight: 1 }], page: null });
    const parsed = JSON.parse(text) as unknown;
    expect(redactParsed(text, parsed, CREDENTIALS)).toBe(parsed);
  });

  it("scrubs exactly what redactStrings scrubs, however the text escapes its strings", () => {
    const value = fc.string({ unit: "grapheme", minLength: 4, maxLength: 16 });
    fc.assert(
      fc.property(
        value,
        value,
        fc.string({ maxLength: 8 }),
        fc.nat(),
        fc.array(fc.boolean()),
        (a, b, around, pick, flags) => {
          const credentials = { AccessKeyId: a, AccessKeySecret: b };
          const all = [...secretForms(a), ...secretForms(b)];
          const answer = {
            members: [{ id: around, name: `${around}${all[pick % all.length]}${around}` }],
            n: 1,
          };
          const text = escapedJson(answer, (i) => flags.length > 0 && flags[i % flags.length]);
          const parsed = JSON.parse(text) as typeof answer;
          const out = redactParsed(text, parsed, credentials);
          expect(out).toEqual(redactStrings(parsed, credentials));
          for (const form of all) expect(out.members[0].name).not.toContain(form);
        },
      ),
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
