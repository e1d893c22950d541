// Alibaba Cloud RPC signature (SignatureVersion 1.0, HMAC-SHA1), as a pure function of the request
// parameters so it can be checked against the public test vector without any server.
import { createHmac, timingSafeEqual } from "node:crypto";

/** RFC 3986 percent-encoding: encodeURIComponent leaves `!'()*` alone, Alibaba does not. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Sorted `k=v&...` over every parameter except Signature itself. */
export function canonicalizeRpcParams(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((key) => key !== "Signature")
    .map((key) => [percentEncode(key), percentEncode(params[key])] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
}

export function rpcStringToSign(method: string, params: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()}&${percentEncode("/")}&${percentEncode(canonicalizeRpcParams(params))}`;
}

export function signRpc(method: string, params: Readonly<Record<string, string>>, secret: string): string {
  return createHmac("sha1", `${secret}&`).update(rpcStringToSign(method, params)).digest("base64");
}

/** True when params.Signature is the signature of the other parameters under `secret`. */
export function verifyRpcSignature(
  method: string,
  params: Readonly<Record<string, string>>,
  secret: string,
): boolean {
  const given = params.Signature;
  if (typeof given !== "string") return false;
  const expected = Buffer.from(signRpc(method, params, secret));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
