import { type ChildProcessByStdio, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { credentials, type ServiceError } from "@grpc/grpc-js";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import {
  CheckRequest,
  type CheckResponse,
  ConfigureRequest,
  type ConfigureResponse,
  CreateRequest,
  type CreateResponse,
  DeleteRequest,
  DiffRequest,
  DiffResponse,
  GetSchemaRequest,
  type GetSchemaResponse,
  PropertyDiff,
  ReadRequest,
  type ReadResponse,
  UpdateRequest,
  type UpdateResponse,
} from "@pulumi/pulumi/proto/provider_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { PluginCallError } from "./pluginError";
import { REPO_ROOT } from "./project";
import { fromStruct, type Props, toStruct } from "./struct";
import { urnNameAndType } from "./urn";

export { PluginCallError } from "./pluginError";
export { type Props, UNKNOWN } from "./struct";

/** The script `pulumi-resource-pulumi-nodejs` runs: the real dynamic-provider plugin. */
const DYNAMIC_PLUGIN = join(
  REPO_ROOT,
  "node_modules",
  "@pulumi",
  "pulumi",
  "cmd",
  "dynamic-provider",
  "index.js",
);

/** This package's provider plugin, as the engine starts it (`bin/` runs the built `dist/plugin`). */
export const PROVIDER_PLUGIN = join(REPO_ROOT, "bin", "pulumi-resource-backend-servers");

/** Which plugin serves the resources: the dynamic-provider plugin, or this package's own. */
export type PluginKind = "dynamic" | "backend-servers";

/** The plugin requires an engine address argument but never dials it. */
const UNUSED_ENGINE_ADDRESS = "127.0.0.1:1";

export interface PluginOptions {
  /** Working directory: where the provider text's `require()` calls resolve (see makeProjectDir). */
  cwd: string;
  /** Added to a minimal PATH/HOME environment; nothing else is inherited from the test process. */
  env?: Record<string, string>;
  /** Default "dynamic". */
  kind?: PluginKind;
}

export type DiffChanges = "none" | "some" | "unknown";

/** A detailed diff entry's kind, as `provider_pb.PropertyDiff.Kind` names it, in lower case. */
export type PropertyDiffKind =
  "add" | "add_replace" | "delete" | "delete_replace" | "update" | "update_replace";

export interface DiffResult {
  changes: DiffChanges;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Property path -> kind; absent when the plugin sent no detailed diff (the dynamic plugin never does). */
  detailedDiff?: Record<string, PropertyDiffKind>;
}

export interface Plugin {
  getPluginInfo(): Promise<{ version: string }>;
  /**
   * For the dynamic plugin, `config` is the whole stack config, keys like "alicloud:region", as the engine
   * sends it; for a provider plugin, the provider's own inputs. Call it once before any resource call, as
   * the engine does: the dynamic plugin hands this config to each provider text's `configure` on that
   * text's first use, and without it `config.get` throws.
   */
  configure(config: Props): Promise<void>;
  /** The package schema, as `GetSchema` returns it (JSON text). */
  getSchema(): Promise<string>;
  checkConfig(
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diffConfig(urn: string, olds: Props, news: Props): Promise<DiffResult>;
  check(
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  /** `olds` are the old OUTPUTS; `oldInputs` is sent too when given, as the engine does. */
  diff(urn: string, id: string, olds: Props, news: Props, oldInputs?: Props): Promise<DiffResult>;
  create(urn: string, properties: Props): Promise<{ id: string; properties: Props }>;
  read(
    urn: string,
    id: string,
    properties: Props,
    inputs: Props,
  ): Promise<{ id: string; properties: Props; inputs?: Props }>;
  update(
    urn: string,
    id: string,
    olds: Props,
    news: Props,
    oldInputs?: Props,
  ): Promise<{ properties: Props }>;
  delete(urn: string, id: string, properties: Props, oldInputs?: Props): Promise<void>;
  /** Everything the plugin printed after its port line (stdout) and on stderr, so far. */
  output(): { stdout: string; stderr: string };
  kill(signal?: NodeJS.Signals): void;
  /** Resolves with the exit code (null when killed by a signal) once the process and its pipes closed. */
  exited(): Promise<number | null>;
  close(): Promise<void>;
}

type PluginProcess = ChildProcessByStdio<null, Readable, Readable>;

/**
 * A plugin its test did not close would outlive the test worker (its gRPC server keeps it alive).
 * Vitest ends workers with SIGTERM, which skips "exit" handlers, so both are covered: while plugins
 * run, SIGTERM kills them first and then lets the signal do what it would have done.
 */
const running = new Set<PluginProcess>();

function killRunning(): void {
  for (const child of running) child.kill("SIGKILL");
}

function onSigterm(): void {
  killRunning();
  process.off("SIGTERM", onSigterm);
  if (process.listenerCount("SIGTERM") === 0) process.kill(process.pid, "SIGTERM");
}

function track(child: PluginProcess): void {
  if (running.size === 0) {
    process.on("SIGTERM", onSigterm);
    process.on("exit", killRunning);
  }
  running.add(child);
}

function untrack(child: PluginProcess): void {
  running.delete(child);
  if (running.size === 0) {
    process.off("SIGTERM", onSigterm);
    process.off("exit", killRunning);
  }
}

/** Starts the real plugin as the engine does and connects a gRPC client to it. */
export async function startPlugin(options: PluginOptions): Promise<Plugin> {
  const script = options.kind === "backend-servers" ? PROVIDER_PLUGIN : DYNAMIC_PLUGIN;
  const child: PluginProcess = spawn(process.execPath, [script, UNUSED_ENGINE_ADDRESS], {
    cwd: options.cwd,
    // Deliberately not `...process.env`: a developer's cloud credentials must never reach a test.
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? options.cwd, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  track(child);
  const exit = new Promise<number | null>((resolve) =>
    child.once("close", (code) => {
      untrack(child);
      resolve(code);
    }),
  );
  const streams = captureOutput(child);

  let port: number;
  try {
    port = await readPort(child, streams, exit);
  } catch (error) {
    child.kill("SIGKILL");
    await exit;
    throw error;
  }
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, credentials.createInsecure());
  return new GrpcPlugin(client, child, streams, exit);
}

interface Streams {
  stdout: string;
  stderr: string;
  portLine?: string;
  onPortLine?: (line: string) => void;
}

function captureOutput(child: PluginProcess): Streams {
  const streams: Streams = { stdout: "", stderr: "" };
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    streams.stdout += chunk;
    if (streams.portLine !== undefined) return;
    const newline = streams.stdout.indexOf("\n");
    if (newline < 0) return;
    streams.portLine = streams.stdout.slice(0, newline).trim();
    streams.stdout = streams.stdout.slice(newline + 1);
    streams.onPortLine?.(streams.portLine);
  });
  child.stderr.on("data", (chunk: string) => {
    streams.stderr += chunk;
  });
  return streams;
}

/** The first stdout line is the port; the process ending first means it failed to start. */
function readPort(child: PluginProcess, streams: Streams, exit: Promise<number | null>): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    void exit.then((code) =>
      reject(
        new Error(`plugin exited (${code ?? child.signalCode}) before its port line:\n${streams.stderr}`),
      ),
    );
    streams.onPortLine = (line) => {
      const port = Number(line);
      if (Number.isInteger(port) && port > 0) resolve(port);
      else reject(new Error(`plugin printed ${JSON.stringify(line)} instead of a port:\n${streams.stderr}`));
    };
  });
}

