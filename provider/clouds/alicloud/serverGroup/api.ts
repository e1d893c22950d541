import { canonicalIp } from "../../../core/ipAddress";
import type { HealthReport } from "../../../core/health";
import { CloudError } from "../../../reconcile/cloudError";
import type { CompletionTiming, Job, MemberApi, WriteKind, WriteOptions } from "../../../reconcile/memberApi";
import type { AlicloudRpc } from "../rpcClient";
import { GROUP_GONE } from "./errors";
import { paged } from "./paging";
import { SERVER_TYPES, type ServerGroupMember, type ServerType } from "./members";

/** One server as the write requests take it (pop-core flattens the list into `Servers.N.<field>`). */
type WireServer = Record<string, string>;
type Wire = Record<string, unknown>;

/**
 * ListServerGroupServers' largest page: MaxResults "1 to 100; default 20" in both request models
 * (aliyun/alibabacloud-typescript-sdk: alb-20200616/src/models/ListServerGroupServersRequest.ts,
 * nlb-20220430/src/models/ListServerGroupServersRequest.ts). Alibaba's Terraform provider once read only
 * the default first page of 20, so a group of more showed a diff for ever (its pull requests 9044, 9126):
 * every page is read here, following NextToken until the answer has none.
 */
export const LIST_PAGE_SIZE = 100;

/** What distinguishes the ALB and NLB server group APIs. */
export interface ServerGroupApiSpec {
  serverGroupId: string;
  /** Parameters every call carries besides the server group: NLB's RegionId (ALB's endpoint is the region). */
  scope: Record<string, string>;
  batchSize: number;
  batchSizes?: Partial<Record<WriteKind, number>>;
  completion: CompletionTiming;
  /** The job a write answered with, read with the API's own job action. */
  job(jobId: string, action: string, target: string): Job;
  health(members: readonly ServerGroupMember[]): Promise<HealthReport>;
}

export const SERVER_GROUP_ACTIONS = {
  add: "AddServersToServerGroup",
  update: "UpdateServerGroupServersAttribute",
  remove: "RemoveServersFromServerGroup",
} as const;

/**
 * The backend servers of one ALB or NLB server group. Both APIs read with ListServerGroupServers (paged)
 * and write with Add/Update/RemoveServersToServerGroup, whose `Servers` are form parameters
 * `Servers.N.ServerId` etc. (the request models' array of objects, flattened by pop-core), each write
 * answering with a JobId the executor follows to completion (completion.ts). Each write carries the
 * batch's ClientToken, which both request models document for idempotence.
 */
export function serverGroupMemberApi(
  rpc: AlicloudRpc,
  spec: ServerGroupApiSpec,
): MemberApi<ServerGroupMember> {
  const target = `server group ${spec.serverGroupId}`;
  const base = { ...spec.scope, ServerGroupId: spec.serverGroupId };
  const write = async (
    action: string,
    servers: WireServer[],
    options: WriteOptions | undefined,
  ): Promise<Job> => {
    const answer = await rpc.call<Wire>(
      action,
      { ...base, ...(options ? { ClientToken: options.clientToken } : {}), Servers: servers },
      target,
    );
    if (typeof answer.JobId !== "string" || answer.JobId === "") {
      throw new CloudError({
        action,
        target,
        code: "InvalidResponse",
        message: "the answer carries no JobId to follow",
        requestId: typeof answer.RequestId === "string" ? answer.RequestId : undefined,
        retry: "uncertain",
      });
    }
    return spec.job(answer.JobId, action, target);
  };

  return {
    target,
    batchSize: spec.batchSize,
    ...(spec.batchSizes ? { batchSizes: spec.batchSizes } : {}),
    actions: SERVER_GROUP_ACTIONS,
    completion: spec.completion,
    async list() {
      const found: ServerGroupMember[] = [];
      const serversOf = (page: Wire) => (Array.isArray(page.Servers) ? (page.Servers as Wire[]) : []);
      try {
        await paged(
          "ListServerGroupServers",
          target,
          async (token) => {
            const page = await rpc.call<Wire>(
              "ListServerGroupServers",
              { ...base, MaxResults: String(LIST_PAGE_SIZE), ...(token ? { NextToken: token } : {}) },
              target,
            );
            // A server being removed is on its way out: the cloud has accepted its removal.
            for (const server of serversOf(page))
              if (server.Status !== "Removing") found.push(fromWire(server));
            return page;
          },
          serversOf,
        );
      } catch (error) {
        if (error instanceof CloudError && GROUP_GONE.has(error.info.code)) return undefined;
        throw error;
      }
      return found;
    },
    add: (batch, options) => write(SERVER_GROUP_ACTIONS.add, batch.map(toAdd), options),
    update: (batch, options) =>
      write(
        SERVER_GROUP_ACTIONS.update,
        batch.map(({ desired }) => toAdd(desired)),
        options,
      ),
    remove: (batch, options) => write(SERVER_GROUP_ACTIONS.remove, batch.map(named), options),
    health: (members) => spec.health(members),
  };
}

/** The fields that name one backend: what Remove takes (RemoveServersFromServerGroupRequest.ts). */
function named(m: ServerGroupMember): WireServer {
  const server: WireServer = { ServerId: m.serverId, ServerType: m.serverType };
  // An Ip backend's id is its address, given again as its IP.
  const ip = m.serverType === "Ip" ? m.serverId : m.serverIp;
  if (ip !== undefined) server.ServerIp = ip;
  if (m.port !== undefined) server.Port = String(m.port);
  return server;
}

/** Add and Update take the weight (always sent: Update's model defaults it to 100) and the description. */
function toAdd(m: ServerGroupMember): WireServer {
  const server = { ...named(m), Weight: String(m.weight) };
  return m.description === undefined ? server : { ...server, Description: m.description };
}

/** ListServerGroupServers' Servers[]: Port and Weight numbers; Port 0 in an any-port NLB group. */
export function fromWire(w: Wire): ServerGroupMember {
  const serverType = (SERVER_TYPES as readonly unknown[]).includes(w.ServerType)
    ? (w.ServerType as ServerType)
    : "Ecs";
  const serverId = String(w.ServerId ?? "");
  const member: ServerGroupMember = {
    serverId: serverType === "Ip" ? canonicalIp(serverId) : serverId,
    serverType,
    weight: Number(w.Weight ?? 100),
  };
  if (serverType !== "Ip" && typeof w.ServerIp === "string" && w.ServerIp !== "")
    member.serverIp = canonicalIp(w.ServerIp);
  const port = Number(w.Port ?? 0);
  if (Number.isInteger(port) && port > 0) member.port = port;
  if (typeof w.Description === "string" && w.Description !== "") member.description = w.Description;
  return member;
}
