import * as pulumi from "@pulumi/pulumi";
import { type ElbMember } from "../../clouds/huaweicloud/elb/members";
import { type AttachmentOptionArgs, AttachmentResource } from "../attachmentResource";
import { delegatingProvider } from "../delegatingProvider";

export interface MemberArgs {
  /** The member's IPv4 or IPv6 address; without `subnetCidrId`, a private IPv4 address ("IP as backend"). */
  address: pulumi.Input<string>;
  /** 0 to 65535; 0 for the pools of gateway load balancers. */
  protocolPort: pulumi.Input<number>;
  /** The IPv4 or IPv6 subnet of the address, in the load balancer's VPC. */
  subnetCidrId?: pulumi.Input<string>;
  /** 0 to 100, default 1 (ELB's default); 0 sends no new requests to the member. */
  weight?: pulumi.Input<number>;
  /** At most 255 characters. Left as it is in the cloud when not declared. */
  name?: pulumi.Input<string>;
}

export interface BackendServerAttachmentArgs extends AttachmentOptionArgs {
  /** The backend server group (pool). */
  poolId: pulumi.Input<string>;
  /** Default: stack config `huaweicloud:projectId`, else env `HUAWEICLOUD_SDK_PROJECT_ID` / `HW_PROJECT_ID`. */
  projectId?: pulumi.Input<string>;
  /** Default: stack config `huaweicloud:region`, else env `HUAWEICLOUD_REGION` / `HW_REGION_NAME`. */
  region?: pulumi.Input<string>;
  members: pulumi.Input<pulumi.Input<MemberArgs>[]>;
}

/** The `pulumi.dynamic.ResourceProvider` behind `BackendServerAttachment`. */
export const BackendServerAttachmentProvider = delegatingProvider("huaweicloud.elb");

// One instance for every resource: Pulumi caches the serialized text per provider object.
const provider = new BackendServerAttachmentProvider();

/** The members of a Huawei Cloud ELB v3 backend server group, reconciled in batches of 200. */
export class BackendServerAttachment extends AttachmentResource {
  declare readonly poolId: pulumi.Output<string>;
  declare readonly projectId: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  /** The members this resource manages, keyed by identity (`192.168.0.48:8080`), with ELB's `id` and `operatingStatus`. */
  declare readonly members: pulumi.Output<Record<string, ElbMember>>;

  constructor(name: string, args: BackendServerAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      "huaweicloud-elb",
      name,
      args,
      {
        poolId: args.poolId,
        projectId: args.projectId,
        region: args.region,
        // As given: check keys the list by identity, and reports a missing list or one that is not a list.
        members: args.members,
      },
      opts,
    );
  }
}
