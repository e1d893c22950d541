import { percentEncode } from "../emulator/alibabaSignature";

/**
 * Every form a secret could take on its way into a text (state, outputs, logs, CLI output, an error a
 * server sent back): raw, JSON-escaped, URL and form encoded, percent-encoded once and twice as Alibaba's
 * string to sign holds a token, base64, base64url and hex. A scan for leaks looks for each.
 */
export const secretForms = (secret: string): string[] => [
  secret,
  JSON.stringify(secret).slice(1, -1),
  encodeURIComponent(secret),
  new URLSearchParams({ s: secret }).toString().slice(2),
  percentEncode(secret),
  percentEncode(percentEncode(secret)),
  Buffer.from(secret).toString("base64"),
  Buffer.from(secret).toString("base64url"),
  Buffer.from(secret).toString("hex"),
];
