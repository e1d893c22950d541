import type { AttachmentKind } from "../../provider/clouds/attachmentKind";
import { AttachmentProvider } from "../../provider/runtime/attachmentProvider";
import { RunShared } from "../../provider/reconcile/runShared";
import { fixedSettings } from "../../provider/reconcile/settings";
import { assertConforming } from "../../emulator/contract/conformance";
import { SHORT_RETRIES } from "../../harness/shortRetries";
import { type EmulatorSeed, type StartOptions, startEmulator } from "../../emulator";
import type { TestCloud } from "../clouds";

export interface WorldOptions {
  /** Environment beyond the emulator's endpoint and fast retries (added last, so it can override them). */
  env?: Record<string, string>;
  /** The emulator's seed; default the cloud's own (both targets, both credentials). */
  seed?: EmulatorSeed;
  /** Stack config; default the cloud's, with its long-term key. */
  config?: Record<string, string>;
  /** The emulator's clock (its rate limits, call timestamps); default Date.now. */
  now?: () => number;
  /** Rate quotas the emulator enforces in place of the documented ones. */
  quotas?: StartOptions["quotas"];
  /** The run the providers belong to, as the runtime shares one among all resources; default a new one. */
  shared?: RunShared;
  /** Wraps the real kind, e.g. to interpose on the adapter. */
  kind?: (real: AttachmentKind<any>) => AttachmentKind<any>;
}

/**
 * One emulator for `cloud`, and the generic dynamic provider over the cloud's real kind, reaching the
 * emulator through the vendor's real SDK, with retries shortened so a test of backoff takes milliseconds.
 * Closing it checks every request the provider sent against the vendors' definitions.
 */
export async function world(cloud: TestCloud, options: WorldOptions = {}) {
  const emulator = await startEmulator({
    seed: options.seed ?? cloud.seed(),
    ...(options.now ? { now: options.now } : {}),
    ...(options.quotas ? { quotas: options.quotas } : {}),
  });
  const log: string[] = [];
  const settings = fixedSettings(options.config ?? cloud.config(), {
    ...cloud.env(emulator),
    ...SHORT_RETRIES,
    ...options.env,
  });
  const kind = options.kind ? options.kind(cloud.kind) : cloud.kind;
  /** Each provider object is separate; what they share is the run (e.g. ENS's per-account limiter). */
  const shared = options.shared ?? new RunShared();
  const newProvider = () =>
    new AttachmentProvider<unknown>(kind, { settings, log: (line) => log.push(line), shared });
  const calls = (action?: string) => emulator.calls({ cloud: cloud.api, ...(action ? { action } : {}) });
  return {
    cloud,
    emulator,
    settings,
    shared,
    provider: newProvider(),
    newProvider,
    log,
    /** The actions the cloud received, in order. */
    actions: () => calls().map((c) => c.action),
    /** The member entries of each `action` request, in the cloud's wire form. */
    sent: (action: string) => calls(action).map((c) => cloud.sent(c.params)),
    /**
     * The members each `action` request named, by identity; `ids` (from `ids()` taken before the call)
     * turns the ids a cloud removes by back into identities.
     */
    named: (action: string, ids: Map<string, string> = new Map()) =>
      calls(action).map((c) =>
        cloud.sent(c.params).map((entry) => ids.get(cloud.named(entry)) ?? cloud.named(entry)),
      ),
    /** The id the cloud gave each member it has now, to its identity (empty for clouds that assign none). */
    ids: () => new Map(cloud.memberIds?.(emulator) ?? []),
    close: async () => {
      const all = emulator.calls();
      await emulator.close();
      assertConforming(all);
    },
  };
}

export type World = Awaited<ReturnType<typeof world>>;
