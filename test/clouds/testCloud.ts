import type { Cloud, Emulator, EmulatorCredential, EmulatorSeed } from "../../emulator";
import type { Registration } from "../../harness/miniEngine";
import type { CustomResourceOptions } from "@pulumi/pulumi";
import type { AttachmentKind } from "../../provider/clouds/attachmentKind";

/** Members as the tests compare them on any cloud: identity (as the resource keys a member) to weight. */
export type Members = Map<string, number>;

/** What a test adds to a seed: fields of the first target's entry, and fields of the API's section. */
export interface SeedExtra {
  target?: Record<string, unknown>;
  api?: Record<string, unknown>;
}

/**
 * One cloud API as every suite drives it (integration, engine, soak, CLI): the ids and credentials its
 * emulator is seeded with, how a stack declares members, and how the tests read and change the members
 * the cloud has, all in one form, so a behaviour the three clouds share is written once.
 */
export interface TestCloud {
  /** The resource kind (`alicloud.slb`, `alicloud.slb.vserver`, `alicloud.ens`, `huaweicloud.elb`...). */
  name:
    | "alicloud.slb"
    | "alicloud.slb.vserver"
    | "alicloud.ens"
    | "huaweicloud.elb"
    | "alicloud.alb"
    | "alicloud.nlb";
  /** The emulator's name for the API: its call log is filtered by it. */
  api: Cloud;
  batchSize: number;
  /** Where an update carries fewer members per call than `batchSize` (ALB: 40). */
  setBatchSize?: number;
  /**
   * For an API whose writes are asynchronous (ALB, NLB): the read that follows each write's job to its end.
   * The emulator ends a job by the next request, so each write is followed by exactly one such read.
   */
  completion?: string;
  /** The most members one read returns (the API's largest page); default all of them. */
  listPage?: number;
  /** The resource's type name; default `BackendServerAttachment`. */
  resourceType?: string;
  /** Declares the resource, from the compiled package as a program would (inside `captureRegistrations`). */
  declareResource(name: string, args: Record<string, unknown>, options?: CustomResourceOptions): void;
  /** The real kind, for suites that drive the provider in-process. */
  kind: AttachmentKind<any>;
  /** The input naming the load balancer (or group, or pool), and the input (and output) holding the members. */
  targetField: "loadBalancerId" | "vServerGroupId" | "poolId" | "serverGroupId";
  /** The request parameter naming the target. */
  targetParam: "LoadBalancerId" | "VServerGroupId" | "poolId" | "ServerGroupId";
  membersField: "backendServers" | "members" | "servers";
  /** How messages and progress lines name the target: `load balancer lb-…`, `pool 04a9…`. */
  targetNoun: "load balancer" | "VServer group" | "pool" | "server group";
  /** The load balancer (or pool) the tests attach to, and a second one of the same account. */
  target: string;
  target2: string;
  /** A long-term AccessKey of the account, and an STS credential of it. */
  key: EmulatorCredential;
  sts: Required<EmulatorCredential>;
  /** An emulator seed with both targets and both credentials. */
  seed(extra?: SeedExtra): EmulatorSeed;
  /** Stack config giving this credential (default `key`) as the README tells users to. */
  config(credential?: EmulatorCredential): Record<string, string>;
  /** The environment that points the provider at this emulator. */
  env(emulator: Emulator): Record<string, string>;
  /** The API's read of the members, and its three writes. */
  actions: { read: string; add: string; set: string; remove: string };
  /** The identity of the i-th member a stack declares, and of the i-th one a stranger attaches. */
  ours(i: number): string;
  theirs(i: number): string;
  /** A member with this identity and weight in the resource's input form. */
  declare(identity: string, weight: number): Record<string, unknown>;
  /** The identity of a member in input or output form. */
  identity(member: Record<string, unknown>): string;
  /** The members the cloud has now. */
  read(emulator: Emulator, target?: string): Members;
  /** Another client replaces the members (out of band). */
  write(emulator: Emulator, members: Members, target?: string): void;
  /**
   * A permanent refusal of the add that takes in the `i`-th member this stack declares (`ours(i)`): the
   * seed that makes the cloud refuse it, the code the cloud answers, and the seed that lifts it.
   */
  refuseFrom(i: number): { seed: EmulatorSeed; code: string; lift: EmulatorSeed };
  /** The members a remove call detached: by identity, or by the id the cloud gave them (see `memberIds`). */
  removed(action: string, params: Record<string, unknown>): string[];
  /** For clouds whose removes name members by an id the cloud assigned: that id of each member, with its identity. */
  memberIds?(emulator: Emulator): Iterable<[string, string]>;
  /**
   * For clouds that report per-member health (the seed gives the target a health check): whether each
   * member is healthy now, by identity, and which calls read health.
   */
  health?: {
    healthy(emulator: Emulator): Map<string, boolean>;
    readsHealth(action: string): boolean;
  };
  /** The member entries a write request carried, in the cloud's own wire form. */
  sent(params: Record<string, unknown>): Record<string, unknown>[];
  /** The member one such entry names: by identity, or by the id the cloud gave it (see `memberIds`). */
  named(entry: Record<string, unknown>): string;
  /** The load balancer (or pool) is deleted outside Pulumi. */
  deleteTarget(emulator: Emulator, target?: string): void;
}

