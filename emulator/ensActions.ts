// Alibaba ENS (2017-11-10) edge load balancer member actions over the emulator state, as the contract
// rows in contract/actions.ts describe them: each action reads only the entry fields its SDK model
// documents (aliyun/alibabacloud-typescript-sdk: ens-20171110/src/models/*BackendServers*.ts), so a
// field an action does not document is ignored, never applied. Error codes follow the ENS documents'
// patterns (Missing%s, Invalid%s, InvalidParameter.%s), all with HTTP 400.
import { ApiError } from "./apiError";
import {
  type AlibabaAction,
  type BackendServersRefusals,
  entryReader,
  integerWithin,
  isWellFormedServerId,
} from "./backendServerParams";
import { shapeOf } from "./contract/actions";
import { canonicalIp } from "./ipAddress";
import type { EmulatorState, EnsLoadBalancer } from "./state";
import type { EnsBackendServer } from "./types";

/** Undocumented: no vendor source names the code for adding an attached server (contract row: silent). */
export const ENS_ALREADY_ATTACHED_CODE = "InvalidParameter.BackendServerExists";
/** Undocumented: no vendor source names the code for setting a server that is not attached. */
export const ENS_NOT_ATTACHED_CODE = "InvalidParameter.BackendServerNotFound";

const TYPES = ["ens", "eni"] as const;
type EnsType = (typeof TYPES)[number];

interface EnsEntry {
  ServerId: string;
  Type: EnsType;
  Ip?: string;
  Port?: number;
  Weight?: number;
}

const fieldInvalid = (field: string, detail: string) =>
  new ApiError(400, `InvalidParameter.${field}`, `The specified field ${field} invalid. ${detail}`);

/**
 * Identity: an instance is attached once, whatever IP it reports; an ENI once per IP. IPs compare as
 * addresses (one spelling per IPv6 address). The port is an attribute, not part of the identity.
 */
export const ensMemberKey = (m: { ServerId: string; Type?: string; Ip?: string }): string => {
  const type = m.Type ?? "ens";
  return `${m.ServerId}|${type}|${type === "eni" && m.Ip ? canonicalIp(m.Ip) : ""}`;
};

/** Reads the fields `action` documents from one entry; any other field is ignored. */
function parseEntry(action: string, raw: Record<string, unknown>, index: number): EnsEntry {
  const documented = shapeOf("ens", action)!.entry!.fields;
  const at = `BackendServers[${index}]`;
  if (!isWellFormedServerId(raw.ServerId))
    throw fieldInvalid("ServerId", `${at}.ServerId is missing or malformed.`);
  const type = raw.Type ?? "ens";
  if (!TYPES.includes(type as EnsType)) throw fieldInvalid("Type", `${at}.Type must be ens or eni.`);
  const entry: EnsEntry = { ServerId: raw.ServerId, Type: type as EnsType };
  if (documented.includes("Ip") && raw.Ip !== undefined && raw.Ip !== "") {
    if (typeof raw.Ip !== "string") throw fieldInvalid("Ip", `${at}.Ip must be a string.`);
    entry.Ip = raw.Ip;
  }
  const weight = integerWithin(raw.Weight, 0, 100);
  if (weight === "invalid") throw fieldInvalid("Weight", `${at}.Weight must be an integer from 0 to 100.`);
  if (weight !== undefined) entry.Weight = weight;
  const port = documented.includes("Port") ? integerWithin(raw.Port, 0, 65535) : undefined;
  if (port === "invalid") throw fieldInvalid("Port", `${at}.Port must be an integer from 0 to 65535.`);
  if (port !== undefined) entry.Port = port;
  return entry;
}

function requireLoadBalancer(state: EmulatorState, params: Record<string, string>): EnsLoadBalancer {
  if (!params.LoadBalancerId) {
    throw new ApiError(400, "MissingLoadBalancerId", "You must specify the parameter LoadBalancerId.");
  }
  const lb = state.ensLoadBalancers.get(params.LoadBalancerId);
  if (!lb) {
    throw new ApiError(400, "LoadBalancerNotFound", "The input parameter LoadBalancerId that is not found.");
  }
  return lb;
}

const refuseBackendServers: BackendServersRefusals = {
  missing: () => new ApiError(400, "MissingBackendServers", "You must specify the parameter BackendServers."),
  invalid: (reason) =>
    new ApiError(400, "InvalidBackendServers", `The specified parameter BackendServers ${reason}.`),
  tooMany: (limit) => fieldInvalid("BackendServers", `At most ${limit} backend servers per request.`),
  // Silent (contract row): two entries naming one backend server are refused, the whole call. An entry
  // names what the action reads of it, so in SetBackendServers (no Ip) two IPs of one ENI are one server.
  duplicate: (index, first) =>
    fieldInvalid(
      "BackendServers",
      `BackendServers[${index}] names the same backend server as BackendServers[${first}].`,
    ),
};

