import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_NAME_KEY } from "../core/resourceName";
import type { MemberHealth, RolloutArgs } from "./rolloutArgs";

/** The arguments every attachment takes besides its target and its members. */
interface SharedArgs {
  exclusive?: pulumi.Input<boolean>;
  rollout?: pulumi.Input<RolloutArgs>;
}

/**
 * What the three `BackendServerAttachment` classes have in common: ownership, the opt-in rollout and the
 * health it reports, and the hidden input that carries the resource's own name to `check`. Each subclass
 * adds its cloud's target and member inputs and passes its own delegating provider, the one object Pulumi
 * serializes into state.
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
    args: SharedArgs,
    cloudInputs: Record<string, unknown>,
    opts: pulumi.CustomResourceOptions | undefined,
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
      "BackendServerAttachment",
    );
  }
}