/** `n` members this stack declares, from the `from`-th, all with one weight. */
export const ours = (cloud: TestCloud, n: number, weight: number, from = 0): Members =>
  new Map(Array.from({ length: n }, (_, i) => [cloud.ours(from + i), weight]));

/** The resource's inputs declaring these members on the target. */
export function inputs(
  cloud: TestCloud,
  members: Members,
  extra: Record<string, unknown> = {},
  target = cloud.target,
): Record<string, unknown> {
  return {
    [cloud.targetField]: target,
    [cloud.membersField]: [...members].map(([identity, weight]) => cloud.declare(identity, weight)),
    ...extra,
  };
}

/**
 * One emulator seed for several clouds: each API's section as its cloud gives it (with what `extra` adds
 * for that cloud), and their credentials together. Two clouds of one API (CLB's default group and its
 * VServer groups) add to one section: their lists are joined.
 */
export function seedOfClouds(
  clouds: readonly TestCloud[],
  extra?: (cloud: TestCloud) => SeedExtra,
): EmulatorSeed {
  const seed: Record<string, Record<string, unknown>> = {};
  const credentials: EmulatorCredential[] = [];
  for (const cloud of clouds) {
    const { credentials: own = [], ...sections } = cloud.seed(extra?.(cloud));
    for (const credential of own)
      if (!credentials.some((c) => c.accessKeyId === credential.accessKeyId)) credentials.push(credential);
    for (const [api, section] of Object.entries(sections) as [string, Record<string, unknown>][]) {
      const joined = (seed[api] ??= {});
      for (const [key, value] of Object.entries(section))
        joined[key] = Array.isArray(value) && Array.isArray(joined[key]) ? [...joined[key], ...value] : value;
    }
  }
  return { ...seed, credentials } as EmulatorSeed;
}

/** The environment that points the provider at these clouds' APIs on this emulator. */
export const endpointsOf = (clouds: readonly TestCloud[], emulator: Emulator): Record<string, string> =>
  Object.assign({}, ...clouds.map((cloud) => cloud.env(emulator)));

/**
 * The calls a cloud receives for this sequence of reads and writes: on an asynchronous API each write is
 * followed by the read of its job (one, as the emulator ends jobs by the next request).
 */
export const withCompletion = (cloud: TestCloud, actions: readonly string[]): string[] =>
  actions.flatMap((action) =>
    cloud.completion !== undefined && isWrite(cloud, action) ? [action, cloud.completion] : [action],
  );

/** The reads that list `attached` members: one per page, at least one. */
export const readsOf = (cloud: TestCloud, attached: number): string[] =>
  Array.from(
    { length: Math.max(1, Math.ceil(attached / (cloud.listPage ?? Infinity))) },
    () => cloud.actions.read,
  );

/** The members one update call carries at most. */
export const setBatchOf = (cloud: TestCloud): number => cloud.setBatchSize ?? cloud.batchSize;

/** Whether a call is one of the API's writes. */
export const isWrite = (cloud: TestCloud, action: string): boolean =>
  [cloud.actions.add, cloud.actions.set, cloud.actions.remove].includes(action);

/**
 * The program: one attachment named `name` with these inputs, registered under `config`. The capture (and
 * @pulumi/pulumi with it, a second to load) is imported on first use, so suites that drive the provider
 * in-process do not pay for it.
 */
export async function program(
  cloud: TestCloud,
  args: Record<string, unknown>,
  options: { name?: string; config?: Record<string, string> } = {},
): Promise<Registration[]> {
  const { captureRegistrations } = await import("../../harness/registrations");
  return captureRegistrations(() => cloud.declareResource(options.name ?? "web", args), {
    config: options.config ?? cloud.config(),
  });
}
