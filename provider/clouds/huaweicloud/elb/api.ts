import { type HealthState, type MemberHealth, worstState } from "../../../core/health";
import type { MemberUpdate } from "../../../core/plan";
import { CloudError } from "../../../reconcile/cloudError";
import type { MemberQuota, SyncMemberApi } from "../../../reconcile/memberApi";
import type { AuthGates } from "../authGuard";
import { type ElbOperation, isElbRead, noAnswerError, refusalError } from "../errors";
import { type HuaweiAnswer, type HuaweiRequest, type HuaweiTransport, NoAnswer } from "../sdkClient";
import { ELB_BATCH_SIZE, type ElbMember, elbMemberKey, elbModel } from "./members";

/** The largest page the list API serves; the cloud may serve fewer, and says so with `next_marker`. */
export const ELB_LIST_LIMIT = 2000;
/** Times a listing starts over after a page's marker was refused, before the refusal is reported. */
const LIST_RESTARTS = 3;

interface ConnectionDrain {
  enable?: boolean;
  timeout?: number;
}

interface WireHealth {
  listener_id?: string;
  operating_status?: string;
  reason?: { reason_code?: string } | null;
}

/** One quota of ListQuotaDetails (services/elb/v3/model/model_quota_info.go). */
interface WireQuota {
  quota_key?: string;
  /** -1 for no limit. */
  quota_limit?: number;
  used?: number;
}

interface WireMember {
  id?: string;
  address?: string;
  protocol_port?: number;
  subnet_cidr_id?: string | null;
  weight?: number;
  name?: string;
  operating_status?: string;
  admin_state_up?: boolean;
  ret_status?: string;
  status?: WireHealth[];
  reason?: { reason_code?: string } | null;
}

/**
 * ELB's operating_status values (huaweicloud/huaweicloud-sdk-go-v3: services/elb/v3/model/model_member.go,
 * model_member_status.go): OFFLINE means the member's ECS does not exist or is shut down, unless a
 * `reason` says its health check fails (model_member_health_check_failed_reason.go); UNKNOWN, a pool no
 * load balancer uses or an instance member never associated with an ECS: no result, so not known to be
 * healthy, unless no listener uses the pool (then nothing sends it traffic: unchecked).
 */
const ELB_STATE: Record<string, HealthState> = {
  ONLINE: "healthy",
  INITIAL: "checking",
  OFFLINE: "unhealthy",
  NO_MONITOR: "unchecked",
  UNKNOWN: "checking",
};

/** Per-listener status takes precedence over the member's own operating_status when present. */
function elbHealth(w: WireMember, listened: boolean): MemberHealth {
  const text = (status: string | undefined, reason: { reason_code?: string } | null | undefined) =>
    `${status ?? "not reported"}${reason?.reason_code ? ` (${reason.reason_code})` : ""}`;
  const state = (status: string | undefined) =>
    status === "UNKNOWN" && !listened ? "unchecked" : (ELB_STATE[status ?? ""] ?? "checking");
  // OFFLINE with no failed check (or admin_state_up false: no ECS, model_member.go): waiting is no use.
  const gone = (status: string | undefined, reason: { reason_code?: string } | null | undefined) =>
    w.admin_state_up === false || (status === "OFFLINE" && !reason?.reason_code);
  const perListener = (w.status ?? []).filter((s) => s.operating_status);
  const health: MemberHealth =
    perListener.length === 0
      ? { state: state(w.operating_status), reported: text(w.operating_status, w.reason) }
      : {
          state: worstState(perListener.map((s) => state(s.operating_status))),
          reported: perListener
            .map((s) => `listener ${s.listener_id}: ${text(s.operating_status, s.reason)}`)
            .join(", "),
        };
  const final =
    perListener.length === 0
      ? gone(w.operating_status, w.reason)
      : perListener.some((s) => gone(s.operating_status, s.reason));
  return final ? { ...health, state: "unhealthy", final } : health;
}

