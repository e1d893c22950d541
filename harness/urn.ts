/** Builds a URN the way the engine does for a resource without a parent. */
export function makeUrn(stack: string, project: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/**
 * The `name` and `type` fields the engine derives from a URN for every provider request. A child's
 * qualified type is `parentType$type`; the request carries only the last part.
 */
export function urnNameAndType(urn: string): { name: string; type: string } {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) throw new Error(`not a URN: ${urn}`);
  return { type: parts[2].split("$").pop()!, name: parts.slice(3).join("::") };
}
