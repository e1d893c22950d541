/**
 * What the CLI scenarios need to know about each example: its program, its config keys, its members'
 * identities as the preview prints them, and how to reach the emulated cloud behind Pulumi's back.
 */
import type { Emulator, EmulatorCredential, EmulatorSeed } from "../../emulator";
import { builtPackage } from "../../harness/stack";
import webGroup from "../../examples/alicloud-alb/index";
import edgeTier from "../../examples/alicloud-ens/index";
import tcpGroup from "../../examples/alicloud-nlb/index";
import webTier from "../../examples/alicloud-slb/index";
import apiTier from "../../examples/alicloud-slb-vserver/index";
import webPool from "../../examples/huaweicloud-elb/index";
import type { ServerGroupServer } from "../../emulator";
import { alibabaConfig, huaweiConfig } from "../../harness/cli";

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** The config and credential of one stack, against its own load balancer or pool. */
export interface Target {
  /** The load balancer or pool id. */
  id: string;
  config: Record<string, string>;
  secrets: Record<string, string>;
  /** The credential's secret parts, which must never show up anywhere. */
  secretValues: string[];
}

export interface ExampleCase {
  title: string;
  project: string;
  /** The example's program, exactly as `pulumi up` runs it in the example's directory. */
  program: () => unknown;
  /** The resource type and name the example registers first. */
  type: string;
  name: string;
  /** The member property, as the preview prints it. */
  property: string;
  /** Seeds load balancer or pool number `n` and its own credential (a stack per test can run in parallel). */
  newTarget(emulator: Emulator, n: number): Target;
  /** Config that points the example at another load balancer or pool (seeded by newTarget). */
  retarget(id: string): Record<string, string>;
  /** Config for `count` web servers, and for the canary (or on-prem) member's weight. */
  webServers(count: number): Record<string, string>;
  canaryWeight(weight: number): Record<string, string>;
  /** The identity of web server `i`, and of the canary member, as the preview prints them. */
  webKey(i: number): string;
  canaryKey: string;
  /** The example's weights: of a web server, and of the canary member. */
  defaultWeights: { web: number; canary: number };
  /** The members the cloud has now, identity -> weight. */
  members(emulator: Emulator, id: string): Record<string, number>;
  /** Sets a member's weight behind Pulumi's back. */
  setWeight(emulator: Emulator, id: string, key: string, weight: number): void;
  /** The cloud's error code when breakMember's member is added. */
  failureCode: string;
  /** Makes adding web server `i` fail for good (a stopped server), and then work again. */
  breakMember(emulator: Emulator, target: Target, i: number): void;
  repairMember(emulator: Emulator, target: Target, i: number): void;
  /** The provider's progress line for a batch. */
  progress(action: "add" | "set" | "remove", id: string, batch: string, count: number): string;
  /** Members per call. */
  batchSize: number;
  /** A program of our own: attachments `name -> web server indices` on one load balancer or pool. */
  attachments(target: Target, layout: Record<string, number[]>): void;
}

const alibabaCredential = (prefix: string, n: number): EmulatorCredential => ({
  accessKeyId: `${prefix}${pad(n, 4)}`,
  // Characters that URL, form, JSON and base64 encodings all change.
  accessKeySecret: `cli/${prefix.toLowerCase()}+Secret=NeverLeak${pad(n, 4)}`,
});

/** The target of a stack: its config points the example at `id` and names the credential. */
const targetOf = (
  id: string,
  credential: EmulatorCredential,
  { config, secrets }: { config: Record<string, string>; secrets: Record<string, string> },
  retarget: Record<string, string>,
): Target => ({
  id,
  config: { ...config, ...retarget },
  secrets,
  secretValues: [credential.accessKeySecret],
});

