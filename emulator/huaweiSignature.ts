// Huawei Cloud AK/SK signature (SDK-HMAC-SHA256), as pure functions of the received request so it can
// be checked against the public test vector without any server.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const HUAWEI_ALGORITHM = "SDK-HMAC-SHA256";

export interface SignableRequest {
  method: string;
  /** The path as received (percent-encoded), without the query string. */
  path: string;
  /** The raw query string, without the leading `?`. */
  query: string;
  /** Header names in lower case, as node:http gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: string | Buffer;
}

export interface ParsedAuthorization {
  accessKey: string;
  signedHeaders: string[];
  signature: string;
}

const sha256Hex = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/** Percent-encode everything but RFC 3986 unreserved characters, as the SDK's urlEncode does. */
export function huaweiEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Each segment percent-encoded, and always a trailing `/`. Huawei's Python and Go signers decode the
 * segments first; the Node SDK encodes them as they are on the wire (so `%3A` becomes `%253A`).
 * For ids without special characters both give the same result.
 */
export function canonicalUri(path: string, decodeSegments = true): string {
  const encoded = path
    .split("/")
    .map((segment) => huaweiEncode(decodeSegments ? decodeComponent(segment) : segment))
    .join("/");
  return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

/** Sorted `k=v` pairs; a repeated key contributes each of its values, sorted. */
export function canonicalQueryString(query: string): string {
  const byKey = new Map<string, string[]>();
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = decodeComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? "" : decodeComponent(part.slice(eq + 1));
    byKey.set(key, [...(byKey.get(key) ?? []), value]);
  }
  const pairs: string[] = [];
  for (const key of [...byKey.keys()].sort()) {
    for (const value of byKey.get(key)!.sort()) pairs.push(`${huaweiEncode(key)}=${huaweiEncode(value)}`);
  }
  return pairs.join("&");
}

function headerValue(headers: SignableRequest["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** Undefined when a header listed as signed is absent from the request. */
export function canonicalRequest(
  request: SignableRequest,
  signedHeaders: readonly string[],
  decodeSegments = true,
): string | undefined {
  let canonicalHeaders = "";
  for (const name of signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value === undefined) return undefined;
    canonicalHeaders += `${name}:${value}\n`;
  }
  // The SDK signs this header's value instead of the body when it is present (UNSIGNED-PAYLOAD).
  const payloadHash = headerValue(request.headers, "x-sdk-content-sha256") ?? sha256Hex(request.body);
  return [
    request.method.toUpperCase(),
    canonicalUri(request.path, decodeSegments),
    canonicalQueryString(request.query),
    canonicalHeaders,
    signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
}

export function huaweiStringToSign(sdkDate: string, canonical: string): string {
  return `${HUAWEI_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

export function huaweiSign(secretKey: string, sdkDate: string, canonical: string): string {
  return createHmac("sha256", secretKey).update(huaweiStringToSign(sdkDate, canonical)).digest("hex");
}

/** `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`, or undefined when malformed. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  if (!header?.startsWith(`${HUAWEI_ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(HUAWEI_ALGORITHM.length + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKey = fields.get("Access");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!accessKey || !signedHeaders || !signature) return undefined;
  return { accessKey, signedHeaders: signedHeaders.split(";").map((h) => h.trim().toLowerCase()), signature };
}

/** True when `authorization` signs `request` with `secretKey` at the request's X-Sdk-Date. */
export function verifyHuaweiSignature(
  request: SignableRequest,
  authorization: ParsedAuthorization,
  secretKey: string,
): boolean {
  const sdkDate = headerValue(request.headers, "x-sdk-date");
  if (sdkDate === undefined) return false;
  const actual = Buffer.from(authorization.signature.toLowerCase());
  // Both URI conventions are accepted (see canonicalUri); they coincide for ordinary paths.
  const candidates = new Set([
    canonicalRequest(request, authorization.signedHeaders, true),
    canonicalRequest(request, authorization.signedHeaders, false),
  ]);
  for (const canonical of candidates) {
    if (canonical === undefined) return false;
    const expected = Buffer.from(huaweiSign(secretKey, sdkDate, canonical));
    if (expected.length === actual.length && timingSafeEqual(expected, actual)) return true;
  }
  return false;
}
