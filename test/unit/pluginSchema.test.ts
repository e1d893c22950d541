/**
 * The provider plugin's schema is made from the kinds: one resource per kind, its token from the type
 * users write, its inputs and outputs named as the dynamic resources name them; the committed schema.json
 * is what the plugin serves; every kind has docs whose fields are the kind's own.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AttachmentKind } from "../../provider/clouds/attachmentKind";
import type { Settings } from "../../provider/reconcile/settings";
import { RunShared } from "../../provider/reconcile/runShared";
import { KINDS } from "../../provider/runtime";
import { KIND_DOCS } from "../../provider/plugin/kindDocs";
import { docOf, packageSchema, schemaFile, tokenOf } from "../../provider/plugin/schema";

type Json = Record<string, any>;
const schema = packageSchema(KINDS, "1.2.3") as Json;

/** The member fields a kind accepts, as its normalizer lists them when given one it does not know. */
function acceptedFields(kind: AttachmentKind<unknown>): string[] {
  const { problems } = kind.schema.normalizeMember({ zzUnknownField: 1 });
  const reason = problems.find((p) => p.field === "zzUnknownField")!.reason;
  return /: use (.+)$/.exec(reason)![1].split(", ");
}

/** The endpoint variable a kind's adapter reads, seen by connecting it with settings that record reads. */
function endpointVariable(kind: AttachmentKind<unknown>): string[] {
  const read: string[] = [];
  const settings: Settings = {
    config: (key) =>
      ({
        "alicloud:accessKey": "AKID",
        "alicloud:secretKey": "secret",
        "huaweicloud:accessKey": "AK",
        "huaweicloud:secretKey": "SK",
      })[key],
    env: (...names) => {
      read.push(...names);
      return undefined;
    },
  };
  const target = kind.resolve(
    {
      [kind.schema.fields[0].name]: "id",
      regionId: "cn-beijing",
      region: "cn-north-4",
      projectId: "0".repeat(32),
    },
    settings,
  );
  kind.connect(target, settings, new RunShared());
  return read.filter((name) => name.endsWith("_ENDPOINT"));
}

describe("the provider plugin's schema", () => {
  it("is the committed schema.json (npm run schema writes it)", () => {
    const committed = readFileSync(join(__dirname, "..", "..", "schema.json"), "utf8");
    expect(committed).toBe(schemaFile());
  });

  it("has one resource per kind, its token made from the type users write", () => {
    expect(Object.keys(schema.resources)).toEqual(Object.values(KINDS).map((kind) => tokenOf(kind)));
    expect(Object.keys(schema.resources)).toEqual([
      "backend-servers:alicloud/slb:BackendServerAttachment",
      "backend-servers:alicloud/slb:VServerGroupAttachment",
      "backend-servers:alicloud/ens:BackendServerAttachment",
      "backend-servers:huaweicloud/elb:BackendServerAttachment",
      "backend-servers:alicloud/alb:ServerGroupAttachment",
      "backend-servers:alicloud/nlb:ServerGroupAttachment",
    ]);
    expect(schema.version).toBe("1.2.3");
  });

  it.each(Object.entries(KINDS))(
    "describes %s with the kind's own inputs, outputs and docs",
    (name, kind) => {
      const resource = schema.resources[tokenOf(kind)];
      const { fields, listField } = kind.schema;
      const doc = docOf(name);
      expect(Object.keys(resource.inputProperties)).toEqual([
        ...fields.map((f) => f.name),
        listField,
        "exclusive",
        "rollout",
      ]);
      expect(resource.requiredInputs).toEqual([
        ...fields.filter((f) => f.required).map((f) => f.name),
        listField,
      ]);
      for (const field of fields) {
        expect(resource.inputProperties[field.name].replaceOnChanges === true).toBe(field.replaceOnChange);
        expect(resource.inputProperties[field.name].description).toBe(doc.fields[field.name]);
      }
      expect(Object.keys(doc.fields)).toEqual(fields.map((f) => f.name));
      expect(Object.keys(resource.properties)).toEqual([
        ...fields.map((f) => f.name),
        listField,
        "exclusive",
        "rollout",
        "health",
      ]);
      // Declared as a list, recorded keyed by identity, as the dynamic resources do.
      expect(resource.inputProperties[listField].type).toBe("array");
      expect(resource.properties[listField].type).toBe("object");
      expect(resource.description).toContain(doc.importExample);
    },
  );

  it.each(Object.entries(KINDS))(
    "types %s's members with exactly the fields the kind accepts",
    (name, kind) => {
      const doc = docOf(name);
      const declared = Object.entries(doc.members)
        .filter(([, f]) => !f.outputOnly)
        .map(([field]) => field);
      expect(declared).toEqual(acceptedFields(kind as AttachmentKind<unknown>));
      const input = schema.resources[tokenOf(kind)].inputProperties[kind.schema.listField].items.$ref.replace(
        "#/types/",
        "",
      );
      expect(Object.keys(schema.types[input].properties)).toEqual(declared);
      // The fields only the cloud reports are in the recorded members' type, not in the declared one.
      const output = schema.resources[tokenOf(kind)].properties[
        kind.schema.listField
      ].additionalProperties.$ref.replace("#/types/", "");
      expect(Object.keys(schema.types[output].properties)).toEqual(Object.keys(doc.members));
    },
  );

  it.each(Object.entries(KINDS))("names the endpoint setting %s reads", (name, kind) => {
    expect(endpointVariable(kind as AttachmentKind<unknown>)).toEqual([docOf(name).endpointSetting]);
  });

  it("refuses to serve a kind without docs, naming the file to add them to", () => {
    expect(Object.keys(KIND_DOCS).sort()).toEqual(Object.keys(KINDS).sort());
    expect(() => docOf("alicloud.gwlb")).toThrow(
      'no docs for kind "alicloud.gwlb": add it to provider/plugin/kindDocs.ts',
    );
  });

  it("configures credentials (secret), regions and endpoints, for the default provider and explicit ones alike", () => {
    expect(schema.provider.inputProperties).toEqual(schema.config.variables);
    const secret = Object.entries(schema.config.variables as Json)
      .filter(([, p]) => p.secret)
      .map(([name]) => name);
    expect(secret).toEqual([
      "alicloudAccessKey",
      "alicloudSecretKey",
      "alicloudSecurityToken",
      "huaweicloudAccessKey",
      "huaweicloudSecretKey",
      "huaweicloudSecurityToken",
    ]);
    expect(Object.keys(schema.config.variables)).toEqual([
      "alicloudAccessKey",
      "alicloudSecretKey",
      "alicloudSecurityToken",
      "alicloudRegion",
      "huaweicloudAccessKey",
      "huaweicloudSecretKey",
      "huaweicloudSecurityToken",
      "huaweicloudRegion",
      "huaweicloudProjectId",
      "endpoints",
    ]);
  });
});