/** Alibaba's members (CLB and ENS) with the one keyed `type:serverId` re-weighted. */
const reweighted = <M extends { Type: string; ServerId: string; Weight: number }>(
  members: M[],
  key: string,
  weight: number,
) => members.map((m) => (`${m.Type}:${m.ServerId}` === key ? { ...m, Weight: weight } : m));
/** A seed that stops or starts one CLB or ENS instance. */
const instance = (api: "slb" | "ens", serverId: string, status: "Stopped" | "Running"): EmulatorSeed => ({
  [api]: { servers: [{ serverId, status }] },
});

const servers = (count: number) => (count === 1 ? "server" : "servers");
/** The provider's progress line for a batch, with the API's action names and its word for the target. */
const progressOf =
  (actions: Record<"add" | "set" | "remove", string>, target: string): ExampleCase["progress"] =>
  (action, id, batch, count) =>
    `${actions[action]} ${target} ${id}: batch ${batch}, ${count} ${servers(count)}`;

const SLB_REGION = "cn-beijing";
const slbServer = (i: number) => `i-2zej4lxhjoq1icue6k${pad(i, 2)}`;
const SLB_ACTIONS = { add: "AddBackendServers", set: "SetBackendServers", remove: "RemoveBackendServers" };

export const slbCase: ExampleCase = {
  title: "examples/alicloud-slb",
  project: "alicloud-slb-backend-servers",
  program: webTier,
  type: "alicloud-slb:BackendServerAttachment",
  name: "web",
  property: "backendServers",
  newTarget(emulator, n) {
    const id = `lb-2zecli${pad(n, 14)}`;
    const credential = alibabaCredential("CLISLB", n);
    emulator.seed({
      credentials: [credential],
      slb: { loadBalancers: [{ loadBalancerId: id, regionId: SLB_REGION }] },
    });
    return targetOf(id, credential, alibabaConfig(credential, SLB_REGION), this.retarget(id));
  },
  retarget: (id) => ({ "alicloud-slb-backend-servers:loadBalancerId": id }),
  webServers: (count) => ({ "alicloud-slb-backend-servers:webServers": String(count) }),
  canaryWeight: (weight) => ({ "alicloud-slb-backend-servers:canaryWeight": String(weight) }),
  webKey: (i) => `ecs:${slbServer(i)}`,
  canaryKey: "eni:eni-2ze1u9ywulp5pbvvc7hv@192.168.0.5",
  defaultWeights: { web: 100, canary: 10 },
  members: (emulator, id) =>
    Object.fromEntries(
      emulator
        .slbMembers(id)
        .map((m) => [`${m.Type}:${m.ServerId}${m.Type === "ecs" ? "" : `@${m.ServerIp}`}`, m.Weight]),
    ),
  setWeight: (emulator, id, key, weight) =>
    emulator.setSlbMembers(id, reweighted(emulator.slbMembers(id), key, weight)),
  failureCode: "ObtainIpFail",
  breakMember: (emulator, _target, i) => emulator.seed(instance("slb", slbServer(i), "Stopped")),
  repairMember: (emulator, _target, i) => emulator.seed(instance("slb", slbServer(i), "Running")),
  progress: progressOf(SLB_ACTIONS, "load balancer"),
  batchSize: 20,
  attachments(target, layout) {
    const { alicloud } = builtPackage();
    for (const [name, indices] of Object.entries(layout))
      new alicloud.slb.BackendServerAttachment(name, {
        loadBalancerId: target.id,
        backendServers: indices.map((i) => ({ serverId: slbServer(i), weight: 100 })),
      });
  },
};

const VSERVER_ACTIONS = {
  add: "AddVServerGroupBackendServers",
  set: "SetVServerGroupAttribute",
  remove: "RemoveVServerGroupBackendServers",
};
/** A VServer group's member: `type:serverId[@ip]:port`. */
const vServerKey = (m: { Type: string; ServerId: string; ServerIp?: string; Port: number }) =>
  `${m.Type}:${m.ServerId}${m.Type === "ecs" ? "" : `@${m.ServerIp}`}:${m.Port}`;

