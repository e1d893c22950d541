/**
 * The emulator in a process of its own, so that its work (signature checks, contract rules, JSON, its call
 * log) runs on its own core and is not counted as the provider's: a real cloud does that work on its own
 * machines. The parent drives it over IPC; the child runs this file.
 *
 * The child also times its own side of every request, from the arrival of its headers to the end of its
 * answer (Node's `http.server.request.start` and `http.server.response.finish` diagnostics channels): what
 * exceeds the injected latency (its handling, its timers firing late) is the emulator's, and the bench takes
 * it out of the provider's wall time, as if every call took exactly the latency, which is what the bound
 * assumes.
 *
 * Beside the emulator the child serves the floor (floor.ts): a server that answers any request, after the
 * latency the request names, with as many bytes as it asks for, doing nothing else. Its answers are timed
 * the same way.
 */
import { type ChildProcess, fork } from "node:child_process";
import { subscribe } from "node:diagnostics_channel";
import { createServer } from "node:http";
import { startEmulator } from "../emulator";
import type { CallRecord, Cloud, EmulatorSeed, FaultRule } from "../emulator";
import { BENCH_KINDS } from "./kinds";

/** What the emulator spent since the call log was last cleared. */
export interface EmulatorShare {
  calls: CallRecord[];
  /** The child's CPU time (user + system). */
  cpuMs: number;
  /** Time the answers took beyond the latency: the union of [arrival + latency, answer sent] over requests. */
  beyondLatencyMs: number;
}

/** The requests the parent sends; each answers with the method's result. */
interface Methods {
  seed(seed: EmulatorSeed): void;
  inject(rule: FaultRule): void;
  /** A target's members as stored (the bench kind's `get`), and putting them back (its `set`). */
  members(kind: string, target: string): unknown[];
  setMembers(kind: string, target: string, members: unknown[]): void;
  clearCalls(): void;
  share(cloud: Cloud, latencyMs: number): EmulatorShare;
}
type Request = { id: number; method: keyof Methods; args: unknown[] };
type Answer = { id: number; result?: unknown; error?: string };
type Ready = { ready: { url: string; endpoints: Record<Cloud, string>; floor: string } };

export async function startEmulatorProcess() {
  const child: ChildProcess = fork(__filename, [], {
    execArgv: ["--import", "tsx"],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let [next, exited] = [0, undefined as Error | undefined];
  const ready = new Promise<Ready["ready"]>((resolve, reject) => {
    child.on("message", (message: Answer | Ready) => {
      if ("ready" in message) return resolve(message.ready);
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiting?.reject(new Error(`emulator process: ${message.error}`));
      else waiting?.resolve(message.result);
    });
    child.once("exit", (code) => {
      exited = new Error(`emulator process exited (${code})`);
      for (const waiting of pending.values()) waiting.reject(exited);
      reject(exited);
    });
  });
  const call =
    <M extends keyof Methods>(method: M) =>
    (...args: Parameters<Methods[M]>): Promise<ReturnType<Methods[M]>> => {
      if (exited) return Promise.reject(exited);
      const id = ++next;
      const answer = new Promise<ReturnType<Methods[M]>>((resolve, reject) =>
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject }),
      );
      child.send({ id, method, args } satisfies Request);
      return answer;
    };
  const { url, endpoints, floor } = await ready;
  return {
    ...{ url, endpoints, floor },
    seed: call("seed"),
    inject: call("inject"),
    members: call("members"),
    setMembers: call("setMembers"),
    clearCalls: call("clearCalls"),
    share: call("share"),
    close: async () => {
      if (exited) return;
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await gone;
    },
  };
}

/** Length of the union of intervals. */
function unionMs(intervals: [number, number][]): number {
  let [total, end] = [0, -Infinity];
  for (const [from, to] of intervals.sort((a, b) => a[0] - b[0])) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

async function serve(): Promise<void> {
  const emulator = await startEmulator();
  const kind = (name: string) => BENCH_KINDS.find((k) => k.name === name)!;
  const arrivals = new WeakMap<object, number>();
  let answered: [number, number][] = [];
  subscribe("http.server.request.start", (m) =>
    arrivals.set((m as { request: object }).request, performance.now()),
  );
  subscribe("http.server.response.finish", (m) => {
    const arrived = arrivals.get((m as { request: object }).request);
    if (arrived !== undefined) answered.push([arrived, performance.now()]);
  });
  let cpu = process.cpuUsage();
  const methods: Methods = {
    seed: (seed) => emulator.seed(seed),
    inject: (rule) => emulator.inject(rule),
    members: (name, target) => kind(name).get(emulator, target),
    setMembers: (name, target, members) => kind(name).set(emulator, target, members),
    clearCalls: () => {
      emulator.clearCalls();
      [answered, cpu] = [[], process.cpuUsage()];
    },
    share: (cloud, latencyMs) => {
      const used = process.cpuUsage(cpu);
      const beyond = answered.flatMap(([a, f]): [number, number][] =>
        f > a + latencyMs ? [[a + latencyMs, f]] : [],
      );
      return {
        calls: emulator.calls({ cloud }),
        cpuMs: (used.user + used.system) / 1000,
        beyondLatencyMs: unionMs(beyond),
      };
    },
  };
  process.on("message", ({ id, method, args }: Request) => {
    try {
      const result = (methods[method] as (...a: unknown[]) => unknown)(...args);
      process.send!({ id, result } satisfies Answer);
    } catch (error) {
      process.send!({ id, error: String(error) } satisfies Answer);
    }
  });
  process.once("disconnect", () => void emulator.close().then(() => process.exit(0)));
  process.once("SIGTERM", () => void emulator.close().then(() => process.exit(0)));
  const floor = await serveFloor();
  process.send!({ ready: { url: emulator.url, endpoints: emulator.endpoints, floor } } satisfies Ready);
}

/**
 * The floor's server: reads the request, waits the `x-latency-ms` it names, answers `x-answer-bytes` bytes
 * with the status it names (`x-answer-status`). Its URL.
 */
function serveFloor(): Promise<string> {
  // JSON-like text, cut to the length asked for: up to 4.6 MB, more than a 5,000-member Huawei answer.
  const member = '{"address":"10.0.0.1","protocol_port":80,"weight":100},';
  const FILLER = Buffer.from(`{"members":[${member.repeat(80_000)}]}`);
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const bytes = Math.min(Number(req.headers["x-answer-bytes"] ?? 0), FILLER.length);
      setTimeout(
        () => {
          res.writeHead(Number(req.headers["x-answer-status"] ?? 200), {
            "content-type": "application/json",
            "content-length": bytes,
          });
          res.end(FILLER.subarray(0, bytes));
        },
        Number(req.headers["x-latency-ms"] ?? 0),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      server.unref();
      resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
    }),
  );
}

if (require.main === module) void serve();
