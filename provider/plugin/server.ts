/**
 * The `backend-servers` resource provider plugin: Pulumi's ResourceProvider gRPC service (the protocol
 * modules `@pulumi/pulumi/proto/provider_grpc_pb` and `provider_pb` with `@grpc/grpc-js`), over the same
 * runtime the dynamic resources call. Each method only translates: Check, Diff, Create, Read, Update and
 * Delete go to the kind's AttachmentProvider (claims, drift-aware diff, rollout, lifecycle); what is the
 * plugin's own is the wire (Structs, secrets, errors), the configuration, the detailed diff and the import
 * id.
 *
 * Why not `@pulumi/pulumi/provider`'s `main`: in 3.248 its `diff` never returns a detailed diff and its
 * `configure` answers without passing the provider's configuration on (node_modules/@pulumi/pulumi/
 * provider/server.js); this plugin needs both.
 */
import * as grpc from "@grpc/grpc-js";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { AttachmentKind } from "../clouds/attachmentKind";
import { RESOURCE_NAME_KEY } from "../core/resourceName";
import { KINDS } from "../runtime";
import type { AttachmentProvider, CloudView } from "../runtime/attachmentProvider";
import { PartialFailure } from "../runtime/lifecycle";
import { PluginRun } from "../runtime/pluginRun";
import { changedConfig, checkConfig, inPluginTerms, providerSettings } from "./config";
import { EngineLog } from "./engineLog";
import { type DetailedDiff, detailedDiff, type PropertyDiffKind } from "./detailedDiff";
import { parseImportId } from "./importId";
import { docOf, packageSchema, packageVersion, tokenOf } from "./schema";
import { fromStruct, type Props, toStruct, unwrapSecrets, urnParts } from "./wire";

type Kinds = Readonly<Record<string, AttachmentKind<any, any>>>;

const DIFF_KINDS: Record<PropertyDiffKind, pb.PropertyDiff.Kind> = {
  add: pb.PropertyDiff.Kind.ADD,
  addReplace: pb.PropertyDiff.Kind.ADD_REPLACE,
  delete: pb.PropertyDiff.Kind.DELETE,
  deleteReplace: pb.PropertyDiff.Kind.DELETE_REPLACE,
  update: pb.PropertyDiff.Kind.UPDATE,
  updateReplace: pb.PropertyDiff.Kind.UPDATE_REPLACE,
};

/**
 * An error the engine shows as the operation's failure. A partial failure (some members attached) carries
 * the outputs reached, so that the engine records them and the next `pulumi up` continues from there.
 */
