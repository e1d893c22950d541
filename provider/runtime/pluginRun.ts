import type { AttachmentKind } from "../clouds/attachmentKind";
import { RunShared } from "../reconcile/runShared";
import type { Settings } from "../reconcile/settings";
import { AttachmentProvider } from "./attachmentProvider";
import { Coordination } from "./coordination";
import { stackSettings } from "./settings";

/**
 * One `pulumi` command as the plugin process serves it: the engine starts a new process for each, and
 * runs every dynamic resource of the deployment in it. The entry point builds one; every resource type
 * draws its settings, claims and shared quota windows from it, and nothing else holds run state.
 */
export class PluginRun {
  private settings: Settings = stackSettings(undefined);
  private readonly coordination = new Coordination();
  private readonly shared = new RunShared();
  private providers = new Map<string, AttachmentProvider<unknown>>();

  constructor(
    private readonly kinds: Readonly<Record<string, AttachmentKind<any, any>>>,
    private readonly log: (line: string) => void,
  ) {}

  /** The stack config replaces the previous one (the engine sends the whole config each time). */
  configure(config: { get(key: string): unknown } | undefined): void {
    this.use(stackSettings(config));
  }

  /** Settings made elsewhere: the provider plugin's, from its provider's configuration. */
  use(settings: Settings): void {
    this.settings = settings;
    this.providers = new Map();
  }

  provider(kind: string): AttachmentProvider<unknown> {
    let provider = this.providers.get(kind);
    if (!provider) {
      const spec = Object.hasOwn(this.kinds, kind) ? this.kinds[kind] : undefined;
      if (!spec) {
        throw new Error(
          `pulumi-backend-servers has no resource kind "${kind}": the installed package is older than the state`,
        );
      }
      provider = new AttachmentProvider(spec, {
        settings: this.settings,
        log: this.log,
        coordination: this.coordination,
        shared: this.shared,
      });
      this.providers.set(kind, provider);
    }
    return provider;
  }
}
