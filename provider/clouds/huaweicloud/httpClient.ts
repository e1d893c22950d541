/**
 * The HTTP client `HcClient` sends through: Node's own, in place of core's `DefaultHttpClient`.
 *
 * Why not core's: `DefaultHttpClient` is axios (with follow-redirects) and two interceptors, and every call
 * through it went through axios's config merging, header normalization and adapter: about 0.6 ms of the
 * event loop per call (docs/performance.md), between one call's answer and the next call, whatever the
 * members. `HcClient` still builds and signs every request (huaweicloud-sdk-core HcClient.buildRequest,
 * AKSKSigner); this sends what it built, as `DefaultHttpClient` would (http/DefaultHttpClient.js): the
 * endpoint joined with the path less a trailing slash, the query as `querystring.stringify`, the signed
 * headers with its User-Agent and `Accept: application/json`, the body as `JSON.stringify`, the text the
 * signature hashed. It hands back `{ data, statusCode, headers }` as `DefaultHttpClient` does, for any
 * status (an answer is never an exception here), but with the body's text in `data` (under `ANSWER_TEXT`,
 * the response headers the request names beside it), not yet parsed: the transport parses (and scrubs)
 * what it keeps, and nothing of a success whose body is not used. No redirect is followed (a signed request has no business
 * elsewhere), there is one endpoint (no failover), nothing is logged, and the timeout runs from the start
 * of the request to the end of its answer.
 */
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { stringify } from "node:querystring";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import type { DefaultHttpResponse } from "@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpResponse";
import type { HttpClient } from "@huaweicloud/huaweicloud-sdk-core/http/HttpClient";
import type { IHttpRequest } from "@huaweicloud/huaweicloud-sdk-core/http/IHttpRequest";
import type { SdkResponse } from "@huaweicloud/huaweicloud-sdk-core/SdkResponse";

/** `DefaultHttpClient`'s User-Agent (http/DefaultHttpClient.js addUserAgentHeader). */
const USER_AGENT = "huaweicloud-usdk-nodejs/3.0";

/**
 * A request that got no answer, as `HcClient` passes it on: its message names the network code, when
 * there is one (without one, nothing says the request may be sent again: sdkClient.ts reports it as is).
 */
function failure(code: string | undefined, message: string): Error {
  return code === undefined ? new Error(message) : Object.assign(new Error(`${code}: ${message}`), { code });
}

/** The body's text, decoded if the server compressed it although nothing asked it to. */
function bodyText(response: IncomingMessage, chunks: Buffer[]): string {
  const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  const encoding = String(response.headers["content-encoding"] ?? "").toLowerCase();
  const decoded =
    encoding === "gzip" || encoding === "x-gzip"
      ? gunzipSync(raw)
      : encoding === "deflate"
        ? inflateSync(raw)
        : encoding === "br"
          ? brotliDecompressSync(raw)
          : raw;
  return decoded.toString("utf8");
}

/** Where an answer's data holds the text of its body. */
export const ANSWER_TEXT = Symbol("answer text");

export class NodeHttpClient implements HttpClient {
  constructor(
    private readonly endpoint: string,
    private readonly timeoutMs: number,
  ) {}

  sendRequest<T extends SdkResponse>(request: IHttpRequest): Promise<DefaultHttpResponse<T>> {
    const path = String(request.url ?? "").replace(/\/$/, "");
    const query = request.queryParams ? stringify(request.queryParams as Record<string, string>) : "";
    const url = new URL(
      `${this.endpoint.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}${query ? `?${query}` : ""}`,
    );
    const body = request.data === undefined ? undefined : JSON.stringify(request.data);
    const headers: OutgoingHttpHeaders = {
      Accept: "application/json",
      ...(request.headers as Record<string, string>),
      "User-Agent": USER_AGENT,
      ...(body === undefined ? {} : { "Content-Length": Buffer.byteLength(body) }),
    };
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { method: request.method ?? "GET", headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", (error: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          reject(failure(error.code ?? "ECONNRESET", error.message)); // the answer broke off midway
        });
        response.on("end", () => {
          clearTimeout(timer);
          const data: Record<string | symbol, unknown> = {};
          try {
            data[ANSWER_TEXT] = bodyText(response, chunks);
          } catch (error) {
            reject(failure(undefined, `the answer could not be decoded (${(error as Error).message})`));
            return;
          }
          for (const name of (request.responseHeaders ?? []) as string[]) {
            const value = response.headers[name.toLowerCase()];
            if (value) data[name] = value;
          }
          resolve({ data: data as T, statusCode: response.statusCode ?? 0, headers: response.headers });
        });
      });
      const timer = setTimeout(
        () => req.destroy(failure("ETIMEDOUT", `no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      req.on("error", (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(error.message.startsWith("ETIMEDOUT: ") ? error : failure(error.code, error.message));
      });
      req.end(body);
    });
  }
}