function grpcError(error: unknown): Partial<grpc.StatusObject> {
  const message = inPluginTerms(error instanceof Error ? error.message : String(error));
  const metadata = new grpc.Metadata();
  if (error instanceof PartialFailure) {
    const detail = new pb.ErrorResourceInitFailed()
      .setId(error.id)
      .setProperties(toStruct(error.properties))
      .setReasonsList(error.reasons.map(inPluginTerms));
    const any = new Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new Status().setCode(grpc.status.UNKNOWN).setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}

/** The resource's name, which messages and claims use, from its URN (the dynamic resources pass it as an input). */
function named(props: Props, urn: string): Props {
  return { ...props, [RESOURCE_NAME_KEY]: urnParts(urn).name };
}

export class BackendServersProvider {
  private readonly run: PluginRun;
  private readonly byToken = new Map<string, string>();
  private readonly schema: string;

  constructor(
    private readonly engine: EngineLog,
    private readonly kinds: Kinds = KINDS,
    private readonly version: string = packageVersion(),
  ) {
    this.run = new PluginRun(kinds, (line) => engine.log(line));
    for (const [name, kind] of Object.entries(kinds)) {
      docOf(name); // a kind without docs fails here, at start, not in the middle of a deployment
      this.byToken.set(tokenOf(kind), name);
    }
    this.schema = JSON.stringify(packageSchema(kinds, version));
  }

  /** The service implementation to add to a gRPC server. Methods left out answer UNIMPLEMENTED. */
  service(): grpc.UntypedServiceImplementation {
    const unary = this.unary.bind(this);
    return {
      getPluginInfo: unary(async () => new PluginInfo().setVersion(this.version)),
      getSchema: unary(async (request: pb.GetSchemaRequest) => {
        if (request.getVersion() !== 0) throw new Error(`unsupported schema version ${request.getVersion()}`);
        return new pb.GetSchemaResponse().setSchema(this.schema);
      }),
      checkConfig: unary(async (request: pb.CheckRequest) => {
        const news = fromStruct(request.getNews());
        const response = new pb.CheckResponse().setInputs(toStruct(news));
        response.setFailuresList(
          checkConfig(news).map((f) => new pb.CheckFailure().setProperty(f.property).setReason(f.reason)),
        );
        return response;
      }),
      // Credentials, regions and endpoints are read at each call, and the target's region is recorded in the
      // resource's state: no configuration change replaces the provider, so none replaces its resources.
      diffConfig: unary(async (request: pb.DiffRequest) => {
        const changed = changedConfig(fromStruct(request.getOlds()), fromStruct(request.getNews()));
        const response = new pb.DiffResponse()
          .setChanges(
            changed.length > 0
              ? pb.DiffResponse.DiffChanges.DIFF_SOME
              : pb.DiffResponse.DiffChanges.DIFF_NONE,
          )
          .setDiffsList(changed)
          .setHasdetaileddiff(true);
        for (const name of changed)
          response.getDetaileddiffMap().set(name, new pb.PropertyDiff().setKind(pb.PropertyDiff.Kind.UPDATE));
        return response;
      }),
      configure: unary(async (request: pb.ConfigureRequest) => {
        this.run.use(providerSettings(unwrapSecrets(fromStruct(request.getArgs())) as Props));
        // Plain values in every later request; the engine marks outputs secret where inputs were.
        return new pb.ConfigureResponse().setAcceptsecrets(false).setSupportspreview(false);
      }),
      check: unary(async (request: pb.CheckRequest) => {
        const urn = request.getUrn();
        const { inputs, failures } = await this.provider(urn).check(
          fromStruct(request.getOlds()),
          named(fromStruct(request.getNews()), urn),
        );
        return new pb.CheckResponse()
          .setInputs(toStruct(inputs))
          .setFailuresList(
            failures.map((f) => new pb.CheckFailure().setProperty(f.property).setReason(f.reason)),
          );
      }),
      diff: unary(async (request: pb.DiffRequest) => this.diff(request)),
      create: unary(async (request: pb.CreateRequest) => {
        const urn = request.getUrn();
        const { id, outs } = await this.provider(urn).create(named(fromStruct(request.getProperties()), urn));
        return new pb.CreateResponse().setId(id).setProperties(toStruct(outs));
      }),
      read: unary(async (request: pb.ReadRequest) => this.read(request)),
      update: unary(async (request: pb.UpdateRequest) => {
        const urn = request.getUrn();
        const { outs } = await this.provider(urn).update(
          request.getId(),
          fromStruct(request.getOlds()),
          named(fromStruct(request.getNews()), urn),
        );
        return new pb.UpdateResponse().setProperties(toStruct(outs));
      }),
      delete: unary(async (request: pb.DeleteRequest) => {
        await this.provider(request.getUrn()).delete(request.getId(), fromStruct(request.getProperties()));
        return new Empty();
      }),
      cancel: unary(async () => new Empty()),
    };
  }

  /**
   * Serves one call: the handler's answer, or its failure as a gRPC error, once the lines it logged are
   * delivered. Those lines are attached to the resource the request names.
   */
  private unary<Req, Res>(handle: (request: Req) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      const request = call.request as { getUrn?: () => string };
      const urn = typeof request.getUrn === "function" ? request.getUrn() : "";
      this.engine
        .for(urn, () => handle(call.request))
        .then(
          async (response) => {
            await this.engine.flush();
            callback(null, response);
          },
          async (error: unknown) => {
            await this.engine.flush();
            callback(grpcError(error), null);
          },
        );
    };
  }

  private kindName(urn: string): string {
    const { type } = urnParts(urn);
    const name = this.byToken.get(type);
    if (name === undefined)
      throw new Error(
        `the backend-servers provider has no resource type ${type}: use ${[...this.byToken.keys()].join(", ")}`,
      );
    return name;
  }

  private provider(urn: string): AttachmentProvider<unknown> {
    return this.run.provider(this.kindName(urn));
  }

  private async diff(request: pb.DiffRequest): Promise<pb.DiffResponse> {
    const urn = request.getUrn();
    const kind = this.kinds[this.kindName(urn)];
    const olds = fromStruct(request.getOlds());
    const news = named(fromStruct(request.getNews()), urn);
    let cloud: CloudView<unknown> | undefined;
    const result = await this.provider(urn).diff(request.getId(), olds, news, (seen) => (cloud = seen));
    const response = new pb.DiffResponse()
      .setChanges(
        result.changes ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE,
      )
      .setReplacesList(result.replaces)
      .setDeletebeforereplace(result.deleteBeforeReplace);
    if (!result.changes) return response;
    const detailed: DetailedDiff = detailedDiff(kind.schema, olds, news, result, cloud);
    const map = response.getDetaileddiffMap();
    for (const [path, change] of Object.entries(detailed))
      map.set(path, new pb.PropertyDiff().setKind(DIFF_KINDS[change]));
    const topLevel = Object.keys(detailed).map((path) => path.split(/[.[]/)[0]);
    return response.setHasdetaileddiff(true).setDiffsList([...new Set(topLevel)]);
  }

  /** Refresh reads what the state records; import (no state yet) adopts what the import id names. */
  private async read(request: pb.ReadRequest): Promise<pb.ReadResponse> {
    const urn = request.getUrn();
    const id = request.getId();
    const olds = fromStruct(request.getProperties());
    const provider = this.provider(urn);
    if (Object.keys(olds).length === 0) {
      const name = this.kindName(urn);
      const { inputs, keys } = parseImportId(this.kinds[name].schema, id, docOf(name).importExample);
      const adopted = await provider.adopt(id, inputs, keys);
      return new pb.ReadResponse()
        .setId(id)
        .setProperties(toStruct(adopted.props))
        .setInputs(toStruct(adopted.inputs));
    }
    const read = await provider.read(id, olds);
    return new pb.ReadResponse()
      .setId(read.id)
      .setProperties(toStruct(read.props))
      .setInputs(toStruct(read.inputs));
  }
}

/** Starts the gRPC server on a free local port and returns the port, as the engine expects on stdout. */
export async function serve(
  provider: BackendServersProvider,
): Promise<{ port: number; server: grpc.Server }> {
  // Large states (a thousand members) exceed gRPC's default 4 MB; the engine allows 400 MB, so do we.
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(ResourceProviderService, provider.service());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { port, server };
}