export const vServerCase: ExampleCase = {
  title: "examples/alicloud-slb-vserver",
  project: "alicloud-slb-vserver-backend-servers",
  program: apiTier,
  type: "alicloud-slb:VServerGroupAttachment",
  name: "api",
  property: "backendServers",
  newTarget(emulator, n) {
    const id = `rsp-2zecli${pad(n, 10)}`;
    const credential = alibabaCredential("CLIVSG", n);
    emulator.seed({
      credentials: [credential],
      slb: {
        loadBalancers: [
          {
            loadBalancerId: `lb-2zeclivsg${pad(n, 12)}`,
            regionId: SLB_REGION,
            vServerGroups: [{ vServerGroupId: id }],
          },
        ],
      },
    });
    return targetOf(id, credential, alibabaConfig(credential, SLB_REGION), this.retarget(id));
  },
  retarget: (id) => ({ "alicloud-slb-vserver-backend-servers:vServerGroupId": id }),
  webServers: (count) => ({ "alicloud-slb-vserver-backend-servers:apiServers": String(count) }),
  canaryWeight: (weight) => ({ "alicloud-slb-vserver-backend-servers:canaryWeight": String(weight) }),
  webKey: (i) => `ecs:${slbServer(i)}:8080`,
  // The first API server again, on its own port: a member of its own.
  canaryKey: `ecs:${slbServer(0)}:8081`,
  defaultWeights: { web: 100, canary: 10 },
  members: (emulator, id) =>
    Object.fromEntries(emulator.vServerGroupMembers(id).map((m) => [vServerKey(m), m.Weight])),
  setWeight: (emulator, id, key, weight) =>
    emulator.setVServerGroupMembers(
      id,
      emulator.vServerGroupMembers(id).map((m) => (vServerKey(m) === key ? { ...m, Weight: weight } : m)),
    ),
  failureCode: "ObtainIpFail",
  breakMember: (emulator, _target, i) => emulator.seed(instance("slb", slbServer(i), "Stopped")),
  repairMember: (emulator, _target, i) => emulator.seed(instance("slb", slbServer(i), "Running")),
  progress: progressOf(VSERVER_ACTIONS, "VServer group"),
  batchSize: 20,
  attachments(target, layout) {
    const { alicloud } = builtPackage();
    for (const [name, indices] of Object.entries(layout))
      new alicloud.slb.VServerGroupAttachment(name, {
        vServerGroupId: target.id,
        backendServers: indices.map((i) => ({ serverId: slbServer(i), port: 8080, weight: 100 })),
      });
  },
};

const ENS_ACTIONS = SLB_ACTIONS;
const ensServer = (i: number) => `i-5uf6dwyzch3wly700${pad(i, 3)}`;

export const ensCase: ExampleCase = {
  title: "examples/alicloud-ens",
  project: "alicloud-ens-backend-servers",
  program: edgeTier,
  type: "alicloud-ens:BackendServerAttachment",
  name: "edge-0",
  property: "backendServers",
  newTarget(emulator, n) {
    const id = `lb-5qzcli${pad(n, 14)}`;
    const credential = alibabaCredential("CLIENS", n);
    emulator.seed({ credentials: [credential], ens: { loadBalancers: [{ loadBalancerId: id }] } });
    return targetOf(id, credential, alibabaConfig(credential), this.retarget(id));
  },
  retarget: (id) => ({ "alicloud-ens-backend-servers:loadBalancerIds": JSON.stringify([id]) }),
  webServers: (count) => ({ "alicloud-ens-backend-servers:edgeServers": String(count) }),
  canaryWeight: (weight) => ({ "alicloud-ens-backend-servers:canaryWeight": String(weight) }),
  webKey: (i) => `ens:${ensServer(i)}`,
  // A member with a port is registered under a label with it: a port change reads as a re-attachment.
  canaryKey: "eni:eni-5uf6dwyzch3wly7@192.168.0.1 port 3309",
  defaultWeights: { web: 100, canary: 10 },
  members: (emulator, id) =>
    Object.fromEntries(
      emulator
        .ensMembers(id)
        .map((m) => [
          `${m.Type}:${m.ServerId}${m.Type === "eni" ? `@${m.Ip} port ${m.Port}` : ""}`,
          m.Weight,
        ]),
    ),
  setWeight: (emulator, id, key, weight) =>
    emulator.setEnsMembers(id, reweighted(emulator.ensMembers(id), key, weight)),
  failureCode: "IncorrectInstanceStatus",
  breakMember: (emulator, _target, i) => emulator.seed(instance("ens", ensServer(i), "Stopped")),
  repairMember: (emulator, _target, i) => emulator.seed(instance("ens", ensServer(i), "Running")),
  progress: progressOf(ENS_ACTIONS, "load balancer"),
  batchSize: 20,
  attachments(target, layout) {
    const { alicloud } = builtPackage();
    for (const [name, indices] of Object.entries(layout))
      new alicloud.ens.BackendServerAttachment(name, {
        loadBalancerId: target.id,
        backendServers: indices.map((i) => ({ serverId: ensServer(i) })),
      });
  },
};

