import * as pulumi from "@pulumi/pulumi";
import { type SlbBackendServer, type SlbServerType } from "../../clouds/alicloud/slb/members";
import type { VServerBackendServer } from "../../clouds/alicloud/slb/vserverMembers";
import { type AttachmentOptionArgs, AttachmentResource } from "../attachmentResource";
import { delegatingProvider } from "../delegatingProvider";

export interface BackendServerArgs {
  /** ECS instance (`i-...`), ENI (`eni-...`) or elastic container instance (`eci-...`) ID. */
  serverId: pulumi.Input<string>;
  /** Default `ecs`. */
  type?: pulumi.Input<SlbServerType>;
  /** Required for `eni` and `eci`; an ENI with several IPs is declared once per IP. */
  serverIp?: pulumi.Input<string>;
  /** 0 to 100, default 100; 0 sends no new requests to the server. */
  weight?: pulumi.Input<number>;
  port?: pulumi.Input<number>;
  /** 1 to 80 letters, digits, `-`, `/`, `.` or `_`. */
  description?: pulumi.Input<string>;
}

export interface BackendServerAttachmentArgs extends AttachmentOptionArgs {
  loadBalancerId: pulumi.Input<string>;
  /** Default: stack config `alicloud:region`, else env `ALIBABA_CLOUD_REGION_ID` / `ALICLOUD_REGION`. */
  regionId?: pulumi.Input<string>;
  backendServers: pulumi.Input<pulumi.Input<BackendServerArgs>[]>;
}

/** The `pulumi.dynamic.ResourceProvider` behind `BackendServerAttachment`. */
export const BackendServerAttachmentProvider = delegatingProvider("alicloud.slb");

// One instance for every resource: Pulumi caches the serialized text per provider object.
const provider = new BackendServerAttachmentProvider();

/**
 * The backend servers of an Alibaba Cloud CLB (SLB) load balancer's default server group, reconciled in
 * batches of 20.
 */
export class BackendServerAttachment extends AttachmentResource {
  declare readonly loadBalancerId: pulumi.Output<string>;
  declare readonly regionId: pulumi.Output<string>;
  /** The members this resource manages, keyed by identity (`ecs:i-...`, `eni:eni-...@10.0.0.5`). */
  declare readonly backendServers: pulumi.Output<Record<string, SlbBackendServer>>;

  constructor(name: string, args: BackendServerAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      "alicloud-slb",
      name,
      args,
      {
        loadBalancerId: args.loadBalancerId,
        regionId: args.regionId,
        // As given: check keys the list by identity, and reports a missing list or one that is not a list.
        backendServers: args.backendServers,
      },
      opts,
    );
  }
}

export interface VServerBackendServerArgs extends Omit<BackendServerArgs, "port"> {
  /** The backend port, 1 to 65535: a VServer group member is a server on a port. */
  port: pulumi.Input<number>;
}

export interface VServerGroupAttachmentArgs extends AttachmentOptionArgs {
  /** The VServer group (`rsp-...`); its load balancer is read from the group. */
  vServerGroupId: pulumi.Input<string>;
  /** Default: stack config `alicloud:region`, else env `ALIBABA_CLOUD_REGION_ID` / `ALICLOUD_REGION`. */
  regionId?: pulumi.Input<string>;
  backendServers: pulumi.Input<pulumi.Input<VServerBackendServerArgs>[]>;
}

/** The `pulumi.dynamic.ResourceProvider` behind `VServerGroupAttachment`. */
export const VServerGroupAttachmentProvider = delegatingProvider("alicloud.slb.vserver");

const vServerProvider = new VServerGroupAttachmentProvider();

/**
 * The backend servers of an Alibaba Cloud CLB (SLB) VServer group, reconciled in batches of 20. A member
 * is a server on a port: the same ECS instance on two ports is two members.
 */
export class VServerGroupAttachment extends AttachmentResource {
  declare readonly vServerGroupId: pulumi.Output<string>;
  declare readonly regionId: pulumi.Output<string>;
  /** The members this resource manages, keyed by identity (`ecs:i-...:80`, `eni:eni-...@10.0.0.5:80`). */
  declare readonly backendServers: pulumi.Output<Record<string, VServerBackendServer>>;

  constructor(name: string, args: VServerGroupAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      vServerProvider,
      "alicloud-slb",
      name,
      args,
      { vServerGroupId: args.vServerGroupId, regionId: args.regionId, backendServers: args.backendServers },
      opts,
      "VServerGroupAttachment",
    );
  }
}
