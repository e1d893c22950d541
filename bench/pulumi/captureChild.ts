/**
 * Run as a child process by `overhead.ts`: captures the `__provider` text Pulumi would store per
 * resource. `captureRegistrations` switches the Pulumi SDK into mock mode for the rest of the process,
 * which is why this never runs inside the bench itself.
 *
 * For each kind: a resource from the compiled package (the text the package ships), and the naive
 * pattern: a `pulumi.dynamic.Resource` whose provider is an `AttachmentProvider` built in the program,
 * which the serializer must copy by value with everything it reaches.
 *
 * Usage: captureChild.ts <output.json>
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { REPO_ROOT } from "../../test/support/project";
import { captureRegistrations } from "../../test/support/registrations";
import { builtPackage } from "../../test/support/stack";
import { FIXTURES } from "../clouds/loadKind";

export interface CapturedText {
  urn: string;
  /** The registered inputs without `__provider`: what a Check request carries besides the text. */
  inputs: Record<string, unknown>;
  text: string;
  serializeMs: number;
}

export interface Capture {
  cloud: string;
  shipped?: CapturedText;
  naive?: CapturedText;
  error?: string;
}

/** The naive pattern: the provider object itself is handed to the dynamic resource. */
class NaiveAttachment extends pulumi.dynamic.Resource {}

const distRequire = createRequire(join(REPO_ROOT, "package.json"));
const pkg = builtPackage() as unknown as Record<string, Record<string, Record<string, unknown>>>;

/** Registers one resource under mocks and returns its inputs, timing how long until they were known. */
async function captureOne(register: () => void): Promise<CapturedText> {
  const start = performance.now();
  const [registration] = await captureRegistrations(register);
  const serializeMs = performance.now() - start;
  if (!registration) throw new Error("the program registered nothing");
  const { __provider: text, ...inputs } = registration.inputs;
  if (typeof text !== "string") throw new Error("the registration carries no __provider text");
  return { urn: registration.urn, inputs, text, serializeMs };
}

async function main(output: string): Promise<void> {
  const captures: Capture[] = [];
  for (const fixture of FIXTURES) {
    const [cloud, service] = fixture.kind.split(".");
    const Attachment = pkg[cloud]?.[service]?.BackendServerAttachment as
      (new (name: string, args: Record<string, unknown>) => unknown) | undefined;
    if (!Attachment) {
      captures.push({ cloud: fixture.kind, error: "the compiled package has no such resource" });
      continue;
    }
    const capture: Capture = { cloud: fixture.kind };
    try {
      // The compiled kind, as the package ships it: the naive provider is built from the same code.
      const kinds = distRequire(fixture.kindModule.replace(/^provider\//, "./dist/")) as Record<
        string,
        unknown
      >;
      const kind = Object.values(kinds).find((k) =>
        (k as { schema?: { typeName?: string } })?.schema?.typeName?.startsWith(`${fixture.kind}.`),
      ) as { schema: { listField: string } };
      const args = {
        ...fixture.inputs,
        [kind.schema.listField]: [0, 1, 2].map((i) => fixture.member(i, 100)),
      };
      capture.shipped = await captureOne(() => new Attachment(`shipped-${service}`, args));
      const { AttachmentProvider } = distRequire("./dist/runtime/attachmentProvider");
      const { stackSettings } = distRequire("./dist/runtime/settings");
      const provider = new AttachmentProvider(kind, {
        settings: stackSettings(undefined),
        log: console.error,
      });
      capture.naive = await captureOne(() => new NaiveAttachment(provider, `naive-${service}`, args));
    } catch (error) {
      capture.error = String(error).split("\n")[0];
    }
    captures.push(capture);
  }
  writeFileSync(output, JSON.stringify(captures));
}

main(process.argv[2]).then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
