// The /_admin/ HTTP endpoints of a running emulator, for processes (the demo, benchmarks) that cannot call
// its methods in-process. Each maps onto one Emulator method.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Emulator } from "./emulator";
import { sendJson } from "./httpIo";
import type { HealthCloud } from "./state";
import type { Cloud, EmulatorSeed, FaultRule, HealthBehaviour } from "./types";

interface HealthSetting {
  cloud: HealthCloud;
  server: string;
  behaviour: HealthBehaviour;
}

type AdminApi = Pick<
  Emulator,
  "seed" | "reset" | "inject" | "clearFaults" | "calls" | "clearCalls" | "setHealth"
> & {
  snapshot(): Record<string, unknown>;
};

function parseJson(body: Buffer): unknown {
  return body.length === 0 ? undefined : JSON.parse(body.toString("utf8"));
}

function respond(api: AdminApi, route: string, url: URL, body: Buffer): { status: number; body: unknown } {
  switch (route) {
    case "POST /_admin/seed":
      api.seed((parseJson(body) ?? {}) as EmulatorSeed);
      return { status: 200, body: { ok: true } };
    case "POST /_admin/reset":
      api.reset();
      return { status: 200, body: { ok: true } };
    case "POST /_admin/faults": {
      const parsed = parseJson(body);
      const rules = (Array.isArray(parsed) ? parsed : [parsed]) as FaultRule[];
      for (const rule of rules) api.inject(rule);
      return { status: 200, body: { ok: true, added: rules.length } };
    }
    case "POST /_admin/health": {
      // { cloud: "slb" | "elb" | "alb" | "nlb", server: "<ServerId or address>", behaviour: "passes" | "fails" }, or a list
      const parsed = parseJson(body);
      const settings = (Array.isArray(parsed) ? parsed : [parsed]) as HealthSetting[];
      for (const s of settings) api.setHealth(s.cloud, s.server, s.behaviour);
      return { status: 200, body: { ok: true, set: settings.length } };
    }
    case "DELETE /_admin/faults":
      api.clearFaults();
      return { status: 200, body: { ok: true } };
    case "GET /_admin/calls": {
      const cloud = (url.searchParams.get("cloud") ?? undefined) as Cloud | undefined;
      const action = url.searchParams.get("action") ?? undefined;
      return { status: 200, body: { calls: api.calls({ cloud, action }) } };
    }
    case "DELETE /_admin/calls":
      api.clearCalls();
      return { status: 200, body: { ok: true } };
    case "GET /_admin/state":
      return { status: 200, body: api.snapshot() };
    default:
      return { status: 404, body: { error: `no admin endpoint ${route}` } };
  }
}

export function handleAdmin(
  api: AdminApi,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
): void {
  const route = `${(req.method ?? "GET").toUpperCase()} ${url.pathname.replace(/\/+$/, "")}`;
  let answer: { status: number; body: unknown };
  try {
    answer = respond(api, route, url, body);
  } catch (e) {
    // A malformed seed or rule is the caller's mistake: say what it was.
    answer = { status: 400, body: { error: e instanceof Error ? e.message : String(e) } };
  }
  sendJson(res, answer.status, answer.body);
}
