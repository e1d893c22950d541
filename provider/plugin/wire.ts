/** Property bags as they cross the provider protocol (`google.protobuf.Struct`), and request details. */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

export type Props = Record<string, unknown>;

/** A decoded Struct; an unset one is `{}`. */
export function fromStruct(struct: Struct | undefined): Props {
  return struct === undefined ? {} : (struct.toJavaScript() as Props);
}

/** A Struct of `props`; `undefined` values are left out (a Struct has no such value), `null` kept. */
export function toStruct(props: Props): Struct {
  return Struct.fromJavaScript(clean(props) as Record<string, never>);
}

function clean(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(clean);
  if (typeof value === "object") {
    const out: Props = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = clean(v);
    return out;
  }
  return value;
}

/** The signature key and value the engine marks a secret with (sdk/go/common/resource/sig). */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * The value with every secret replaced by what it holds. Only Configure carries secrets: the plugin answers
 * acceptSecrets=false, so the engine sends every other request plain and marks outputs secret itself.
 */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value === null || typeof value !== "object") return value;
  const object = value as Props;
  if (object[SIG] === SECRET_SIG) return unwrapSecrets(object.value);
  return Object.fromEntries(Object.entries(object).map(([key, v]) => [key, unwrapSecrets(v)]));
}

/** The type token and name of a URN (`urn:pulumi:<stack>::<project>::<parent$type>::<name>`). */
export function urnParts(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  if (parts.length < 4) throw new Error(`not a resource URN: ${JSON.stringify(urn)}`);
  return { type: parts[2].split("$").at(-1)!, name: parts.slice(3).join("::") };
}
