// Alibaba CLB (2014-05-15) default-server-group actions over the emulator state, as the contract rows in
// contract/actions.ts describe them: each action reads only the entry fields its SDK request model
// documents (aliyun/alibabacloud-typescript-sdk: slb-20140515/src/models/*BackendServersRequest.ts), so
// a field an action does not document is ignored. Each write validates the whole request before
// changing anything, so a refused call leaves the load balancer untouched.
import { ApiError } from "./apiError";
import {
  type AlibabaAction,
  type BackendServersRefusals,
  entryReader,
  integerWithin,
  isWellFormedServerId,
} from "./backendServerParams";
import { describeHealthStatus, describeListener, listenerSummary, type SlbRead } from "./slbHealthActions";
import { shapeOf } from "./contract/actions";
import { canonicalIp } from "./ipAddress";
import type { EmulatorState, SlbLoadBalancer } from "./state";
import type { SlbBackendServer } from "./types";

/** No document names the code for adding an attached server; kept in one place so it is easy to change. */
export const SLB_ALREADY_ATTACHED_CODE = "BackendServer.AlreadyExist";

const TYPES = ["ecs", "eni", "eci"] as const;
type SlbType = (typeof TYPES)[number];

export interface SlbEntry {
  ServerId: string;
  Type: SlbType;
  ServerIp?: string;
  Weight?: number;
  Port?: number;
  Description?: string;
}

const invalid = (message: string) => new ApiError(400, "InvalidParameter", message);
const missing = (name: string) =>
  new ApiError(
    400,
    "MissingParameter",
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );

/** ServerIp only distinguishes ENI/ECI members (one ENI may be attached once per IP), compared as an address. */
export const slbMemberKey = (m: { ServerId: string; Type?: string; ServerIp?: string }): string => {
  const type = m.Type ?? "ecs";
  return `${m.ServerId}|${type}|${type === "ecs" ? "" : canonicalIp(m.ServerIp ?? "")}`;
};

/** ServerIp only distinguishes ENI/ECI members; a VServer group member is also its port. */
export const vServerMemberKey = (m: {
  ServerId: string;
  Type?: string;
  ServerIp?: string;
  Port: number;
}): string => `${slbMemberKey(m)}|${m.Port}`;

/** Reads the fields `action` documents from one entry; any other field is ignored. */
function parseEntry(action: string, raw: Record<string, unknown>, index: number): SlbEntry {
  const documented = shapeOf("slb", action)!.entry!.fields;
  const at = `BackendServers[${index}]`;
  if (!isWellFormedServerId(raw.ServerId)) throw invalid(`${at}.ServerId is missing or malformed.`);
  const type = raw.Type ?? "ecs";
  if (!TYPES.includes(type as SlbType)) throw invalid(`${at}.Type must be one of ecs, eni, eci.`);
  const entry: SlbEntry = { ServerId: raw.ServerId, Type: type as SlbType };
  if (documented.includes("ServerIp") && raw.ServerIp !== undefined && raw.ServerIp !== "") {
    if (typeof raw.ServerIp !== "string") throw invalid(`${at}.ServerIp must be a string.`);
    entry.ServerIp = raw.ServerIp;
  }
  if (documented.includes("ServerIp") && entry.Type !== "ecs" && entry.ServerIp === undefined) {
    throw invalid(`${at}.ServerIp is required when Type is ${entry.Type}.`);
  }
  const weight = integerWithin(raw.Weight, 0, 100);
  if (weight === "invalid") throw invalid(`${at}.Weight must be an integer from 0 to 100.`);
  if (weight !== undefined) entry.Weight = weight;
  const port = documented.includes("Port") ? integerWithin(raw.Port, 1, 65535) : undefined;
  if (port === "invalid") throw invalid(`${at}.Port must be an integer from 1 to 65535.`);
  if (port !== undefined) entry.Port = port;
  if (documented.includes("Description") && raw.Description !== undefined) {
    if (typeof raw.Description !== "string" || !/^[A-Za-z0-9\-/._]{1,80}$/.test(raw.Description)) {
      throw invalid(
        `${at}.Description must be 1 to 80 letters, digits, hyphens, slashes, periods or underscores.`,
      );
    }
    entry.Description = raw.Description;
  }
  return entry;
}

function requireLoadBalancer(state: EmulatorState, params: Record<string, string>): SlbLoadBalancer {
  if (!params.RegionId) throw missing("RegionId");
  if (!params.LoadBalancerId) throw missing("LoadBalancerId");
  const lb = state.slbLoadBalancers.get(params.LoadBalancerId);
  if (!lb || lb.regionId !== params.RegionId) {
    throw new ApiError(404, "InvalidLoadBalancerId.NotFound", "The specified LoadBalancerId does not exist.");
  }
  return lb;
}

const refuseBackendServers: BackendServersRefusals = {
  missing: () => missing("BackendServers"),
  invalid: (reason) => invalid(`The specified parameter BackendServers ${reason}.`),
  tooMany: (limit) => invalid(`BackendServers can contain at most ${limit} backend servers per request.`),
};

const slbEntries = entryReader(refuseBackendServers, parseEntry, slbMemberKey);
const vServerEntries = entryReader(refuseBackendServers, parseEntry, (e) =>
  vServerMemberKey({ ...e, Port: e.Port ?? 0 }),
);

/**
 * The entries of an action's BackendServers: of entries naming one member the first counts (one member:
 * one server, or for a VServer group one server on one port).
 */
export function entriesOf(action: string, params: Record<string, string>, group: "default" | "vServer") {
  return group === "default" ? slbEntries(action, params) : vServerEntries(action, params);
}

