/**
 * The provider plugin's Pulumi package schema (`schema.json`, `GetSchema`), made from the kinds: a resource
 * per kind with its target fields, members, `exclusive`, `rollout` and `health`, named as the dynamic
 * resources name them, and the provider's configuration. The SDKs for Python and Go are generated from it
 * (tools/sdkgen).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AttachmentKind } from "../clouds/attachmentKind";
import { KINDS } from "../runtime";
import { CONFIG_PROPERTIES, ENDPOINTS, ENDPOINTS_DESCRIPTION } from "./config";
import { type KindDoc, KIND_DOCS, type MemberFieldDoc } from "./kindDocs";

/** The version of the package the plugin ships in: the schema's, and the plugin's GetPluginInfo. */
export function packageVersion(): string {
  // dist/plugin/ and provider/plugin/ are both two levels below the package root.
  const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"));
  return String(manifest.version);
}

/** The plugin's name: `pulumi-resource-backend-servers`, tokens `backend-servers:<module>:<Type>`. */
export const PACKAGE = "backend-servers";

/** The Go module of the generated Go SDK, which ships in the npm package (sdk/go/backendservers). */
export const GO_MODULE = "pulumi-backend-servers/sdk/go/backendservers";
export const PYTHON_PACKAGE = "pulumi_backend_servers";

type Json = Record<string, unknown>;
type Kinds = Readonly<Record<string, AttachmentKind<any, any>>>;

/**
 * `alicloud.slb.BackendServerAttachment` -> `backend-servers:alicloud/slb:BackendServerAttachment`: the type
 * a kind's users already write, its dots made a Pulumi module path.
 */
export function tokenOf(kind: AttachmentKind<unknown, any>): string {
  const parts = kind.schema.typeName.split(".");
  return `${PACKAGE}:${parts.slice(0, -1).join("/")}:${parts.at(-1)}`;
}

/** The module part of a kind's tokens, `alicloud/slb`. */
function moduleOf(kind: AttachmentKind<unknown, any>): string {
  return tokenOf(kind).split(":")[1];
}

/** The kind's entry of the docs table; a kind without one cannot be served. */
export function docOf(name: string): KindDoc {
  const doc = Object.hasOwn(KIND_DOCS, name) ? KIND_DOCS[name] : undefined;
  if (doc === undefined)
    throw new Error(
      `the provider plugin has no docs for kind "${name}": add it to provider/plugin/kindDocs.ts`,
    );
  return doc;
}

const ref = (token: string) => ({ $ref: `#/types/${token}` });
const SHARED = `${PACKAGE}:index`;

/** Types every kind shares: the rollout input and the health output. */
const SHARED_TYPES: Json = {
  [`${SHARED}:Rollout`]: {
    type: "object",
    description:
      "How membership changes are made without dropping traffic: health in outputs, health-gated additions, drain before removal, a removal guard.",
    properties: {
      healthGate: {
        ...ref(`${SHARED}:RolloutHealthGate`),
        description:
          "Add new members first and wait until they report healthy before removing anything. Not available on ENS, which reports no health per member.",
      },
      drainSeconds: {
        type: "integer",
        description:
          "0 to 3600: members to remove are set to weight 0 first, and removed this many seconds later.",
      },
      maxRemovals: {
        oneOf: [{ type: "integer" }, { type: "string" }],
        description:
          'The most members one `pulumi up` may remove: a count (`10`) or a share of those managed (`"25%"`).',
      },
    },
  },
  [`${SHARED}:RolloutHealthGate`]: {
    type: "object",
    properties: {
      timeoutSeconds: { type: "integer", description: "1 to 3600." },
      minHealthyRatio: {
        type: "number",
        description: "Share of the added members that must be healthy, above 0 and at most 1; default 1.",
      },
    },
    required: ["timeoutSeconds"],
  },
  [`${SHARED}:MemberHealth`]: {
    type: "object",
    description: "A member's health as the cloud reports it.",
    properties: {
      state: {
        type: "string",
        description:
          "`healthy`, `checking`, `unhealthy`, `unchecked` (no health check covers it) or `unreported`.",
      },
      reported: {
        type: "string",
        description: "What the cloud said, e.g. `80/http normal, 443/tcp abnormal`.",
      },
    },
    required: ["state", "reported"],
  },
};

