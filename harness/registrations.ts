/**
 * Captures what a Pulumi program registers, to feed the real plugin (see miniEngine.ts).
 *
 * WARNING: this switches the in-process `@pulumi/pulumi` runtime into mock mode for the rest of the
 * process. A test file that uses it must not use the real Pulumi runtime for anything else. Vitest
 * runs each test file in its own worker, so the switch does not leak into other files.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Registration } from "./miniEngine";
import type { Props } from "./struct";
import { makeUrn } from "./urn";

export interface CaptureOptions {
  project?: string;
  stack?: string;
  /** Stack config, keys like "pbs:region" or "alicloud:region", as `pulumi config set` stores them. */
  config?: Record<string, string>;
}

/**
 * Runs `program` under `pulumi.runtime.setMocks` and returns each resource's registered inputs in
 * registration order, `__provider` (the serialized provider text) included: the exact inputs a real
 * `pulumi up` would send to the plugin's Check. Secrets are unwrapped because the plugin declares
 * acceptSecrets=false, so the engine sends it plain values.
 *
 * The mock answers `id: undefined`: outputs resolve from the returned state, but `res.id` stays
 * unknown, and in a non-preview run the SDK drops an unknown input rather than sending it. A program
 * that feeds one resource's id into another therefore registers without that input here.
 */
export async function captureRegistrations(
  program: () => void | Promise<void>,
  options: CaptureOptions = {},
): Promise<Registration[]> {
  const project = options.project ?? "project";
  const stack = options.stack ?? "stack";
  const registrations: Registration[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const urn = makeUrn(stack, project, args.type, args.name);
        registrations.push({ urn, inputs: unwrapSecrets(args.inputs) as Props });
        return { id: undefined, state: args.inputs };
      },
      call(args) {
        return args.inputs;
      },
    },
    project,
    stack,
    false,
  );
  pulumi.runtime.setAllConfig(options.config ?? {});
  await program();
  // Every registration holds an RPC keep-alive until the monitor (here: the mock) has answered,
  // and `disconnect` waits for all of them: the same signal the language host uses to know a program
  // is done. Registrations still waiting on unresolved inputs are therefore included. (For the mock
  // monitor nothing is actually closed; the next setMocks starts afresh.)
  await pulumi.runtime.disconnect();
  return registrations;
}

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value === null || typeof value !== "object") return value;
  if (pulumi.runtime.isRpcSecret(value)) return unwrapSecrets(pulumi.runtime.unwrapRpcSecret(value));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
}
