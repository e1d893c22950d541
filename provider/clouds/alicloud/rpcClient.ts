import RPCClient = require("@alicloud/pop-core");

import { CloudError, networkErrorCode } from "../../reconcile/cloudError";
import type { Pace } from "../../reconcile/pacing";
import type { AlicloudCredentials } from "./credentials";
import { classifyAlibabaError } from "./errors";
import { isAlibabaThrottle } from "./throttling";

export interface RpcClientOptions {
  endpoint: string;
  apiVersion: string;
  credentials: AlicloudCredentials;
  timeoutMs: number;
  /** Awaited before every request, retries included: the API's rate quota (see each API's quotas.ts). */
  pace: Pace;
}

type Params = Record<string, string>;

/**
 * A thin wrapper over `@alicloud/pop-core`'s RPCClient that fixes its pitfalls: it always POSTs (with GET
 * the signed URL, security token included, ends up in error messages), raises the 3 s default timeout,
 * and turns every failure into a `CloudError` built from the response body's fields only.
 */
export class AlicloudRpc {
  private readonly client: RPCClient;

  constructor(private readonly options: RpcClientOptions) {
    const { credentials } = options;
    this.client = new RPCClient({
      endpoint: options.endpoint,
      apiVersion: options.apiVersion,
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      ...(credentials.securityToken ? { securityToken: credentials.securityToken } : {}),
    });
  }

  /** Calls `action`; `target` names what it acts on in errors: `load balancer lb-abc`. */
  async call<T>(action: string, params: Params, target: string): Promise<T> {
    const done = await this.options.pace(action);
    try {
      const answer = await this.client.request<T>(action, params, {
        method: "POST",
        timeout: this.options.timeoutMs,
      });
      done(false);
      return answer;
    } catch (error) {
      const failure = toCloudError(action, target, error);
      done(isAlibabaThrottle(failure.info.code));
      throw failure;
    }
  }
}

function toCloudError(action: string, target: string, error: unknown): CloudError {
  const e = error as {
    code?: unknown;
    data?: Record<string, unknown>;
    entry?: { response?: { statusCode?: number } };
  };
  if (e?.data && typeof e.code === "string") {
    const message = String(e.data.Message ?? "");
    const httpStatus = e.entry?.response?.statusCode;
    return new CloudError({
      action,
      target,
      code: e.code,
      message,
      requestId: typeof e.data.RequestId === "string" ? e.data.RequestId : undefined,
      httpStatus,
      retry: classifyAlibabaError(e.code, message, httpStatus),
    });
  }
  const network = networkErrorCode(error);
  if (network) {
    // Whether the request reached the cloud is unknown: the caller re-reads before sending again.
    return new CloudError({
      action,
      target,
      code: network,
      message: "no answer from the API",
      retry: "uncertain",
    });
  }
  if (error instanceof SyntaxError) {
    // A gateway answered with something that is not the API's JSON (an HTML 502 page).
    return new CloudError({
      action,
      target,
      code: "InvalidResponse",
      message: "the answer was not JSON",
      retry: "transient",
    });
  }
  return new CloudError({
    action,
    target,
    code: "UnexpectedError",
    message: describe(error),
    retry: "permanent",
  });
}

/** A message for an unexpected failure that cannot leak a URL or a header: the first line, capped. */
function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text
    .split("\n")[0]
    .replace(/https?:\/\/\S+/g, "<url>")
    .slice(0, 200);
}
