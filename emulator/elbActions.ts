// Huawei ELB v3 member actions over the emulator state: batch-add, batch-delete, batch-update and list.
// Writes validate the whole request first, so a refused call changes nothing.
import { ApiError } from "./apiError";
import { buildElbMember, elbMemberKey } from "./elbMember";
import { elbMemberHealth } from "./health";
import { isIpv4, isIpv6, isPrivateIpv4 } from "./ipAddress";
import type { ElbPool, EmulatorState } from "./state";
import type { ElbMember } from "./types";

export type ElbAction =
  "batch-add" | "batch-delete" | "batch-update" | "list" | "show-pool" | "quota-details";

export const ELB_MAX_BATCH = 200;
const MAX_LIMIT = 2000;

export interface ElbResult {
  status: number;
  body: Record<string, unknown>;
}

const badInput = (message: string) => new ApiError(400, "ELB.8902", message);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const utcSeconds = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

function requirePool(state: EmulatorState, projectId: string, poolId: string): ElbPool {
  const pool = state.elbPools.get(poolId);
  if (!pool || pool.projectId !== projectId)
    throw new ApiError(404, "ELB.8904", `pool ${poolId} could not be found.`);
  return pool;
}

/** The member as the API shows it now: its health computed on the emulator's clock. */
function shown(state: EmulatorState, pool: ElbPool, member: ElbMember, now: number): Record<string, unknown> {
  const health = elbMemberHealth(
    pool.healthMonitor,
    pool.listenerIds,
    member.operating_status,
    state.healthBehaviour("elb", member.address),
    pool.attachedAt.get(member.id),
    now,
  );
  return { ...member, ...health };
}

function requireItems(body: unknown): Record<string, unknown>[] {
  const members = (body as { members?: unknown } | null)?.members;
  if (!Array.isArray(members)) throw badInput("members is required and must be an array.");
  if (members.length === 0) throw badInput("members must not be empty.");
  if (members.length > ELB_MAX_BATCH) throw badInput(`At most ${ELB_MAX_BATCH} members per request.`);
  if (!members.every((m) => typeof m === "object" && m !== null && !Array.isArray(m))) {
    throw badInput("Each member must be an object.");
  }
  return members as Record<string, unknown>[];
}

function checkWeightAndName(item: Record<string, unknown>, at: string): void {
  if (item.weight !== undefined && !(isInt(item.weight) && item.weight >= 0 && item.weight <= 100)) {
    throw badInput(`${at}.weight must be an integer from 0 to 100.`);
  }
  if (item.name !== undefined && !(typeof item.name === "string" && item.name.length <= 255)) {
    throw badInput(`${at}.name must be a string of at most 255 characters.`);
  }
}

interface AddItem {
  address: string;
  protocol_port: number;
  weight?: number;
  name?: string;
  subnet_cidr_id?: string;
  availability_zone?: string;
}

function parseAddItem(pool: ElbPool, item: Record<string, unknown>, index: number): AddItem {
  const at = `members[${index}]`;
  if (typeof item.address !== "string" || item.address === "") throw badInput(`${at}.address is required.`);
  if (!(isInt(item.protocol_port) && item.protocol_port >= 0 && item.protocol_port <= 65535)) {
    throw badInput(`${at}.protocol_port must be an integer from 0 to 65535.`);
  }
  checkWeightAndName(item, at);
  const parsed: AddItem = { address: item.address, protocol_port: item.protocol_port };
  if (item.weight !== undefined) parsed.weight = item.weight as number;
  if (item.name !== undefined) parsed.name = item.name as string;
  if (item.availability_zone !== undefined) parsed.availability_zone = String(item.availability_zone);
  if (item.subnet_cidr_id === undefined || item.subnet_cidr_id === null || item.subnet_cidr_id === "") {
    if (!pool.ipTargetEnable) {
      throw new ApiError(
        400,
        "ELB.8938",
        `${at}: IP as backend servers are not enabled for pool ${pool.poolId}.`,
      );
    }
    if (!isPrivateIpv4(item.address)) {
      throw badInput(`${at}.address must be a private IPv4 address when subnet_cidr_id is omitted.`);
    }
  } else {
    if (typeof item.subnet_cidr_id !== "string") throw badInput(`${at}.subnet_cidr_id must be a string.`);
    if (!isIpv4(item.address) && !isIpv6(item.address)) throw badInput(`${at}.address is not an IP address.`);
    parsed.subnet_cidr_id = item.subnet_cidr_id;
  }
  return parsed;
}

