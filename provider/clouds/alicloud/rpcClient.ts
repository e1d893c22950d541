import RPCClient = require("@alicloud/pop-core");

import { CloudError, networkErrorCode } from "../../reconcile/cloudError";
import { classifyNoAnswer, unknownHostHint } from "../../reconcile/errorClass";
import { redact } from "../../reconcile/redact";
import type { Retryability } from "../../reconcile/cloudError";
import type { Pace } from "../../reconcile/pacing";
import type { AlicloudCredentials } from "./credentials";
import { classifyAlibabaError } from "./errors";
import { isAlibabaThrottle } from "./throttling";

export interface RpcClientOptions {
  endpoint: string;
  apiVersion: string;
  credentials: AlicloudCredentials;
  timeoutMs: number;
  /** The setting that overrides the endpoint, named when its host does not resolve. */
  endpointSetting: string;
  /** Awaited before every request, retries included: the API's rate quota (see each API's quotas.ts). */
  pace: Pace;
  /** How the API's refusals are classified and which actions only read; default CLB's and ENS's. */
  errors?: AlibabaErrorRules;
}

/** One Alibaba RPC API's error table and its read actions (see errors.ts). */
export interface AlibabaErrorRules {
  classify(action: string, code: string, httpStatus: number): Retryability;
  isRead(action: string): boolean;
}

const CLB_AND_ENS: AlibabaErrorRules = {
  classify: classifyAlibabaError,
  isRead: (action) => action.startsWith("Describe"),
};

/**
 * Form parameters: text, or a list that pop-core flattens into numbered parameters (`Servers.1.ServerId`,
 * `JobIds.1`), as the ALB and NLB request models take them.
 */
type Params = Record<string, string | readonly string[] | readonly Readonly<Record<string, string>>[]>;

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
      const { credentials, endpointSetting } = this.options;
      const failure = toCloudError(
        action,
        target,
        error,
        endpointSetting,
        this.options.errors ?? CLB_AND_ENS,
        {
          AccessKeyId: credentials.accessKeyId,
          AccessKeySecret: credentials.accessKeySecret,
          SecurityToken: credentials.securityToken,
        },
      );
      done(isAlibabaThrottle(failure.info.code));
      throw failure;
    }
  }
}

/**
 * The gateway's message is kept, minus the caller's credentials: a SignatureDoesNotMatch answer quotes
 * the server's string to sign, AccessKeyId and SecurityToken included.
 */
function toCloudError(
  action: string,
  target: string,
  error: unknown,
  endpointSetting: string,
  errors: AlibabaErrorRules,
  credentials: Record<string, string | undefined>,
): CloudError {
  const e = error as {
    code?: unknown;
    data?: Record<string, unknown>;
    entry?: { response?: { statusCode?: number } };
  };
  if (e?.data && typeof e.code === "string") {
    const httpStatus = e.entry?.response?.statusCode;
    return new CloudError({
      action,
      target,
      code: e.code,
      message: redact(String(e.data.Message ?? ""), credentials),
      requestId: typeof e.data.RequestId === "string" ? e.data.RequestId : undefined,
      httpStatus,
      retry: errors.classify(action, e.code, httpStatus ?? 0),
    });
  }
  const network = networkErrorCode(error);
  if (network) {
    return new CloudError({
      action,
      target,
      code: network,
      message: `no answer from the API${network === "ENOTFOUND" ? unknownHostHint(endpointSetting) : ""}`,
      retry: classifyNoAnswer(network, !errors.isRead(action)),
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
    message: redact(describe(error), credentials),
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