/** Describe reports Weight as a number and never Port. */
function describeShape(m: SlbBackendServer): Record<string, unknown> {
  const out: Record<string, unknown> = { ServerId: m.ServerId, Weight: m.Weight, Type: m.Type };
  if (m.ServerIp !== undefined) out.ServerIp = m.ServerIp;
  if (m.Description !== undefined) out.Description = m.Description;
  return out;
}

/** The write actions' documented responses carry Weight as a string ("100"). */
function writeResponse(lb: SlbLoadBalancer): Record<string, unknown> {
  return {
    LoadBalancerId: lb.loadBalancerId,
    BackendServers: {
      BackendServer: lb.members.map((m) => ({ ...describeShape(m), Weight: String(m.Weight) })),
    },
  };
}

/**
 * A load balancer that does not exist is answered as the state says: by default the
 * InvalidLoadBalancerId.NotFound error, else a success without LoadBalancerId; Alibaba's Terraform
 * provider reads both as "not found" (terraform-provider-alicloud: alicloud/service_alicloud_slb.go).
 */
function describe(state: EmulatorState, params: Record<string, string>): Record<string, unknown> {
  const known = state.slbLoadBalancers.get(params.LoadBalancerId ?? "");
  if (params.RegionId && params.LoadBalancerId && known?.regionId !== params.RegionId) {
    if (state.slbGoneAnswer === "no-id") return { BackendServers: { BackendServer: [] } };
  }
  const lb = requireLoadBalancer(state, params);
  return {
    LoadBalancerId: lb.loadBalancerId,
    RegionId: lb.regionId,
    LoadBalancerStatus: "active",
    DeleteProtection: "off",
    BackendServers: { BackendServer: lb.members.map(describeShape) },
    ...listenerSummary(lb),
  };
}

function add(state: EmulatorState, params: Record<string, string>): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const entries = entriesOf("AddBackendServers", params, "default");
  const attached = new Set(lb.members.map(slbMemberKey));
  for (const entry of entries) {
    const status = state.slbServerStatus(entry.ServerId);
    if (status !== "running") {
      // The real answer for a server that does not exist or is not running (alibaba/terraform-provider#730).
      throw new ApiError(
        400,
        "ObtainIpFail",
        "The specified BackendServers is invalid; some of the specified backend servers do not exist or are not running.",
      );
    }
    if (attached.has(slbMemberKey(entry))) {
      throw new ApiError(
        400,
        SLB_ALREADY_ATTACHED_CODE,
        `The backend server ${entry.ServerId} is already attached.`,
      );
    }
  }
  for (const entry of entries) {
    lb.members.push({ ...entry, Weight: entry.Weight ?? 100 });
    lb.attachedAt.set(slbMemberKey(entry), state.now());
  }
  return writeResponse(lb);
}

/**
 * RemoveBackendServers documents ServerId, Type and Weight, no ServerIp: an entry names a whole server,
 * and every attachment of it goes, every IP of a multi-IP ENI or ECI. The least forgiving reading of
 * an API that cannot name one IP (contract row: silent).
 */
function remove(state: EmulatorState, params: Record<string, string>): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const gone = new Set(
    entriesOf("RemoveBackendServers", params, "default").map((e) => `${e.ServerId}|${e.Type}`),
  );
  for (const m of lb.members) if (gone.has(`${m.ServerId}|${m.Type}`)) lb.attachedAt.delete(slbMemberKey(m));
  lb.members = lb.members.filter((m) => !gone.has(`${m.ServerId}|${m.Type}`));
  return writeResponse(lb);
}

function set(state: EmulatorState, params: Record<string, string>): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const entries = entriesOf("SetBackendServers", params, "default");
  const byKey = new Map(lb.members.map((m) => [slbMemberKey(m), m]));
  for (const entry of entries) {
    if (!byKey.has(slbMemberKey(entry))) {
      throw invalid(`The backend server ${entry.ServerId} is not attached to ${lb.loadBalancerId}.`);
    }
  }
  for (const entry of entries) {
    const member = byKey.get(slbMemberKey(entry))!;
    if (entry.Weight !== undefined) member.Weight = entry.Weight;
    if (entry.Description !== undefined) member.Description = entry.Description;
    if (entry.Port !== undefined) member.Port = entry.Port;
  }
  return writeResponse(lb);
}

/** The actions CLB serves, by name. */
export const SLB_ACTIONS: ReadonlyMap<string, AlibabaAction> = new Map([
  ["DescribeLoadBalancerAttribute", describe],
  ["AddBackendServers", add],
  ["RemoveBackendServers", remove],
  ["SetBackendServers", set],
  ...readsOfLoadBalancer([
    ["DescribeHealthStatus", describeHealthStatus({ default: slbMemberKey, vServer: vServerMemberKey })],
    ["DescribeLoadBalancerTCPListenerAttribute", describeListener("tcp")],
    ["DescribeLoadBalancerUDPListenerAttribute", describeListener("udp")],
    ["DescribeLoadBalancerHTTPListenerAttribute", describeListener("http")],
    ["DescribeLoadBalancerHTTPSListenerAttribute", describeListener("https")],
  ]),
]);

/** Read actions that act on one load balancer found by RegionId and LoadBalancerId. */
function readsOfLoadBalancer(reads: [string, SlbRead][]): [string, AlibabaAction][] {
  return reads.map(([action, read]) => [
    action,
    (state, params) => read(state, requireLoadBalancer(state, params), params),
  ]);
}