function batchAdd(state: EmulatorState, pool: ElbPool, body: unknown, now: number): ElbResult {
  const items = requireItems(body).map((item, i) => parseAddItem(pool, item, i));
  const byKey = new Map(pool.members.map((m) => [elbMemberKey(m), m]));
  const results: { member: ElbMember; ret_status: "successful" | "existed" }[] = [];
  const created: ElbMember[] = [];
  for (const item of items) {
    const existing = byKey.get(elbMemberKey(item));
    if (existing) {
      results.push({ member: existing, ret_status: "existed" });
      continue;
    }
    const member = buildElbMember(item, pool.projectId, now);
    pool.attachedAt.set(member.id, now);
    byKey.set(elbMemberKey(member), member);
    created.push(member);
    results.push({ member, ret_status: "successful" });
  }
  if (pool.members.length + created.length > state.elbMemberQuota) {
    throw new ApiError(
      409,
      "ELB.8905",
      `The member quota of pool ${pool.poolId} (${state.elbMemberQuota}) is exceeded.`,
    );
  }
  if (projectMembers(state, pool.projectId) + created.length > state.elbAccountMemberQuota) {
    throw new ApiError(
      409,
      "ELB.8905",
      `The member quota of project ${pool.projectId} (${state.elbAccountMemberQuota}) is exceeded.`,
    );
  }
  pool.members.push(...created);
  return {
    status: 200,
    body: {
      members: results.map((r) => ({ ...shown(state, pool, r.member, now), ret_status: r.ret_status })),
    },
  };
}

function batchDelete(pool: ElbPool, body: unknown): ElbResult {
  const items = requireItems(body);
  items.forEach((item, i) => {
    const byId = item.id !== undefined;
    const byAddress = item.address !== undefined || item.protocol_port !== undefined;
    if (byId === byAddress)
      throw badInput(`members[${i}] needs either id alone or address and protocol_port.`);
    if (byId && typeof item.id !== "string") throw badInput(`members[${i}].id must be a string.`);
    if (byAddress && !(typeof item.address === "string" && isInt(item.protocol_port))) {
      throw badInput(`members[${i}] needs both address and protocol_port.`);
    }
  });
  const remaining = new Map(pool.members.map((m) => [m.id, m]));
  const results = items.map((item) => {
    const found =
      item.id !== undefined
        ? remaining.get(item.id as string)
        : [...remaining.values()].find((m) => elbMemberKey(m) === elbMemberKey(item as never));
    if (!found) return { ...item, ret_status: "not found" };
    remaining.delete(found.id);
    pool.attachedAt.delete(found.id);
    return { ...found, ret_status: "successful" };
  });
  pool.members = pool.members.filter((m) => remaining.has(m.id));
  return { status: 200, body: { members: results } };
}

function batchUpdate(pool: ElbPool, body: unknown, now: number): ElbResult {
  const items = requireItems(body);
  const byId = new Map(pool.members.map((m) => [m.id, m]));
  items.forEach((item, i) => {
    if (typeof item.id !== "string" || item.id === "") throw badInput(`members[${i}].id is required.`);
    checkWeightAndName(item, `members[${i}]`);
    const port = item.protocol_port;
    if (port !== undefined && !(isInt(port) && port >= 0 && port <= 65535)) {
      throw badInput(`members[${i}].protocol_port must be an integer from 0 to 65535.`);
    }
  });
  for (const item of items) {
    if (!byId.has(item.id as string))
      throw new ApiError(404, "ELB.8904", `member ${item.id} could not be found.`);
  }
  const updated = items.map((item) => {
    const member = byId.get(item.id as string)!;
    // The fields model_batch_update_members_option.go lets a call change; admin_state_up is the cloud's.
    if (item.weight !== undefined) member.weight = item.weight as number;
    if (item.name !== undefined) member.name = item.name as string;
    if (item.protocol_port !== undefined) member.protocol_port = item.protocol_port as number;
    if (item.availability_zone !== undefined) member.availability_zone = String(item.availability_zone);
    member.updated_at = utcSeconds(now);
    return { ...member };
  });
  return { status: 200, body: { members: updated } };
}

/**
 * Pages in id order. The marker must name a member of the pool now (model_list_members_request.go: "must not
 * be empty or an invalid id"): one deleted since the page before is refused, the least forgiving reading.
 */
