// HTTP glue for the Alibaba RPC APIs: CLB at /slb/, ENS at /ens/, ALB at /alb/, NLB at /nlb/, and /
// routed by the Version parameter.
import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticateRpc, RPC_COMMON_PARAMS } from "./alibabaAuth";
import { ApiError } from "./apiError";
import type { EmulatorContext } from "./context";
import { ENS_ACTIONS } from "./ensActions";
import { alibabaRequestId } from "./ids";
import type { CallContext, JobFault, Outcome } from "./pipeline";
import {
  ALIBABA_THROTTLE,
  ensQuotaCheck,
  serverGroupQuotaCheck,
  slbQuotaCheck,
  withinQuota,
} from "./rateQuotas";
import { numberedList, SERVER_GROUP_ACTIONS } from "./serverGroupActions";
import { SLB_ACTIONS } from "./slbActions";
import { SLB_VSERVER_ACTIONS } from "./slbVServerActions";

const VERSIONS = { slb: "2014-05-15", ens: "2017-11-10", alb: "2020-06-16", nlb: "2022-04-30" } as const;
type AlibabaCloud = keyof typeof VERSIONS;

const HOSTS: Record<AlibabaCloud, string> = {
  slb: "slb.aliyuncs.com",
  ens: "ens.aliyuncs.com",
  alb: "alb.aliyuncs.com",
  nlb: "nlb.aliyuncs.com",
};
const PRODUCTS: Record<AlibabaCloud, string> = { slb: "Slb", ens: "Ens", alb: "Alb", nlb: "Nlb" };

/** The numbered list parameters of the ALB and NLB requests, logged as the lists they stand for. */
const NUMBERED = ["Servers", "ServerIds", "ServerGroupIds", "LoadBalancerIds", "ListenerIds", "JobIds"];

/** Which API a path serves; undefined for "/" (decided by Version) and null for anything else. */
export function alibabaCloudForPath(pathname: string): AlibabaCloud | undefined | null {
  if (pathname === "/") return undefined;
  const trimmed = pathname.replace(/\/+$/, "").slice(1);
  return Object.hasOwn(VERSIONS, trimmed) ? (trimmed as AlibabaCloud) : null;
}

/** Query string and form body merged; pop-core sends everything in the body on POST. */
function collectParams(url: URL, req: IncomingMessage, body: Buffer): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of url.searchParams) params[key] = value;
  const contentType = String(req.headers["content-type"] ?? "");
  if (body.length > 0 && (contentType === "" || contentType.includes("application/x-www-form-urlencoded"))) {
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) params[key] = value;
  }
  return params;
}

/**
 * Business parameters for the call log, BackendServers decoded and numbered parameters gathered into lists
 * (`Servers.1.ServerId` into `Servers: [{ ServerId }]`), so tests can inspect the entries.
 */
function businessParams(params: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of NUMBERED) {
    try {
      const list = numberedList(params, name);
      if (list.length > 0) out[name] = list;
    } catch {
      // A malformed list is logged as it came; the action refuses it.
      for (const [key, value] of Object.entries(params)) if (key.startsWith(`${name}.`)) out[key] = value;
    }
  }
  for (const [key, value] of Object.entries(params)) {
    if (RPC_COMMON_PARAMS.has(key) || NUMBERED.some((name) => key.startsWith(`${name}.`))) continue;
    if (key === "BackendServers") {
      try {
        out[key] = JSON.parse(value);
      } catch {
        out[key] = value;
      }
    } else {
      out[key] = value;
    }
  }
  return out;
}

