// Authentication of Huawei AK/SK requests as API Gateway does it: AccessKey lock, X-Sdk-Date window,
// signature and STS token, with consecutive failures counted towards the lock.
import type { AccessKeyLock } from "./accessKeyLock";
import { ApiError } from "./apiError";
import { parseAuthorization, type SignableRequest, verifyHuaweiSignature } from "./huaweiSignature";
import type { EmulatorCredential } from "./types";

export const SDK_DATE_WINDOW_MS = 15 * 60 * 1000;
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MS = 5 * 60 * 1000;

export interface HuaweiAuthDeps {
  credentials: ReadonlyMap<string, EmulatorCredential>;
  lock: AccessKeyLock;
  now: () => number;
}

const refused = (detail: string) =>
  new ApiError(401, "APIGW.0301", `Incorrect IAM authentication information: ${detail}`);

/** `YYYYMMDDTHHmmssZ` to epoch ms, or undefined when malformed. */
export function parseSdkDate(value: string | undefined): number | undefined {
  const m = value?.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The AccessKey named by the Authorization header, for the call log, even when the request is refused. */
export const claimedAccessKey = (headers: SignableRequest["headers"]): string | undefined =>
  parseAuthorization(headerString(headers.authorization))?.accessKey;

function headerString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Returns the caller's credential, or throws the gateway's refusal. */
export function authenticateHuawei(request: SignableRequest, deps: HuaweiAuthDeps): EmulatorCredential {
  const authorization = parseAuthorization(headerString(request.headers.authorization));
  if (!authorization) throw refused("Authorization header is missing or malformed.");
  const ak = authorization.accessKey;
  if (deps.lock.isLocked(ak)) {
    throw refused("the access key is locked for 5 minutes after repeated signature failures.");
  }
  const credential = deps.credentials.get(ak);
  if (!credential) {
    deps.lock.recordFailure(ak);
    throw refused("access key not found.");
  }
  const sdkDate = parseSdkDate(headerString(request.headers["x-sdk-date"]));
  if (sdkDate === undefined || Math.abs(deps.now() - sdkDate) > SDK_DATE_WINDOW_MS) {
    throw new ApiError(
      401,
      "APIGW.0303",
      "Incorrect app authentication information: X-Sdk-Date is missing or expired.",
    );
  }
  if (!verifyHuaweiSignature(request, authorization, credential.accessKeySecret)) {
    deps.lock.recordFailure(ak);
    throw refused("verify aksk signature fail.");
  }
  if (
    credential.securityToken !== undefined &&
    headerString(request.headers["x-security-token"]) !== credential.securityToken
  ) {
    deps.lock.recordFailure(ak);
    throw refused("security token mismatch.");
  }
  deps.lock.recordSuccess(ak);
  return credential;
}
