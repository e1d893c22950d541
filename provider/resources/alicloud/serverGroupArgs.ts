import type * as pulumi from "@pulumi/pulumi";
import type { ServerType } from "../../clouds/alicloud/serverGroup/members";
import type { AttachmentOptionArgs } from "../attachmentResource";

/** One backend server of an ALB or NLB server group, in the vendors' fields. */
export interface ServerArgs {
  /** ECS instance (`i-...`), ENI (`eni-...`), elastic container instance (`eci-...`), or for `Ip` the address. */
  serverId: pulumi.Input<string>;
  /** `Ecs` (default), `Eni`, `Eci` or `Ip`. */
  serverType?: pulumi.Input<ServerType>;
  /** Required for `Eni` and `Eci`: a server with several IPs is declared once per IP. */
  serverIp?: pulumi.Input<string>;
  /** 1 to 65535. Part of the identity: a new port is another backend. */
  port?: pulumi.Input<number>;
  /** 0 to 100, default 100; 0 sends no new requests to the server. */
  weight?: pulumi.Input<number>;
  description?: pulumi.Input<string>;
}

export interface ServerGroupAttachmentArgs extends AttachmentOptionArgs {
  /** The server group (`sgp-...`); this resource manages its servers, never the group itself. */
  serverGroupId: pulumi.Input<string>;
  /** Default: stack config `alicloud:region`, else env `ALIBABA_CLOUD_REGION_ID` / `ALICLOUD_REGION`. */
  regionId?: pulumi.Input<string>;
  servers: pulumi.Input<pulumi.Input<ServerArgs>[]>;
}