function memberProperty(field: MemberFieldDoc): Json {
  const property: Json = { type: field.type, description: field.description };
  if (field.values)
    property.description = `${field.description} One of ${field.values.map((v) => `\`${v}\``).join(", ")}.`;
  return property;
}

/** The member type (as declared) and, when the cloud adds fields, the type the outputs record. */
function memberTypes(
  kind: AttachmentKind<unknown, any>,
  doc: KindDoc,
): { input: string; output: string; types: Json } {
  const module = moduleOf(kind);
  const input = `${PACKAGE}:${module}:${doc.memberType}`;
  const declared = Object.entries(doc.members).filter(([, f]) => !f.outputOnly);
  const required = declared.filter(([, f]) => f.required).map(([name]) => name);
  const types: Json = {
    [input]: {
      type: "object",
      description: doc.memberDescription,
      properties: Object.fromEntries(declared.map(([name, f]) => [name, memberProperty(f)])),
      required,
    },
  };
  if (declared.length === Object.keys(doc.members).length) return { input, output: input, types };
  const output = `${PACKAGE}:${module}:Managed${doc.memberType}`;
  types[output] = {
    type: "object",
    description: `${doc.memberDescription} As this resource records it: the declaration and what the cloud assigned.`,
    properties: Object.fromEntries(Object.entries(doc.members).map(([name, f]) => [name, memberProperty(f)])),
    required,
  };
  return { input, output, types };
}

function resourceSpec(name: string, kind: AttachmentKind<unknown, any>): { resource: Json; types: Json } {
  const doc = docOf(name);
  const { fields, listField } = kind.schema;
  const members = memberTypes(kind, doc);
  const target = (description: string) => ({ type: "string", description });
  const fieldInputs = Object.fromEntries(
    fields.map((field) => [
      field.name,
      {
        ...target(doc.fields[field.name] ?? ""),
        ...(field.replaceOnChange ? { replaceOnChanges: true } : {}),
      },
    ]),
  );
  const exclusive = {
    type: "boolean",
    description:
      "Default false: only the declared members are managed, and members attached by anyone else stay. True: this resource owns the whole group and removes every member it does not declare.",
  };
  const rollout = {
    ...ref(`${SHARED}:Rollout`),
    description: "Opt-in: how changes roll out without dropping traffic.",
  };
  const resource: Json = {
    description: `${doc.description}\n\nImport id: \`<${fields[0].name}>/<member key>[,<member key>...]\` adopts the named members (shared mode), \`<${fields[0].name}>/*\` the whole group (exclusive). Example: \`${doc.importExample}\`.`,
    inputProperties: {
      ...fieldInputs,
      [listField]: {
        type: "array",
        items: ref(members.input),
        description: "The members to attach. `[]` declares none; the list's order does not matter.",
      },
      exclusive,
      rollout,
    },
    requiredInputs: [...fields.filter((f) => f.required).map((f) => f.name), listField],
    properties: {
      ...Object.fromEntries(fields.map((field) => [field.name, target(doc.fields[field.name] ?? "")])),
      [listField]: {
        type: "object",
        additionalProperties: ref(members.output),
        description:
          "The members this resource manages, keyed by identity (`ecs:i-...`, `192.168.0.48:8080`).",
      },
      exclusive,
      rollout,
      health: {
        type: "object",
        additionalProperties: ref(`${SHARED}:MemberHealth`),
        description: "With `rollout`: each managed member's health as the cloud reports it, by member key.",
      },
    },
    required: [...fields.map((f) => f.name), listField, "exclusive"],
  };
  return { resource, types: members.types };
}

/** The whole package schema for these kinds (the plugin serves KINDS; tests may pass others). */
export function packageSchema(kinds: Kinds, version: string): Json {
  const resources: Json = {};
  const types: Json = { ...SHARED_TYPES };
  for (const [name, kind] of Object.entries(kinds)) {
    const spec = resourceSpec(name, kind);
    resources[tokenOf(kind)] = spec.resource;
    Object.assign(types, spec.types);
  }
  const configInputs: Json = Object.fromEntries(
    CONFIG_PROPERTIES.map((p) => [
      p.name,
      { type: "string", description: p.description, ...(p.secret ? { secret: true } : {}) },
    ]),
  );
  configInputs[ENDPOINTS] = {
    type: "object",
    additionalProperties: { type: "string" },
    description: ENDPOINTS_DESCRIPTION,
  };
  return {
    name: PACKAGE,
    displayName: "Backend Servers",
    version,
    description:
      "The backend servers behind Alibaba Cloud CLB, ALB, NLB and ENS and Huawei Cloud ELB load balancers, reconciled in the fewest API calls.",
    keywords: ["pulumi", "alicloud", "huaweicloud", "load-balancer", "category/network", "kind/native"],
    license: "Apache-2.0",
    config: { variables: configInputs },
    provider: {
      description:
        "The backend-servers provider: per-account credentials, regions and endpoints. Without them, the environment variables the dynamic resources read.",
      inputProperties: configInputs,
    },
    types,
    resources,
    language: {
      python: {
        packageName: PYTHON_PACKAGE,
        requires: { pulumi: ">=3.0.0,<4.0.0" },
        pyproject: { enabled: true },
        respectSchemaVersion: true,
      },
      go: {
        importBasePath: GO_MODULE,
        generateResourceContainerTypes: true,
        respectSchemaVersion: true,
      },
    },
  };
}

/** `schema.json` as the package ships it: the served kinds' schema, two-space indented. */
export function schemaFile(kinds: Kinds = KINDS, version: string = packageVersion()): string {
  return `${JSON.stringify(packageSchema(kinds, version), null, 2)}\n`;
}
