import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** A property bag as it crosses the provider protocol (a `google.protobuf.Struct`). */
export type Props = Record<string, unknown>;

/**
 * The sentinel the engine puts in place of a value that is not known yet (preview). A Node program
 * sends every unknown (string, array or whole object) as this one string, so that is what a dynamic
 * provider sees in check/diff.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Encodes props the way the engine marshals a property map: absent keys stay absent (the Node SDK
 * drops `undefined` before the engine ever sees it), `null` is sent as a null value, numbers are
 * doubles. `Struct.fromJavaScript` would throw "Unexpected struct type." on `undefined`, so it is
 * removed here instead of failing deep inside a request.
 */
export function toStruct(props: Props): Struct {
  return Struct.fromJavaScript(clean(props) as Record<string, never>);
}

/** Decodes a Struct from a response; a missing Struct (unset message field) decodes to `{}`. */
export function fromStruct(struct: Struct | undefined): Props {
  return struct === undefined ? {} : (struct.toJavaScript() as Props);
}

function clean(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(clean);
  if (typeof value === "object") {
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
      // A Date, Map or class instance has no Struct form; the SDK would not send one either.
      throw new TypeError(`cannot send a ${value.constructor?.name ?? "non-plain object"} in a Struct`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v !== undefined) out[key] = clean(v);
    }
    return out;
  }
  return value;
}