type Callback<T> = (error: ServiceError | null, response: T) => void;

/** Turns a callback-style unary call into a promise; gRPC errors become PluginCallError. */
function unary<T>(method: string, invoke: (callback: Callback<T>) => unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    invoke((error, response) => {
      if (error) reject(PluginCallError.fromServiceError(method, error));
      else resolve(response);
    });
  });
}

const DIFF_CHANGES: Record<number, DiffChanges> = {
  [DiffResponse.DiffChanges.DIFF_NONE]: "none",
  [DiffResponse.DiffChanges.DIFF_SOME]: "some",
  [DiffResponse.DiffChanges.DIFF_UNKNOWN]: "unknown",
};

const PROPERTY_DIFF_KINDS = Object.fromEntries(
  Object.entries(PropertyDiff.Kind).map(([name, value]) => [value, name.toLowerCase() as PropertyDiffKind]),
) as Record<number, PropertyDiffKind>;

function diffResult(response: DiffResponse): DiffResult {
  const result: DiffResult = {
    changes: DIFF_CHANGES[response.getChanges()] ?? "unknown",
    replaces: response.getReplacesList(),
    deleteBeforeReplace: response.getDeletebeforereplace(),
  };
  if (response.getHasdetaileddiff()) {
    const detailed: Record<string, PropertyDiffKind> = {};
    response
      .getDetaileddiffMap()
      .forEach((diff, path) => (detailed[path] = PROPERTY_DIFF_KINDS[diff.getKind()]));
    result.detailedDiff = detailed;
  }
  return result;
}

class GrpcPlugin implements Plugin {
  constructor(
    private readonly client: ResourceProviderClient,
    private readonly child: PluginProcess,
    private readonly streams: Streams,
    private readonly exit: Promise<number | null>,
  ) {}

  async getPluginInfo() {
    const info = await unary<PluginInfo>("GetPluginInfo", (cb) => this.client.getPluginInfo(new Empty(), cb));
    return { version: info.getVersion() };
  }

