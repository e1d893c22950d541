// HTTP glue for Huawei ELB v3 members, /v3/{project_id}/elb/pools/{pool_id}/members[/batch-*], the
// pool itself (GET /v3/{project_id}/elb/pools/{pool_id}: its health monitor and connection draining), and
// the project's quotas (GET /v3/{project_id}/elb/quotas/details).
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "./apiError";
import type { EmulatorContext } from "./context";
import { type ElbAction, runElbAction } from "./elbActions";
import { authenticateHuawei, claimedAccessKey } from "./huaweiAuth";
import type { SignableRequest } from "./huaweiSignature";
import { huaweiRequestId } from "./ids";
import type { CallContext, Outcome } from "./pipeline";
import { elbQuotaCheck, huaweiThrottle, withinQuota } from "./rateQuotas";

const MEMBERS_PATH =
  /^\/v3\/([^/]+)\/elb\/pools\/([^/]+)(\/members(?:\/(batch-add|batch-delete|batch-update))?)?\/?$/;

const QUOTA_DETAILS_PATH = /^\/v3\/([^/]+)\/elb\/quotas\/details\/?$/;

interface ElbRoute {
  action: ElbAction;
  projectId: string;
  /** Absent for the project's quotas. */
  poolId?: string;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function matchElbRoute(method: string, pathname: string): ElbRoute | undefined {
  const quotas = pathname.match(QUOTA_DETAILS_PATH);
  if (quotas) return method === "GET" ? { action: "quota-details", projectId: decode(quotas[1]) } : undefined;
  const m = pathname.match(MEMBERS_PATH);
  if (!m) return undefined;
  const batch = m[4] as ElbAction | undefined;
  if (batch ? method !== "POST" : method !== "GET") return undefined;
  const action = batch ?? (m[3] ? "list" : "show-pool");
  return { action, projectId: decode(m[1]), poolId: decode(m[2]) };
}

function errorOutcome(requestId: string, status: number, code: string, message: string): Outcome {
  return {
    status,
    code,
    body: { error_msg: message, error_code: code, request_id: requestId },
    headers: { "X-Request-Id": requestId },
  };
}

function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new ApiError(400, "ELB.8902", "The request body is not valid JSON.");
  }
}

/** Path ids, query and the body's members for the call log; headers (and so the token) never appear. */
function businessParams(route: ElbRoute | undefined, url: URL, body: Buffer): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (route) {
    params.projectId = route.projectId;
    if (route.poolId !== undefined) params.poolId = route.poolId;
  }
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    params[key] = values.length === 1 ? values[0] : values;
  }
  try {
    const parsed = body.length > 0 ? JSON.parse(body.toString("utf8")) : undefined;
    if (parsed && typeof parsed === "object" && "members" in parsed) params.members = parsed.members;
  } catch {
    params.body = body.toString("utf8").slice(0, 1000);
  }
  return params;
}

export async function handleHuawei(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
): Promise<void> {
  const startedAt = ctx.now();
  const method = (req.method ?? "GET").toUpperCase();
  const route = matchElbRoute(method, url.pathname);
  const accessKeyId = claimedAccessKey(req.headers);
  const call: CallContext = {
    seq: ctx.log.takeSeq(),
    startedAt,
    cloud: "elb",
    action: route?.action ?? "unknown",
    requestId: huaweiRequestId(),
    ...(accessKeyId ? { accessKeyId } : {}),
    params: businessParams(route, url, body),
  };
  const reject = (status: number, code: string, message: string) =>
    ctx.pipeline.answer(call, res, errorOutcome(call.requestId, status, code, message));

  if (!route) {
    return reject(404, "APIGW.0101", "The API does not exist or has not been published in the environment.");
  }
  const rawPath = (req.url ?? "/").split("?")[0];
  const signable: SignableRequest = {
    method,
    path: rawPath,
    query: url.search.slice(1),
    headers: req.headers,
    body,
  };
  try {
    authenticateHuawei(signable, { credentials: ctx.state.credentials, lock: ctx.akLock, now: ctx.now });
  } catch (e) {
    if (e instanceof ApiError) return reject(e.status, e.code, e.message);
    throw e;
  }
  // AK/SK requests are scoped to the X-Project-Id project; a path naming another project is refused.
  if (req.headers["x-project-id"] !== route.projectId) {
    return reject(
      401,
      "APIGW.0301",
      "Incorrect IAM authentication information: X-Project-Id does not match the project in the path.",
    );
  }
  if (!withinQuota(ctx, elbQuotaCheck(accessKeyId ?? ""))) {
    const throttle = huaweiThrottle(ctx.quotas.elb);
    return reject(throttle.status, throttle.code, throttle.message);
  }

  const execute = (): Outcome => {
    try {
      const result = runElbAction(
        ctx.state,
        route.action,
        route,
        parseJsonBody(body),
        url.searchParams,
        ctx.now(),
      );
      return {
        status: result.status,
        body: { request_id: call.requestId, ...result.body },
        headers: { "X-Request-Id": call.requestId },
      };
    } catch (e) {
      if (e instanceof ApiError) return errorOutcome(call.requestId, e.status, e.code, e.message);
      throw e;
    }
  };
  await ctx.pipeline.run(call, req, res, execute, {
    throttle: () =>
      errorOutcome(call.requestId, 429, "APIGW.0308", "The throttling threshold has been reached."),
    serverError: () => errorOutcome(call.requestId, 500, "ELB.8906", "Internal server error."),
  });
}
