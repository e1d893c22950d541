/** A validation failure in the shape Pulumi's `check` returns: the engine prints both parts. */
export interface Failure {
  /** A Pulumi property path, e.g. `backendServers["ecs:i-abc"].weight`. */
  property: string;
  reason: string;
}

/** Renders a user's value for an error message: short, unambiguous, never multi-line. */
export function show(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") {
    // Quoted exactly as typed; a long value is cut outside the quotes, at a character, never mid-pair.
    const chars = [...value];
    if (chars.length <= 60) return JSON.stringify(value);
    return `${JSON.stringify(chars.slice(0, 57).join(""))}... (${chars.length} characters)`;
  }
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return `an ${typeof value}`;
}

/** `backendServers` + `["eni:eni-1@10.0.0.1"]` + `.weight` in Pulumi's property path syntax. */
export function memberPath(listField: string, key: string, field?: string): string {
  return `${listField}[${JSON.stringify(key)}]${field ? `.${field}` : ""}`;
}
