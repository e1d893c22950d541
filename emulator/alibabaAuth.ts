// Authentication of Alibaba RPC requests: common parameters, AccessKey, signature, timestamp window,
// STS token and nonce replay, in the order the gateway reports them.
import { rpcStringToSign, verifyRpcSignature } from "./alibabaSignature";
import { ApiError } from "./apiError";
import type { NonceCache } from "./nonceCache";
import type { EmulatorCredential } from "./types";

/** Both the timestamp tolerance and how long a nonce is remembered. */
export const RPC_WINDOW_MS = 15 * 60 * 1000;

/** Parameters that belong to the protocol, not to the action; never logged as business parameters. */
export const RPC_COMMON_PARAMS: ReadonlySet<string> = new Set([
  "AccessKeyId",
  "Action",
  "Format",
  "SecurityToken",
  "Signature",
  "SignatureMethod",
  "SignatureNonce",
  "SignatureType",
  "SignatureVersion",
  "Timestamp",
  "Version",
]);

export interface RpcAuthDeps {
  credentials: ReadonlyMap<string, EmulatorCredential>;
  nonces: NonceCache;
  now: () => number;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;

export function parseRpcTimestamp(value: string): number | undefined {
  if (!TIMESTAMP.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Returns the caller's credential, or throws the gateway's refusal. */
export function authenticateRpc(
  method: string,
  params: Readonly<Record<string, string>>,
  deps: RpcAuthDeps,
): EmulatorCredential {
  for (const name of ["Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce"]) {
    if (!params[name]) {
      throw new ApiError(
        400,
        "IncompleteSignature",
        `The request signature does not conform to Aliyun standards: ${name} is missing.`,
      );
    }
  }
  for (const name of ["AccessKeyId", "Timestamp", "Version", "Action"]) {
    if (!params[name]) {
      throw new ApiError(
        400,
        "MissingParameter",
        `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
      );
    }
  }
  if (params.SignatureMethod !== "HMAC-SHA1" || params.SignatureVersion !== "1.0") {
    throw new ApiError(
      400,
      "IncompleteSignature",
      "Only SignatureMethod HMAC-SHA1 with SignatureVersion 1.0 is supported.",
    );
  }
  const credential = deps.credentials.get(params.AccessKeyId);
  if (!credential)
    throw new ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
  // The real gateway quotes the string to sign it computed, AccessKeyId and SecurityToken included
  // (percent-encoded twice): a real answer, NewFuture/DDNS issue #57. So does the emulator, so that what
  // the provider surfaces is tested against the real shape, credentials and all.
  if (!verifyRpcSignature(method, params, credential.accessKeySecret)) {
    throw new ApiError(
      400,
      "SignatureDoesNotMatch",
      `Specified signature is not matched with our calculation. server string to sign is:${rpcStringToSign(method, params)}`,
    );
  }
  const timestamp = parseRpcTimestamp(params.Timestamp);
  if (timestamp === undefined) {
    throw new ApiError(
      400,
      "InvalidTimeStamp.Format",
      "Specified time stamp or date value is not well formatted.",
    );
  }
  if (Math.abs(deps.now() - timestamp) > RPC_WINDOW_MS) {
    throw new ApiError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
  }
  // A token is only valid with the AccessKey it was issued with; one sent with long-term keys (a leftover
  // from another session) is refused too: the least forgiving reading, no vendor document says which code.
  if ((params.SecurityToken || undefined) !== credential.securityToken) {
    throw new ApiError(
      400,
      "InvalidSecurityToken.Mismatch",
      "Specified SecurityToken mismatch with the AccessKey.",
    );
  }
  if (!deps.nonces.remember(credential.accessKeyId, params.SignatureNonce)) {
    throw new ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
  }
  return credential;
}
