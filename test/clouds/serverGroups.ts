import type { ServerGroupServer } from "../../emulator";
import { builtPackage } from "../../harness/stack";
import { albKind } from "../../provider/clouds/alicloud/alb/kind";
import { nlbKind } from "../../provider/clouds/alicloud/nlb/kind";
import type { TestCloud } from "./testCloud";

/** The region of every Alibaba TestCloud: they share `alicloud:region` in one stack's config. */
const REGION = "cn-beijing";
const serverId = (prefix: string, i: number) => `i-${prefix}${String(i).padStart(6, "0")}`;
/** A member as the tests name it: the ECS instance and its port, `i-web000001:80`. */
const identity = (id: string, port: number) => `${id}:${port}`;
const parse = (id: string) => {
  const at = id.lastIndexOf(":");
  return { serverId: id.slice(0, at), port: Number(id.slice(at + 1)) };
};

/**
 * An ALB or NLB server group of the vendors' documentation examples, in an instance group: members are
 * ECS instances on a port, ours on 80 and a stranger's on 8080. Both APIs are asynchronous: each write
 * is followed by the read of its job (`completion`), which the emulator ends by the next request.
 */
function serverGroupCloud(api: "alb" | "nlb"): TestCloud {
  const upper = api.toUpperCase();
  const key = { accessKeyId: `TESTKEY${upper}0001`, accessKeySecret: `${api}-secret-never-in-state-0001` };
  const sts = {
    accessKeyId: `STS.TEST${upper}0001`,
    accessKeySecret: key.accessKeySecret,
    securityToken: `${api}-sts-token-never-in-state`,
  };
  const target = api === "alb" ? "sgp-atstuj3rtop0bcd1" : "sgp-atstuj3rtoptyui0e";
  const target2 = api === "alb" ? "sgp-5114d593o96qxy0f" : "sgp-5114d593o96qxyb7";
  const cloud: TestCloud = {
    name: `alicloud.${api}`,
    api,
    batchSize: 200,
    ...(api === "alb" ? { setBatchSize: 40 } : {}),
    completion: api === "alb" ? "ListAsynJobs" : "GetJobStatus",
    // ListServerGroupServers' MaxResults: 1 to 100 (the request models).
    listPage: 100,
    kind: api === "alb" ? albKind : nlbKind,
    declareResource: (name, args, options) =>
      new (builtPackage().alicloud[api].ServerGroupAttachment)(name, args as never, options),
    resourceType: "ServerGroupAttachment",
    targetField: "serverGroupId",
    targetParam: "ServerGroupId",
    membersField: "servers",
    targetNoun: "server group",
    target,
    target2,
    key,
    sts,
    seed: (extra = {}) => ({
      credentials: [key, sts],
      [api]: {
        serverGroups: [
          { serverGroupId: target, regionId: REGION, ...extra.target },
          { serverGroupId: target2, regionId: REGION },
        ],
        // NLB's 400 backends per instance is adjustable: raised so that two full batches and more fit.
        ...(api === "nlb" ? { serverQuota: 1000 } : {}),
        ...extra.api,
      },
    }),
    config: (credential = key) => ({
      "alicloud:accessKey": credential.accessKeyId,
      "alicloud:secretKey": credential.accessKeySecret,
      ...(credential.securityToken ? { "alicloud:securityToken": credential.securityToken } : {}),
      "alicloud:region": REGION,
    }),
    env: (emulator) => ({ [`ALIBABA_CLOUD_${upper}_ENDPOINT`]: emulator.endpoints[api] }),
    actions: {
      read: "ListServerGroupServers",
      add: "AddServersToServerGroup",
      set: "UpdateServerGroupServersAttribute",
      remove: "RemoveServersFromServerGroup",
    },
    ours: (i) => identity(serverId("web", i), 80),
    theirs: (i) => identity(serverId("other", i), 8080),
    declare: (id, weight) => ({ ...parse(id), weight }),
    identity: (member) => identity(String(member.serverId), Number(member.port)),
    read: (emulator, group = target) =>
      new Map(
        emulator
          .serverGroupServers(group)
          .filter((s) => s.Status !== "Removing")
          .map((s) => [identity(s.ServerId, s.Port), s.Weight]),
      ),
    write: (emulator, members, group = target) =>
      emulator.setServerGroupServers(
        group,
        [...members].map(([id, Weight]): ServerGroupServer => {
          const { serverId: ServerId, port: Port } = parse(id);
          return { ServerId, ServerType: "Ecs", Port, Weight };
        }),
      ),
    // An instance released before it could be attached (the API pages' 404 ResourceNotFound.Ecs).
    refuseFrom: (i) => ({
      seed: { [api]: { servers: [{ serverId: parse(cloud.ours(i)).serverId, status: "Released" }] } },
      code: "ResourceNotFound.Ecs",
      lift: { [api]: { servers: [{ serverId: parse(cloud.ours(i)).serverId, status: "Running" }] } },
    }),
    removed: (action, params) =>
      action === "RemoveServersFromServerGroup"
        ? (params.Servers as { ServerId: string; Port: string }[]).map((s) =>
            identity(s.ServerId, Number(s.Port)),
          )
        : [],
    health: {
      healthy: (emulator) =>
        new Map(
          [...emulator.serverGroupHealth(target)].map(([key, status]) => {
            const [, id, , port] = key.split("|");
            // Unused: at weight 0 no check runs and no request is sent to it; a gate counts it as passing.
            return [identity(id, Number(port)), status === "normal" || status === "Unused"];
          }),
        ),
      readsHealth: (action) => action === "GetListenerHealthStatus",
    },
    sent: (params) => params.Servers as Record<string, unknown>[],
    named: (entry) => identity(String(entry.ServerId), Number(entry.Port)),
    deleteTarget: (emulator, group = target) => emulator.deleteServerGroup(group),
  };
  return cloud;
}

export const albCloud = serverGroupCloud("alb");
export const nlbCloud = serverGroupCloud("nlb");