function errorOutcome(
  cloud: AlibabaCloud,
  requestId: string,
  status: number,
  code: string,
  message: string,
): Outcome {
  return {
    status,
    code,
    body: {
      RequestId: requestId,
      HostId: HOSTS[cloud],
      Code: code,
      Message: message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=${PRODUCTS[cloud]}&requestId=${requestId}`,
    },
    headers: { "x-acs-request-id": requestId },
  };
}

const fromApiError = (cloud: AlibabaCloud, requestId: string, e: ApiError): Outcome =>
  errorOutcome(cloud, requestId, e.status, e.code, e.message);

export async function handleAlibaba(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
  pathCloud: AlibabaCloud | undefined,
): Promise<void> {
  const startedAt = ctx.now();
  const method = (req.method ?? "GET").toUpperCase();
  const params = collectParams(url, req, body);
  const byVersion = (Object.keys(VERSIONS) as AlibabaCloud[]).find((c) => VERSIONS[c] === params.Version);
  const cloud: AlibabaCloud = pathCloud ?? byVersion ?? "slb";
  const call: CallContext = {
    seq: ctx.log.takeSeq(),
    startedAt,
    cloud,
    action: params.Action ?? "",
    requestId: alibabaRequestId(),
    ...(params.AccessKeyId ? { accessKeyId: params.AccessKeyId } : {}),
    params: businessParams(params),
  };
  const reject = (status: number, code: string, message: string) =>
    ctx.pipeline.answer(call, res, errorOutcome(cloud, call.requestId, status, code, message));

  if (method !== "GET" && method !== "POST")
    return reject(400, "UnsupportedHTTPMethod", `${method} is not supported.`);
  try {
    authenticateRpc(method, params, { credentials: ctx.state.credentials, nonces: ctx.nonces, now: ctx.now });
  } catch (e) {
    if (e instanceof ApiError) return ctx.pipeline.answer(call, res, fromApiError(cloud, call.requestId, e));
    throw e;
  }
  if (params.Version !== VERSIONS[cloud]) {
    return reject(
      400,
      "InvalidVersion",
      `Specified parameter Version ${params.Version} is not valid for ${cloud}.`,
    );
  }
  // Counted once the caller is known (the quota is the account's) and before the action runs.
  const quota =
    cloud === "ens"
      ? ensQuotaCheck(params.AccessKeyId)
      : cloud === "slb"
        ? slbQuotaCheck(params.AccessKeyId, params.RegionId ?? "", call.action)
        : serverGroupQuotaCheck(cloud, params.AccessKeyId, params.RegionId ?? "", call.action);
  if (!withinQuota(ctx, quota)) {
    return reject(ALIBABA_THROTTLE.status, ALIBABA_THROTTLE.code, ALIBABA_THROTTLE.message);
  }

  const execute = (jobFault: JobFault): Outcome => {
    try {
      const result = runAction(ctx, cloud, call.action, params, jobFault);
      return {
        status: 200,
        body: { RequestId: call.requestId, ...result },
        headers: { "x-acs-request-id": call.requestId },
      };
    } catch (e) {
      if (e instanceof ApiError) return fromApiError(cloud, call.requestId, e);
      throw e;
    }
  };
  await ctx.pipeline.run(call, req, res, execute, {
    throttle: () =>
      cloud === "slb" || cloud === "alb"
        ? errorOutcome(
            cloud,
            call.requestId,
            400,
            "Throttling",
            "Request was denied due to request throttling.",
          )
        : errorOutcome(
            cloud,
            call.requestId,
            400,
            "Throttling.User",
            "Request was denied due to user flow control.",
          ),
    serverError: () =>
      ctx.nextServerErrorIsUnavailable()
        ? errorOutcome(
            cloud,
            call.requestId,
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
          )
        : errorOutcome(
            cloud,
            call.requestId,
            500,
            "InternalError",
            "The request processing has failed due to some unknown error, exception or failure.",
          ),
  });
}

/** Runs one action of `cloud`: the response body without RequestId, or an ApiError. */
function runAction(
  ctx: EmulatorContext,
  cloud: AlibabaCloud,
  name: string,
  params: Record<string, string>,
  jobFault: JobFault,
): Record<string, unknown> {
  const notFound = () => new ApiError(404, "InvalidAction.NotFound", `Specified api ${name} is not found.`);
  if (cloud === "alb" || cloud === "nlb") {
    const action = SERVER_GROUP_ACTIONS[cloud].get(name);
    if (!action) throw notFound();
    const { state } = ctx;
    return action(
      {
        api: cloud,
        store: state.serverGroups,
        now: state.now(),
        strictServers: state.strictServers,
        accessKeyId: params.AccessKeyId ?? "",
        jobFault,
        healthBehaviour: (serverId) => state.healthBehaviour(cloud, serverId),
      },
      params,
    );
  }
  const action =
    cloud === "slb" ? (SLB_ACTIONS.get(name) ?? SLB_VSERVER_ACTIONS.get(name)) : ENS_ACTIONS.get(name);
  if (!action) throw notFound();
  return action(ctx.state, params);
}