function list(state: EmulatorState, pool: ElbPool, query: URLSearchParams, now: number): ElbResult {
  const rawLimit = query.get("limit");
  const limit = rawLimit === null || rawLimit === "" ? MAX_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
    throw badInput(`limit must be an integer from 0 to ${MAX_LIMIT}.`);
  }
  const pageSize = Math.min(limit === 0 ? MAX_LIMIT : limit, state.elbPageCap);
  const ids = query.getAll("id");
  const addresses = query.getAll("address");
  const ports = query.getAll("protocol_port").map(Number);
  const marker = query.get("marker");
  if (marker !== null && !pool.members.some((m) => m.id === marker)) {
    throw badInput(`marker ${JSON.stringify(marker)} is not the id of a member of pool ${pool.poolId}.`);
  }
  const matching = pool.members
    .filter(
      (m) =>
        (ids.length === 0 || ids.includes(m.id)) &&
        (addresses.length === 0 || addresses.includes(m.address)) &&
        (ports.length === 0 || ports.includes(m.protocol_port)),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((m) => marker === null || m.id > marker);
  const page = matching.slice(0, pageSize);
  const pageInfo: Record<string, unknown> = { current_count: page.length };
  if (page.length > 0) pageInfo.previous_marker = page[0].id;
  if (matching.length > page.length) pageInfo.next_marker = page[page.length - 1].id;
  return { status: 200, body: { members: page.map((m) => shown(state, pool, m, now)), page_info: pageInfo } };
}

/**
 * The pool's fields that bear on health and removal (services/elb/v3/model/model_pool.go): its health
 * monitor's id (empty without one) and its connection draining (null when never configured).
 */
function showPool(pool: ElbPool): ElbResult {
  return {
    status: 200,
    body: {
      pool: {
        id: pool.poolId,
        project_id: pool.projectId,
        healthmonitor_id: pool.healthMonitor ? `hm-${pool.poolId}` : "",
        connection_drain: pool.connectionDrain ? { ...pool.connectionDrain } : null,
        listeners: pool.listenerIds.map((id) => ({ id })),
        members: pool.members.map((m) => ({ id: m.id })),
      },
    },
  };
}

/** The members of every pool of a project: what its account quota counts. */
function projectMembers(state: EmulatorState, projectId: string): number {
  let count = 0;
  for (const pool of state.elbPools.values()) if (pool.projectId === projectId) count += pool.members.length;
  return count;
}

/**
 * ListQuotaDetails (services/elb/v3/elb_meta.go: GET /v3/{project_id}/elb/quotas/details): one QuotaInfo
 * (model_quota_info.go: quota_key, quota_limit, used, unit) per quota the emulator models, filtered by
 * `quota_key` when given. `member` counts every pool of the project; what `used` means for
 * `members_per_pool` is not documented: the most members any pool of the project holds.
 */
function quotaDetails(state: EmulatorState, projectId: string, query: URLSearchParams): ElbResult {
  const pools = [...state.elbPools.values()].filter((p) => p.projectId === projectId);
  const quotas = [
    { quota_key: "member", quota_limit: state.elbAccountMemberQuota, used: projectMembers(state, projectId) },
    {
      quota_key: "members_per_pool",
      quota_limit: state.elbMemberQuota,
      used: Math.max(0, ...pools.map((p) => p.members.length)),
    },
  ].map((q) => ({ ...q, unit: "count" }));
  const keys = query.getAll("quota_key");
  return {
    status: 200,
    body: { quotas: quotas.filter((q) => keys.length === 0 || keys.includes(q.quota_key)) },
  };
}

/** The response without request_id; throws ApiError for every refusal. */
export function runElbAction(
  state: EmulatorState,
  action: ElbAction,
  target: { projectId: string; poolId?: string },
  body: unknown,
  query: URLSearchParams,
  now: number,
): ElbResult {
  if (action === "quota-details") return quotaDetails(state, target.projectId, query);
  const pool = requirePool(state, target.projectId, target.poolId ?? "");
  switch (action) {
    case "batch-add":
      return batchAdd(state, pool, body, now);
    case "batch-delete":
      return batchDelete(pool, body);
    case "batch-update":
      return batchUpdate(pool, body, now);
    case "list":
      return list(state, pool, query, now);
    case "show-pool":
      return showPool(pool);
  }
}
