import { type Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { ErrorResourceInitFailed } from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { fromStruct, type Props } from "./struct";

/** The payload of a partial failure: the resource exists (`id`) but is not fully set up. */
export interface InitFailure {
  id: string;
  properties: Props;
  reasons: string[];
}

/** A failed provider RPC, with the structured partial-failure detail when the plugin sent one. */
export class PluginCallError extends Error {
  override name = "PluginCallError";

  constructor(
    readonly method: string,
    readonly code: number,
    readonly details: string,
    readonly initFailure?: InitFailure,
  ) {
    super(`${method} failed (${status[code] ?? code}): ${details}`);
  }

  static fromServiceError(method: string, error: ServiceError): PluginCallError {
    return new PluginCallError(method, error.code, error.details, decodeInitFailure(error.metadata));
  }
}

const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";

/**
 * The plugin reports a create/update error that carries `id` as a `google.rpc.Status` in the
 * `grpc-status-details-bin` trailer, with an `Any` of `ErrorResourceInitFailed` in its details.
 * That detail is what makes the engine record the resource instead of forgetting it.
 */
export function decodeInitFailure(metadata: Metadata | undefined): InitFailure | undefined {
  for (const raw of metadata?.get("grpc-status-details-bin") ?? []) {
    const bytes = typeof raw === "string" ? Buffer.from(raw, "base64") : raw;
    for (const any of Status.deserializeBinary(bytes).getDetailsList()) {
      if (any.getTypeName() !== INIT_FAILED_TYPE) continue;
      const detail = ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
      return {
        id: detail.getId(),
        properties: fromStruct(detail.getProperties()),
        reasons: detail.getReasonsList(),
      };
    }
  }
  return undefined;
}
