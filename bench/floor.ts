/**
 * The floor: the least time a client takes on this machine for the same HTTP exchanges as a measured run,
 * doing nothing but the exchanges. Each request a run made (its method, the bytes of its body, the bytes
 * and status of its answer) is sent again, in the same order, one after the other, through Node's own HTTP
 * client with a kept-alive connection, to a server beside the emulator in its process
 * (emulatorProcess.ts) that answers each after the same latency with as many bytes: no SDK, no signature,
 * no JSON, no plan, bodies built before the clock starts, answers read and dropped. It is timed as the
 * provider is, the server's own time beyond the latency taken out (world.ts).
 *
 * What the floor takes beyond the bound is what any Node client pays on this machine for these exchanges
 * (its HTTP client, the kernel's loopback, two processes waking up): not the provider's code. It is
 * reported beside the provider's time, which it does not change.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { Agent, type ClientRequest, type IncomingMessage, request, type RequestOptions } from "node:http";

/** One HTTP exchange of a run, by its sizes. */
export interface Exchange {
  method: string;
  requestBytes: number;
  answerBytes: number;
  status: number;
}

/**
 * Records the exchanges this process's HTTP clients make while `run` runs: from each request's
 * Content-Length and its answer's (both clouds' SDKs and the emulator always send one).
 */
export async function recordExchanges<T>(
  run: () => Promise<T>,
): Promise<{ result: T; exchanges: Exchange[] }> {
  const exchanges: Exchange[] = [];
  const byRequest = new Map<ClientRequest, Exchange>();
  const started = ({ request: req }: { request: ClientRequest }) => {
    const exchange = {
      method: req.method,
      requestBytes: Number(req.getHeader("content-length") ?? 0),
      answerBytes: 0,
      status: 0,
    };
    byRequest.set(req, exchange);
    exchanges.push(exchange);
  };
  const answered = ({ request: req, response }: { request: ClientRequest; response: IncomingMessage }) => {
    const exchange = byRequest.get(req);
    if (!exchange) return;
    exchange.status = response.statusCode ?? 0;
    exchange.answerBytes = Number(response.headers["content-length"] ?? 0);
  };
  const channels = [
    ["http.client.request.start", started],
    ["http.client.response.finish", answered],
  ] as const;
  for (const [name, listener] of channels) subscribe(name, listener as (message: unknown) => void);
  try {
    return { result: await run(), exchanges };
  } finally {
    for (const [name, listener] of channels) unsubscribe(name, listener as (message: unknown) => void);
  }
}

/** One request to the floor's server, built before the clock starts. */
interface FloorRequest {
  body: Buffer | undefined;
  options: RequestOptions;
}

/** A client of the floor's server: `send` sends the exchanges `prepare` built beforehand. */
export function floorClient(url: string, latencyMs: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(url);
  return {
    /** The requests of `exchanges`, built now: what `send` then sends. */
    prepare(exchanges: readonly Exchange[]): FloorRequest[] {
      return exchanges.map((e) => ({
        body: e.requestBytes > 0 ? Buffer.alloc(e.requestBytes, "x") : undefined,
        options: {
          agent,
          hostname,
          port,
          method: e.method,
          path: "/floor",
          headers: {
            "content-type": "application/json",
            "content-length": e.requestBytes,
            "x-latency-ms": latencyMs,
            "x-answer-bytes": e.answerBytes,
            "x-answer-status": e.status || 200,
          },
        },
      }));
    },
    /** Sends the prepared requests one after the other, each answer read to its end. */
    async send(prepared: readonly FloorRequest[]): Promise<void> {
      for (const { body, options } of prepared) {
        await new Promise<void>((resolve, reject) => {
          const req = request(options, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => {
              Buffer.concat(chunks);
              resolve();
            });
            res.on("error", reject);
          });
          req.on("error", reject);
          req.end(body);
        });
      }
    },
    close: () => agent.destroy(),
  };
}