const ELB_REGION = "cn-north-4";
const ELB_PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d";
const ELB_SUBNET = "61da8098-954b-4809-bc5a-b99ccef8a398";
const ELB_ACTIONS = { add: "batch-add", set: "batch-update", remove: "batch-delete" };
const elbAddress = (i: number) => `192.168.0.${10 + i}`;

export const elbCase: ExampleCase = {
  title: "examples/huaweicloud-elb",
  project: "huaweicloud-elb-backend-servers",
  program: webPool,
  type: "huaweicloud-elb:BackendServerAttachment",
  name: "web",
  property: "members",
  newTarget(emulator, n) {
    const id = `04a9bc65-b75b-478d-b4d6-${pad(n, 12)}`;
    const credential = {
      accessKeyId: `CLIELB${pad(n, 14)}`,
      accessKeySecret: `cli/elb+Secret=NeverLeak${pad(n, 4)}`,
    };
    emulator.seed({ credentials: [credential], elb: { pools: [{ poolId: id, projectId: ELB_PROJECT }] } });
    return targetOf(id, credential, huaweiConfig(credential, ELB_REGION, ELB_PROJECT), this.retarget(id));
  },
  retarget: (id) => ({ "huaweicloud-elb-backend-servers:poolId": id }),
  webServers: (count) => ({ "huaweicloud-elb-backend-servers:webServers": String(count) }),
  canaryWeight: (weight) => ({ "huaweicloud-elb-backend-servers:onPremWeight": String(weight) }),
  webKey: (i) => `${elbAddress(i)}:8080`,
  canaryKey: "10.1.0.7:8080",
  defaultWeights: { web: 10, canary: 1 },
  members: (emulator, id) =>
    Object.fromEntries(emulator.elbMembers(id).map((m) => [`${m.address}:${m.protocol_port}`, m.weight])),
  setWeight(emulator, id, key, weight) {
    emulator.setElbMembers(
      id,
      emulator.elbMembers(id).map((m) => (`${m.address}:${m.protocol_port}` === key ? { ...m, weight } : m)),
    );
  },
  // ELB members are addresses, never stopped: the permanent error here is the member quota (ELB.8905),
  // lowered to one batch. It counts per pool, and the other tests' pools hold a handful of members.
  failureCode: "ELB.8905",
  breakMember: (emulator) => emulator.seed({ elb: { memberQuota: 200 } }),
  repairMember: (emulator) => emulator.seed({ elb: { memberQuota: 500 } }),
  progress: progressOf(ELB_ACTIONS, "pool"),
  batchSize: 200,
  attachments(target, layout) {
    const { huaweicloud } = builtPackage();
    for (const [name, indices] of Object.entries(layout))
      new huaweicloud.elb.BackendServerAttachment(name, {
        poolId: target.id,
        members: indices.map((i) => ({
          address: elbAddress(i),
          protocolPort: 8080,
          subnetCidrId: ELB_SUBNET,
          weight: 10,
        })),
      });
  },
};

