import * as pulumi from "@pulumi/pulumi";
import type { ServerGroupMember } from "../../clouds/alicloud/serverGroup/members";
import { AttachmentResource } from "../attachmentResource";
import { delegatingProvider } from "../delegatingProvider";
import type { ServerGroupAttachmentArgs } from "./serverGroupArgs";

export type { ServerArgs, ServerGroupAttachmentArgs } from "./serverGroupArgs";

/** The `pulumi.dynamic.ResourceProvider` behind `ServerGroupAttachment`. */
export const ServerGroupAttachmentProvider = delegatingProvider("alicloud.alb");

// One instance for every resource: Pulumi caches the serialized text per provider object.
const provider = new ServerGroupAttachmentProvider();

/**
 * The backend servers of an existing Alibaba Cloud ALB server group, reconciled in batches of 200 (40 for
 * weight and description changes), each write followed to completion before the next one is sent.
 */
export class ServerGroupAttachment extends AttachmentResource {
  declare readonly serverGroupId: pulumi.Output<string>;
  declare readonly regionId: pulumi.Output<string>;
  /** The servers this resource manages, keyed by identity (`Ecs:i-...:80`, `Eni:eni-...@10.0.0.5:80`). */
  declare readonly servers: pulumi.Output<Record<string, ServerGroupMember>>;

  constructor(name: string, args: ServerGroupAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      "alicloud-alb",
      name,
      args,
      {
        serverGroupId: args.serverGroupId,
        regionId: args.regionId,
        // As given: check keys the list by identity, and reports a missing list or one that is not a list.
        servers: args.servers,
      },
      opts,
      "ServerGroupAttachment",
    );
  }
}