  async configure(config: Props) {
    // The flags are what the engine announces about itself; the plugin answers acceptSecrets=false,
    // which is why every other request here carries plain values.
    const request = new ConfigureRequest()
      .setArgs(toStruct(config))
      .setAcceptsecrets(true)
      .setAcceptresources(true)
      .setSendsOldInputs(true)
      .setSendsOldInputsToDelete(true);
    await unary<ConfigureResponse>("Configure", (cb) => this.client.configure(request, cb));
  }

  async getSchema() {
    const response = await unary<GetSchemaResponse>("GetSchema", (cb) =>
      this.client.getSchema(new GetSchemaRequest().setVersion(0), cb),
    );
    return response.getSchema();
  }

  async checkConfig(urn: string, olds: Props, news: Props) {
    const { name, type } = urnNameAndType(urn);
    const request = new CheckRequest()
      .setUrn(urn)
      .setName(name)
      .setType(type)
      .setOlds(toStruct(olds))
      .setNews(toStruct(news));
    const response = await unary<CheckResponse>("CheckConfig", (cb) => this.client.checkConfig(request, cb));
    return {
      inputs: fromStruct(response.getInputs()),
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diffConfig(urn: string, olds: Props, news: Props) {
    const { name, type } = urnNameAndType(urn);
    const request = new DiffRequest()
      .setUrn(urn)
      .setName(name)
      .setType(type)
      .setOlds(toStruct(olds))
      .setNews(toStruct(news));
    return diffResult(await unary<DiffResponse>("DiffConfig", (cb) => this.client.diffConfig(request, cb)));
  }

  async check(urn: string, olds: Props, news: Props) {
    const { name, type } = urnNameAndType(urn);
    const request = new CheckRequest()
      .setUrn(urn)
      .setName(name)
      .setType(type)
      .setOlds(toStruct(olds))
      .setNews(toStruct(news))
      .setRandomseed(randomBytes(32));
    const response = await unary<CheckResponse>("Check", (cb) => this.client.check(request, cb));
    return {
      inputs: fromStruct(response.getInputs()),
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(urn: string, id: string, olds: Props, news: Props, oldInputs?: Props) {
    const { name, type } = urnNameAndType(urn);
    const request = new DiffRequest()
      .setUrn(urn)
      .setId(id)
      .setName(name)
      .setType(type)
      .setOlds(toStruct(olds))
      .setNews(toStruct(news));
    if (oldInputs !== undefined) request.setOldInputs(toStruct(oldInputs));
    return diffResult(await unary<DiffResponse>("Diff", (cb) => this.client.diff(request, cb)));
  }

  async create(urn: string, properties: Props) {
    const { name, type } = urnNameAndType(urn);
    const request = new CreateRequest()
      .setUrn(urn)
      .setName(name)
      .setType(type)
      .setProperties(toStruct(properties))
      .setPreview(false);
    const response = await unary<CreateResponse>("Create", (cb) => this.client.create(request, cb));
    return { id: response.getId(), properties: fromStruct(response.getProperties()) };
  }

  async read(urn: string, id: string, properties: Props, inputs: Props) {
    const { name, type } = urnNameAndType(urn);
    const request = new ReadRequest()
      .setUrn(urn)
      .setId(id)
      .setName(name)
      .setType(type)
      .setProperties(toStruct(properties))
      .setInputs(toStruct(inputs));
    const response = await unary<ReadResponse>("Read", (cb) => this.client.read(request, cb));
    return {
      id: response.getId(),
      properties: fromStruct(response.getProperties()),
      // Absent means "keep the stored inputs"; an empty Struct would mean "inputs are now {}".
      inputs: response.hasInputs() ? fromStruct(response.getInputs()) : undefined,
    };
  }

  async update(urn: string, id: string, olds: Props, news: Props, oldInputs?: Props) {
    const { name, type } = urnNameAndType(urn);
    const request = new UpdateRequest()
      .setUrn(urn)
      .setId(id)
      .setName(name)
      .setType(type)
      .setOlds(toStruct(olds))
      .setNews(toStruct(news))
      .setPreview(false);
    if (oldInputs !== undefined) request.setOldInputs(toStruct(oldInputs));
    const response = await unary<UpdateResponse>("Update", (cb) => this.client.update(request, cb));
    return { properties: fromStruct(response.getProperties()) };
  }

  async delete(urn: string, id: string, properties: Props, oldInputs?: Props) {
    const { name, type } = urnNameAndType(urn);
    const request = new DeleteRequest()
      .setUrn(urn)
      .setId(id)
      .setName(name)
      .setType(type)
      .setProperties(toStruct(properties));
    if (oldInputs !== undefined) request.setOldInputs(toStruct(oldInputs));
    await unary<Empty>("Delete", (cb) => this.client.delete(request, cb));
  }

  output() {
    return { stdout: this.streams.stdout, stderr: this.streams.stderr };
  }

  kill(signal: NodeJS.Signals = "SIGKILL") {
    this.child.kill(signal);
  }

  exited() {
    return this.exit;
  }

  async close() {
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    await this.exit;
  }
}
