/**
 * captureRegistrations on its own (no plugin). This file switches the in-process Pulumi SDK into
 * mock mode: it must not use the real Pulumi runtime for anything else.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test } from "vitest";
import { captureRegistrations } from "../../harness/registrations";
import { RecordingResource } from "./fixtures/recordingResource";

describe("captureRegistrations", () => {
  test("records URN and inputs, __provider text included, as the program registers them", async () => {
    const registrations = await captureRegistrations(
      () => {
        new RecordingResource("web", { name: "web", weight: 10, tags: { env: "prod" }, none: null });
      },
      { project: "shop", stack: "prod" },
    );

    expect(registrations).toHaveLength(1);
    const [{ urn, inputs }] = registrations;
    expect(urn).toBe("urn:pulumi:prod::shop::pulumi-nodejs:dynamic:Resource::web");
    expect(inputs).toMatchObject({ name: "web", weight: 10, tags: { env: "prod" }, none: null });
    expect(inputs.__provider).toEqual(expect.stringContaining("exports.handler ="));
  });

  test("stack config reaches the program, and secrets arrive plain as the plugin receives them", async () => {
    const [{ inputs }] = await captureRegistrations(
      () => {
        const region = new pulumi.Config("fixture").require("region");
        new RecordingResource("r", { region, password: pulumi.secret("s3cret") });
      },
      { config: { "fixture:region": "cn-test-2" } },
    );

    expect(inputs).toMatchObject({ region: "cn-test-2", password: "s3cret" });
  });

  test("waits for registrations whose inputs resolve after the program returned", async () => {
    const registrations = await captureRegistrations(() => {
      const late = new Promise<string>((resolve) => setImmediate(() => resolve("late")));
      new RecordingResource("early", { value: "now" });
      new RecordingResource("late", { value: late });
    });

    expect(registrations.map((registration) => registration.inputs.value)).toEqual(["now", "late"]);
  });
});