const entriesOf = entryReader(refuseBackendServers, parseEntry, ensMemberKey);

/** Write answers carry Port as a number (AddBackendServersResponseBodyBackendServersBackendServer.ts). */
function writeShape(m: EnsBackendServer): Record<string, unknown> {
  const out: Record<string, unknown> = { ServerId: m.ServerId, Weight: m.Weight, Type: m.Type };
  if (m.Ip !== undefined) out.Ip = m.Ip;
  out.Port = m.Port ?? 0;
  return out;
}

function writeResponse(lb: EnsLoadBalancer): Record<string, unknown> {
  return { BackendServers: { BackendServer: lb.members.map(writeShape) } };
}

/**
 * A flat BackendServers[] with Port as a string (DescribeLoadBalancerAttributeResponseBody.ts). A load
 * balancer that does not exist is answered as the state says: by default a success without
 * LoadBalancerId and with no members, the answer Alibaba's Terraform provider reads as "not found"
 * (terraform-provider-alicloud: alicloud/service_alicloud_ens_v2.go), else the LoadBalancerNotFound error.
 */
function describe(state: EmulatorState, params: Record<string, string>): Record<string, unknown> {
  if (params.LoadBalancerId && !state.ensLoadBalancers.has(params.LoadBalancerId)) {
    if (state.ensGoneAnswer === "no-id") return { BackendServers: [], ListenerPorts: [] };
  }
  const lb = requireLoadBalancer(state, params);
  return {
    LoadBalancerId: lb.loadBalancerId,
    LoadBalancerStatus: lb.status,
    BackendServers: lb.members.map((m) => ({
      ServerId: m.ServerId,
      Ip: m.Ip ?? "",
      Port: String(m.Port ?? 0),
      Type: m.Type,
      Weight: m.Weight,
    })),
  };
}

function add(state: EmulatorState, params: Record<string, string>): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const entries = entriesOf("AddBackendServers", params);
  const attached = new Set(lb.members.map(ensMemberKey));
  for (const entry of entries) {
    const status = state.ensServerStatus(entry.ServerId);
    if (status === "unknown") {
      throw new ApiError(400, "InstanceNotFound", "The input parameter instanceId that is not found.");
    }
    if (status === "stopped") {
      throw new ApiError(
        400,
        "IncorrectInstanceStatus",
        "The current status of the resource does not support this operation.",
      );
    }
    if (attached.has(ensMemberKey(entry))) {
      throw new ApiError(
        400,
        ENS_ALREADY_ATTACHED_CODE,
        `The backend server ${entry.ServerId} already exists.`,
      );
    }
  }
  if (lb.members.length + entries.length > state.ensBackendServerQuota) {
    throw new ApiError(
      400,
      "QuotaExceed.BackendServer",
      "Backend servers quota exceeded in this loadbalancer.",
    );
  }
  for (const entry of entries) lb.members.push({ ...entry, Weight: entry.Weight ?? 100 });
  return writeResponse(lb);
}

/** The attachments one entry names: an Ip narrows an ENI to that IP; without it, every attachment. */
function named(lb: EnsLoadBalancer, entry: EnsEntry): EnsBackendServer[] {
  return lb.members.filter(
    (m) =>
      m.ServerId === entry.ServerId &&
      m.Type === entry.Type &&
      (entry.Ip === undefined || m.Type !== "eni" || canonicalIp(m.Ip ?? "") === canonicalIp(entry.Ip)),
  );
}

function remove(state: EmulatorState, params: Record<string, string>): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const gone = new Set(entriesOf("RemoveBackendServers", params).flatMap((e) => named(lb, e)));
  lb.members = lb.members.filter((m) => !gone.has(m));
  return writeResponse(lb);
}

/**
 * Weights only: Set documents no Ip and no Port, so an entry names a whole server and its weight goes
 * to every attachment of it (every IP of an ENI). The least forgiving reading of an API that cannot
 * name one IP (contract row: silent).
 */
function set(state: EmulatorState, params: Record<string, string>): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const entries = entriesOf("SetBackendServers", params);
  for (const entry of entries) {
    if (entry.Weight === undefined) {
      throw new ApiError(400, "MissingBackendServers.Weight", "You must specify the parameter Weight.");
    }
    if (named(lb, entry).length === 0) {
      throw new ApiError(400, ENS_NOT_ATTACHED_CODE, `The backend server ${entry.ServerId} is not attached.`);
    }
  }
  for (const entry of entries) for (const member of named(lb, entry)) member.Weight = entry.Weight!;
  return writeResponse(lb);
}

/** The actions ENS serves, by name. */
export const ENS_ACTIONS: ReadonlyMap<string, AlibabaAction> = new Map([
  ["DescribeLoadBalancerAttribute", describe],
  ["AddBackendServers", add],
  ["RemoveBackendServers", remove],
  ["SetBackendServers", set],
]);