/** The members of one ELB v3 pool, through `@huaweicloud/huaweicloud-sdk-core`. */
export function elbMemberApi(
  transport: HuaweiTransport,
  poolId: string,
  gates: AuthGates,
  credentialFingerprint: string,
): SyncMemberApi<ElbMember> {
  const target = `pool ${poolId}`;
  const pool = `/v3/{project_id}/elb/pools/${encodeURIComponent(poolId)}`;
  const members = `${pool}/members`;

  const call = async (
    operation: ElbOperation,
    path: string,
    options: Pick<HuaweiRequest, "query" | "body" | "answer"> = {},
  ): Promise<Record<string, unknown>> => {
    let answer: HuaweiAnswer;
    try {
      answer = await gates.send(credentialFingerprint, operation, target, () =>
        transport.send({ method: isElbRead(operation) ? "GET" : "POST", path, ...options }),
      );
    } catch (error) {
      if (error instanceof NoAnswer) throw noAnswerError(operation, target, error);
      throw error;
    }
    if (answer.status >= 200 && answer.status < 300) return answer.body;
    throw refusalError(operation, target, answer);
  };
  /** A write; its answer's members are read only where `read` (batch-add: the new members' ids). */
  const write = async (operation: ElbOperation, items: Record<string, unknown>[], read = false) =>
    wireMembers(
      await call(operation, `${members}/${operation}`, {
        body: { members: items },
        ...(read ? {} : { answer: "status" as const }),
      }),
    );

  /** One reading of every page; a page after the first that is refused ends it with that refusal. */
  const readPages = async (): Promise<WireMember[] | undefined | { refused: CloudError }> => {
    const found: WireMember[] = [];
    const seen = new Set<string>();
    let marker: string | undefined;
    do {
      let body: Record<string, unknown>;
      try {
        body = await call("list", members, {
          query: { limit: ELB_LIST_LIMIT, ...(marker ? { marker } : {}) },
        });
      } catch (error) {
        if (!(error instanceof CloudError)) throw error;
        if (marker === undefined) {
          if (error.info.code === "ELB.8904") return undefined;
          throw error;
        }
        // The marker names the previous page's last member: deleted since, it is "an invalid id", which ELB
        // refuses (model_list_members_request.go). The first page said the pool exists, so not even a 404
        // here means it is gone.
        if (error.info.httpStatus === 400 || error.info.httpStatus === 404) return { refused: error };
        throw error;
      }
      const page = wireMembers(body);
      found.push(...page);
      marker = nextMarker(body);
      // A marker that does not move on would page forever.
      if (marker !== undefined && (page.length === 0 || seen.has(marker))) {
        throw new CloudError({
          action: "list",
          target,
          code: "PaginationStalled",
          message: `the next page marker ${marker} does not advance`,
          retry: "transient",
        });
      }
      if (marker !== undefined) seen.add(marker);
    } while (marker !== undefined);
    return found;
  };

  /**
   * Every member as the list serves it, page by page; undefined when the pool is gone. A member deleted
   * between two pages makes the next page's marker invalid: the listing starts over from the first page
   * (members are never merged across readings), at most LIST_RESTARTS times.
   */
  const listWire = async (): Promise<WireMember[] | undefined> => {
    for (let restarts = 0; ; restarts++) {
      const read = await readPages();
      if (read === undefined || Array.isArray(read)) return read;
      if (restarts === LIST_RESTARTS) {
        const { info } = read.refused;
        throw new CloudError({
          ...info,
          message:
            `${info.message} (a page after the first was refused ${LIST_RESTARTS + 1} times, the listing ` +
            `restarted from the first page each time: members are being removed from the pool faster than ` +
            `it can be read, or the marker is refused for another reason; try again once it is quiet)`,
          retry: "permanent",
        });
      }
    }
  };

  return {
    target,
    batchSize: ELB_BATCH_SIZE,
    actions: { add: "batch-add", update: "batch-update", remove: "batch-delete" },

    async list() {
      return (await listWire())?.map(fromWire);
    },

    // One list (each member's health rides on it) and one read of the pool (its connection draining).
    async health(wanted) {
      const listed = (await listWire()) ?? [];
      const shown = (await call("show-pool", pool)).pool as {
        connection_drain?: ConnectionDrain | null;
        listeners?: unknown[];
      };
      const listened = (shown?.listeners ?? []).length > 0;
      const byKey = new Map(listed.map((w) => [elbMemberKey(fromWire(w)), w]));
      const health = new Map<string, MemberHealth>();
      for (const member of wanted) {
        const wire = byKey.get(elbMemberKey(member));
        if (wire) health.set(elbMemberKey(member), elbHealth(wire, listened));
      }
      const drain = shown?.connection_drain;
      return { members: health, connectionDrainSeconds: drain?.enable ? Number(drain.timeout ?? 0) : 0 };
    },

    // The project's quotas (ListQuotaDetails) and the pool's members (ShowPool lists their ids): the pool's
    // own use is counted here, since what `used` means for members_per_pool is not documented.
    async memberQuotas() {
      const details = await call("quota-details", "/v3/{project_id}/elb/quotas/details");
      const shown = (await call("show-pool", pool)).pool as { members?: unknown } | undefined;
      const quotas = (Array.isArray(details.quotas) ? details.quotas : []) as WireQuota[];
      const limit = (key: string) => {
        const value = quotas.find((q) => q.quota_key === key)?.quota_limit;
        return typeof value === "number" && value >= 0 ? value : undefined; // -1: no limit
      };
      const reported: MemberQuota[] = [];
      const perPool = limit("members_per_pool");
      if (perPool !== undefined && Array.isArray(shown?.members)) {
        reported.push({
          counts: "members per pool (members_per_pool)",
          limit: perPool,
          used: shown.members.length,
        });
      }
      const account = limit("member");
      const used = quotas.find((q) => q.quota_key === "member")?.used;
      if (account !== undefined && typeof used === "number") {
        reported.push({
          counts: "members of the account across all its pools (member)",
          limit: account,
          used,
        });
      }
      return reported;
    },

    async add(batch) {
      const answered = await write("batch-add", batch.map(toAddItem), true);
      // "existed" means someone attached the member between our read and this call: it is adopted, but a
      // weight or name other than the declared one would stay the cloud's until the next update. Report the
      // plan as stale instead, so the executor re-reads and updates it in this same run.
      const declared = new Map(batch.map((m) => [elbMemberKey(m), m]));
      const differing = answered
        .filter((w) => w.ret_status === "existed")
        .map(fromWire)
        .filter((m) => {
          const wanted = declared.get(elbMemberKey(m));
          return wanted !== undefined && elbModel.needsUpdate(wanted, m, undefined);
        });
      if (differing.length > 0) {
        throw new CloudError({
          action: "batch-add",
          target,
          code: "MemberExisted",
          message: `already attached with another weight or name: ${differing.map(elbMemberKey).join(", ")}`,
          retry: "stale",
        });
      }
      return answered.map(fromWire);
    },

    async update(batch: readonly MemberUpdate<ElbMember>[]) {
      await write(
        "batch-update",
        batch.map(({ desired, actual }) => ({
          id: actual.id,
          weight: desired.weight,
          ...(desired.name !== undefined ? { name: desired.name } : {}),
        })),
      );
    },

    async remove(batch) {
      // By id, as listed; "not found" for a member someone else removed meanwhile is fine.
      await write(
        "batch-delete",
        batch.map((m) => (m.id ? { id: m.id } : { address: m.address, protocol_port: m.protocolPort })),
      );
    },
  };
}

