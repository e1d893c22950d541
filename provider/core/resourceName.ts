/**
 * The hidden input through which a resource class passes its Pulumi name. `check` is given only the old and
 * new inputs, never the resource's name, yet a conflict must name both resources and a drift line must say
 * which resource drifted. The `__` prefix hides it from `pulumi preview --diff`, and `diff` ignores it, so
 * state written before it existed, and an aliased rename, show no change.
 */
export const RESOURCE_NAME_KEY = "__attachmentName";

/** The resource's name as its class passed it, if it did (a program may drive the provider directly). */
export function resourceName(inputs: Record<string, unknown>): string | undefined {
  const name = inputs[RESOURCE_NAME_KEY];
  return typeof name === "string" ? name : undefined;
}