const SERVER_GROUP_ACTIONS = {
  add: "AddServersToServerGroup",
  set: "UpdateServerGroupServersAttribute",
  remove: "RemoveServersFromServerGroup",
};
// Three digits: the keys sort as the numbers do, so the server broken last is in the second batch.
const groupServer = (i: number) => `i-bp1f9kdprbgy9uiu8${pad(i, 3)}`;
/** An ALB or NLB server as its key reads: `Ecs:i-...:80`, `Eni:eni-...@192.168.0.5:8080`. */
const serverKey = (s: ServerGroupServer) =>
  `${s.ServerType}:${s.ServerId}${s.ServerType === "Eni" || s.ServerType === "Eci" ? `@${s.ServerIp}` : ""}:${s.Port}`;

/** ALB's and NLB's examples differ in their names, their ports and their project's config keys. */
function serverGroupCase(api: "alb" | "nlb"): ExampleCase {
  const project = `alicloud-${api}-backend-servers`;
  const port = api === "alb" ? 80 : 443;
  const servers = api === "alb" ? "webServers" : "tcpServers";
  return {
    title: `examples/alicloud-${api}`,
    project,
    program: api === "alb" ? webGroup : tcpGroup,
    type: `alicloud-${api}:ServerGroupAttachment`,
    name: api === "alb" ? "web" : "tcp",
    property: "servers",
    newTarget(emulator, n) {
      const id = `sgp-cli${api}${pad(n, 10)}`;
      const credential = alibabaCredential(`CLI${api.toUpperCase()}`, n);
      emulator.seed({
        credentials: [credential],
        [api]: { serverGroups: [{ serverGroupId: id, regionId: SLB_REGION }] },
      });
      return targetOf(id, credential, alibabaConfig(credential, SLB_REGION), this.retarget(id));
    },
    retarget: (id) => ({ [`${project}:serverGroupId`]: id }),
    webServers: (count) => ({ [`${project}:${servers}`]: String(count) }),
    canaryWeight: (weight) => ({ [`${project}:canaryWeight`]: String(weight) }),
    webKey: (i) => `Ecs:${groupServer(i)}:${port}`,
    canaryKey: `Eni:eni-bp1e0u8f10by57wlabcd@192.168.0.5:${api === "alb" ? 8080 : 443}`,
    defaultWeights: { web: 100, canary: 10 },
    members: (emulator, id) =>
      Object.fromEntries(emulator.serverGroupServers(id).map((s) => [serverKey(s), s.Weight])),
    setWeight: (emulator, id, key, weight) =>
      emulator.setServerGroupServers(
        id,
        emulator.serverGroupServers(id).map((s) => (serverKey(s) === key ? { ...s, Weight: weight } : s)),
      ),
    // An instance released before it could be attached: the API pages' 404 ResourceNotFound.Ecs.
    failureCode: "ResourceNotFound.Ecs",
    breakMember: (emulator, _target, i) =>
      emulator.seed({ [api]: { servers: [{ serverId: groupServer(i), status: "Released" }] } }),
    repairMember: (emulator, _target, i) =>
      emulator.seed({ [api]: { servers: [{ serverId: groupServer(i), status: "Running" }] } }),
    progress: progressOf(SERVER_GROUP_ACTIONS, "server group"),
    batchSize: 200,
    attachments(target, layout) {
      const { alicloud } = builtPackage();
      for (const [name, indices] of Object.entries(layout))
        new alicloud[api].ServerGroupAttachment(name, {
          serverGroupId: target.id,
          servers: indices.map((i) => ({ serverId: groupServer(i), port, weight: 100 })),
        });
    },
  };
}

export const albCase = serverGroupCase("alb");
export const nlbCase = serverGroupCase("nlb");
