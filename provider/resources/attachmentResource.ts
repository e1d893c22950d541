import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_NAME_KEY } from "../core/resourceName";
import type { MemberHealth, RolloutArgs } from "./rolloutArgs";

/** The arguments every attachment takes besides its target and its members. */
export interface AttachmentOptionArgs {
  /**
   * Default false: only the declared members are managed, and members attached by anyone else stay.
   * True: this resource owns the whole group (CLB: the load balancer's default server group, or the VServer
   * group; ENS: the load balancer; Huawei: the pool; ALB, NLB: the server group) and removes every member
   * it does not declare.
   */
  exclusive?: pulumi.Input<boolean>;
  /** Opt-in: health in outputs, health-gated additions, drain before removal, a removal guard. */
  rollout?: pulumi.Input<RolloutArgs>;
}

/**
 * What every attachment class has in common: ownership, the opt-in rollout and the health it reports, and
 * the hidden input that carries the resource's own name to `check`. Each subclass adds its cloud's target
 * and member inputs and passes its own delegating provider, the one object Pulumi serializes into state,
 * and its type (`BackendServerAttachment` unless it says otherwise).
 */
export abstract class AttachmentResource extends pulumi.dynamic.Resource {
  declare readonly exclusive: pulumi.Output<boolean>;
  declare readonly rollout: pulumi.Output<RolloutArgs | undefined>;
  /** With `rollout`: each managed member's health as the cloud reports it, by member key. */
  declare readonly health: pulumi.Output<Record<string, MemberHealth> | undefined>;

  protected constructor(
    provider: pulumi.dynamic.ResourceProvider,
    pulumiModule: string,
    name: string,
    args: AttachmentOptionArgs,
    cloudInputs: Record<string, unknown>,
    opts: pulumi.CustomResourceOptions | undefined,
    pulumiType = "BackendServerAttachment",
  ) {
    super(
      provider,
      name,
      {
        ...cloudInputs,
        exclusive: args.exclusive,
        rollout: args.rollout,
        health: undefined,
        [RESOURCE_NAME_KEY]: name,
      },
      opts,
      pulumiModule,
      pulumiType,
    );
  }
}
