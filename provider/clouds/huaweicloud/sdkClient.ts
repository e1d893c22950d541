/**
 * `@huaweicloud/huaweicloud-sdk-core`, set up so that it prints nothing, writes nothing and retries nothing.
 * Why each of these matters in a Pulumi provider:
 *
 * - Core configures log4js at import, with stdout as its appender, and logs every failed request with its
 *   headers, the `Authorization` header (AccessKey included) among them. The plugin's stdout reaches the
 *   user's terminal and CI logs. `HcClient` builds its own logger on core's log4js, which starts printing
 *   when `DEBUG=DEBUG` is set: core's log4js logger is switched off.
 * - `ClientBuilder` writes `~/.huaweicloud/application_id` and requires `uuid`, which core does not declare:
 *   the client is assembled from `HcClient` and an HTTP client instead.
 * - Always a project id, never a region: with a region and no project id, core asks IAM for the project.
 * - The HTTP client is Node's own (httpClient.ts), not core's `DefaultHttpClient` (axios): the latter
 *   costs about 0.6 ms of the event loop per call, builds a debug line of every request body and answer
 *   for a logger that drops it, follows redirects, and fails over to a second endpoint and resends there.
 *   `HcClient` still builds and signs every request. The operator's HTTP timeout is set on every request.
 *   Retries belong to the reconcile executor, which classifies each failure first.
 * - Every HTTP answer resolves instead of throwing, with its body parsed into an object and its
 *   `X-Request-Id` copied in, so errors are built from status, body and request id alone.
 * - Every string of an answer's body, and the text of a failure without one, has the credentials taken
 *   out before it leaves here: a gateway may quote the request it refused. The body is scrubbed as it is
 *   parsed, from one scan of its text (`redactParsed`).
 */
import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core";
import { HcClient, type HttpRequestOptions } from "@huaweicloud/huaweicloud-sdk-core/HcClient";
import { Logger4jInstance } from "@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger";
import { networkErrorCode } from "../../reconcile/cloudError";
import { redact, redactParsed, warmScrubbing } from "../../reconcile/redact";
import type { HuaweiCredentials } from "./credentials";
import { ANSWER_TEXT, NodeHttpClient } from "./httpClient";

Logger4jInstance.level = "off";

export interface HuaweiRequest {
  method: "GET" | "POST";
  /** Relative to the endpoint; `{project_id}` is filled in from the credentials. */
  path: string;
  query?: Record<string, string | number>;
  body?: Record<string, unknown>;
  /** `status`: the body of a success is not used, so not parsed (the answer's `body` is then empty). */
  answer?: "status";
}

/** Any HTTP answer, success or not. */
export interface HuaweiAnswer {
  status: number;
  body: Record<string, unknown>;
  /** From `X-Request-Id`, else the body's `request_id`. */
  requestId?: string;
}

/** A request that got no HTTP answer. `code` is a network code such as ETIMEDOUT, or UnexpectedError. */
export class NoAnswer extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "NoAnswer";
  }
}

export interface HuaweiTransport {
  send(request: HuaweiRequest): Promise<HuaweiAnswer>;
}

export interface TransportOptions {
  endpoint: string;
  projectId: string;
  credentials: HuaweiCredentials;
  timeoutMs: number;
}

const REQUEST_ID_HEADER = "X-Request-Id";

export function huaweiTransport(options: TransportOptions): HuaweiTransport {
  const { credentials } = options;
  let auth = new BasicCredentials()
    .withAk(credentials.accessKey)
    .withSk(credentials.secretKey)
    .withProjectId(options.projectId);
  if (credentials.securityToken) auth = auth.withSecurityToken(credentials.securityToken);
  const secrets = {
    AccessKey: credentials.accessKey,
    SecretKey: credentials.secretKey,
    SecurityToken: credentials.securityToken,
  };
  const http = new NodeHttpClient(options.endpoint, options.timeoutMs);
  const endpoints = [options.endpoint];
  const client = new HcClient(http).withEndpoints(endpoints).withCredential(auth);
  let warm = false;

  return {
    async send(request) {
      // The scrubbing of answers made ready while the first request is out, not when its answer is in.
      if (!warm) {
        warm = true;
        setImmediate(() => warmScrubbing(secrets));
      }
      // `responseHeaders` is how core's generated clients surface a response header: copied into the body.
      const sdkRequest: HttpRequestOptions & { responseHeaders: string[] } = {
        method: request.method,
        url: request.path,
        contentType: "application/json",
        pathParams: {},
        queryParams: request.query ?? {},
        headers: {},
        ...(request.body !== undefined ? { data: request.body } : {}),
        responseHeaders: [REQUEST_ID_HEADER],
      };
      let answer: Record<string, unknown>;
      try {
        answer = await client.sendRequest(sdkRequest);
      } catch (error) {
        const failure = noAnswer(error);
        throw new NoAnswer(failure.code, redact(failure.message, secrets));
      }
      const status = Number(answer.httpStatusCode);
      // Parsed, then scrubbed from one scan of the text: what leaves here holds no credential. A success
      // whose body is not used is not parsed at all.
      const unused = request.answer === "status" && status >= 200 && status < 300;
      const parsed = unused
        ? {}
        : scrubbedBody((answer as { [ANSWER_TEXT]?: unknown })[ANSWER_TEXT], secrets);
      // The body's own `X-Request-Id` field, else the header's (as core's DefaultHttpClient does).
      const { [REQUEST_ID_HEADER]: field, ...body } = parsed;
      const header = field || answer[REQUEST_ID_HEADER] || field;
      const requestId = typeof header === "string" && header ? header : body.request_id;
      return {
        status,
        body,
        ...(typeof requestId === "string" && requestId ? { requestId } : {}),
      };
    },
  };
}

/**
 * Always an object, whatever came back (an HTML error page from a gateway, an empty body), every string of
 * it with the credentials taken out.
 */
function scrubbedBody(data: unknown, secrets: Record<string, string | undefined>): Record<string, unknown> {
  if (typeof data !== "string" || data === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return {};
  }
  return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
    ? redactParsed(data, parsed as Record<string, unknown>, secrets)
    : {};
}

/**
 * Core reports a failure without an answer as an exception whose message is axios's ("timeout of 300ms
 * exceeded", "connect ECONNREFUSED 127.0.0.1:9"); only the network code is kept from it.
 */
function noAnswer(error: unknown): NoAnswer {
  const message = String((error as { errorMsg?: unknown; message?: unknown })?.errorMsg ?? "");
  const code = networkErrorCode({ code: message.match(/\bE[A-Z_]{3,}\b/)?.[0], message });
  if (code) return new NoAnswer(code, "no answer from the API");
  const text = error instanceof Error ? `${error.name}: ${message || error.message}` : String(error);
  // First line only, URLs elided, capped: nothing of a request's headers or address can come along.
  return new NoAnswer(
    "UnexpectedError",
    text
      .split("\n")[0]
      .replace(/https?:\/\/\S+/g, "<url>")
      .slice(0, 200),
  );
}