/** Weight is always sent, 0 included: ELB would otherwise apply its default of 1. */
function toAddItem(m: ElbMember): Record<string, unknown> {
  return {
    address: m.address,
    protocol_port: m.protocolPort,
    weight: m.weight,
    ...(m.subnetCidrId !== undefined ? { subnet_cidr_id: m.subnetCidrId } : {}),
    ...(m.name !== undefined ? { name: m.name } : {}),
  };
}

function wireMembers(body: Record<string, unknown>): WireMember[] {
  return Array.isArray(body.members) ? (body.members as WireMember[]) : [];
}

function nextMarker(body: Record<string, unknown>): string | undefined {
  const marker = (body.page_info as { next_marker?: unknown } | undefined)?.next_marker;
  return typeof marker === "string" && marker !== "" ? marker : undefined;
}

function fromWire(w: WireMember): ElbMember {
  const member: ElbMember = {
    address: String(w.address ?? ""),
    protocolPort: Number(w.protocol_port ?? 0),
    weight: Number(w.weight ?? 1),
  };
  if (w.subnet_cidr_id) member.subnetCidrId = w.subnet_cidr_id;
  if (typeof w.name === "string") member.name = w.name;
  if (w.id) member.id = w.id;
  if (w.operating_status) member.operatingStatus = w.operating_status;
  return member;
}
