/**
 * Progress and drift lines, as the user sees them. The engine hides what a provider plugin writes to
 * stdout and stderr (it shows it only with debug logging, or when the plugin dies: sdk/go/common/resource/
 * plugin/plugin.go, `unstructuredOutput`, v3.248.0); only the dynamic-provider plugin's stderr is shown.
 * So each line goes to the engine's `Log` RPC (the address the engine passes as the plugin's argument),
 * attached to the resource whose call wrote it, and to stderr as well, for a plugin driven without an
 * engine (the test harness) and for debug logs.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { credentials } from "@grpc/grpc-js";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";

export class EngineLog {
  private readonly client: EngineClient | undefined;
  /** The URN of the resource the current call is for. */
  private readonly resource = new AsyncLocalStorage<string>();
  private readonly pending = new Set<Promise<void>>();

  constructor(engineAddress: string | undefined) {
    this.client = engineAddress ? new EngineClient(engineAddress, credentials.createInsecure()) : undefined;
  }

  /** Runs `work` for the resource `urn`: the lines it logs are attached to that resource. */
  for<T>(urn: string, work: () => Promise<T>): Promise<T> {
    return this.resource.run(urn, work);
  }

  log(line: string): void {
    console.error(line);
    const client = this.client;
    if (client === undefined) return;
    const request = new LogRequest()
      .setSeverity(LogSeverity.INFO)
      .setMessage(line)
      .setUrn(this.resource.getStore() ?? "");
    // A line that cannot be delivered is still on stderr: it never fails the operation.
    const sent = new Promise<void>((resolve) => client.log(request, () => resolve()));
    this.pending.add(sent);
    void sent.then(() => this.pending.delete(sent));
  }

  /** Resolves once every line logged so far is delivered (or refused): before a call answers. */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
