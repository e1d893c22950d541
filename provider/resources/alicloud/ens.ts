import * as pulumi from "@pulumi/pulumi";
import { type EnsBackendServer, type EnsServerType } from "../../clouds/alicloud/ens/members";
import { type AttachmentOptionArgs, AttachmentResource } from "../attachmentResource";
import { delegatingProvider } from "../delegatingProvider";

export interface BackendServerArgs {
  /** ENS instance (`i-...`) or ENI (`eni-...`) ID. */
  serverId: pulumi.Input<string>;
  /** Default `ens`. */
  type?: pulumi.Input<EnsServerType>;
  /** Required for `eni`; an ENI with several IPs is declared once per IP. */
  ip?: pulumi.Input<string>;
  /** 0 to 100, default 100; 0 sends no new requests to the server. */
  weight?: pulumi.Input<number>;
  /** The backend port, 1 to 65535; changed in place. Unset: left as the cloud has it. */
  port?: pulumi.Input<number>;
}

export interface BackendServerAttachmentArgs extends AttachmentOptionArgs {
  /** The ENS edge load balancer (`lb-...`). ENS has one central endpoint: there is no region. */
  loadBalancerId: pulumi.Input<string>;
  backendServers: pulumi.Input<pulumi.Input<BackendServerArgs>[]>;
}

/** The `pulumi.dynamic.ResourceProvider` behind `BackendServerAttachment`. */
export const BackendServerAttachmentProvider = delegatingProvider("alicloud.ens");

// One instance for every resource: Pulumi caches the serialized text per provider object.
const provider = new BackendServerAttachmentProvider();

/**
 * The backend servers of an Alibaba Cloud ENS edge load balancer, reconciled in batches of 20 and paced
 * to the account's 10 calls per second, shared by every ENS resource of the deployment.
 */
export class BackendServerAttachment extends AttachmentResource {
  declare readonly loadBalancerId: pulumi.Output<string>;
  /** The members this resource manages, keyed by identity (`ens:i-...`, `eni:eni-...@192.168.0.1`). */
  declare readonly backendServers: pulumi.Output<Record<string, EnsBackendServer>>;

  constructor(name: string, args: BackendServerAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      "alicloud-ens",
      name,
      args,
      {
        loadBalancerId: args.loadBalancerId,
        // As given: check keys the list by identity, and reports a missing list or one that is not a list.
        backendServers: args.backendServers,
      },
      opts,
    );
  }
}
