import { createRequire } from "node:module";
import { join } from "node:path";
import { asFrontEnd, DYNAMIC, type FrontEnd } from "./frontEnd";
import { MiniEngine, type ResourceState } from "./miniEngine";
import { type Plugin, startPlugin } from "./plugin";
import { makeProjectDir, REPO_ROOT } from "./project";

/**
 * The package as a user's program loads it: the compiled `dist`, through Node's own require, so that the
 * `__provider` text a test captures is byte for byte what `pulumi up` would store.
 */
export function builtPackage(): typeof import("../provider/index") {
  return createRequire(join(REPO_ROOT, "package.json"))("./dist/index.js");
}

/**
 * A stack whose state outlives each command, with a fresh plugin per command as the Pulumi CLI starts
 * one per `pulumi up`, `preview`, `refresh` or `destroy`. `frontEnd` says which plugin serves it: the
 * dynamic-provider plugin (default), or this package's provider plugin with the same program.
 */
export class Stack {
  readonly state = new Map<string, ResourceState>();
  private readonly pendingDeletes: ResourceState[] = [];
  /** Everything the plugins printed, command after command. */
  readonly output = { stdout: "", stderr: "" };

  constructor(
    private readonly env: Record<string, string>,
    private readonly config: Record<string, string>,
    readonly frontEnd: FrontEnd = DYNAMIC,
  ) {}

  /** Runs one command: starts the plugin, configures it, hands it the state, and keeps what it left. */
  async run<T>(command: (engine: MiniEngine, plugin: Plugin) => Promise<T>): Promise<T> {
    const started = await startPlugin({
      cwd: await makeProjectDir(),
      env: this.env,
      kind: this.frontEnd.name,
    });
    const plugin = asFrontEnd(started, this.frontEnd);
    try {
      await plugin.configure(this.frontEnd.configuration(this.config));
      const engine = new MiniEngine(plugin);
      for (const [urn, resource] of this.state) engine.state.set(urn, resource);
      engine.pendingDeletes.push(...this.pendingDeletes.splice(0));
      try {
        return await command(engine, plugin);
      } finally {
        this.state.clear();
        for (const [urn, resource] of engine.state) this.state.set(urn, resource);
        this.pendingDeletes.push(...engine.pendingDeletes);
      }
    } finally {
      // Once the plugin has exited its pipes are drained: lines written just before are not lost.
      await plugin.close();
      const { stdout, stderr } = plugin.output();
      this.output.stdout += stdout;
      this.output.stderr += stderr;
    }
  }
}
