import type { Emulator } from "../../emulator";

/** One cloud's part of the demo: an example program, a change to it, and drift made behind its back. */
export interface Scene {
  title: string;
  /** The example program, run as `pulumi up` would run it. */
  example: string;
  /** The example's Pulumi project name: its config keys are `<project>:<key>`. */
  project: string;
  /** The example's first attachment: its type (after `pulumi-nodejs:dynamic/`), name and member property. */
  resource: { type: string; name: string; property: string };
  /** Stack config for the first run (credentials and region, as `pulumi config set` would store them). */
  config: (emulator: Emulator) => Record<string, string>;
  /** Environment of the plugin: where the emulator's endpoints are. */
  env: (emulator: Emulator) => Record<string, string>;
  /** Config that makes the second version of the program. */
  change: Record<string, string>;
  changeStory: string;
  /** Something attached by someone else before the first run: it must survive everything. */
  foreign: (emulator: Emulator) => string;
  /** An out-of-band change, described for the reader. */
  drift: (emulator: Emulator) => string;
  /** The members the cloud has, one line each. */
  members: (emulator: Emulator) => string[];
}
