// The CLI test support: find the Pulumi CLI, and drive stacks through it against the emulator.
export {
  type CliRun,
  CliStack,
  type CliStackOptions,
  type PreviewJson,
  type PreviewStep,
  type RunOptions,
} from "./cliStack";
export { alibabaConfig, emulatorEnv, huaweiConfig } from "./emulatorConfig";
export { goForTests, pulumiCliForTests, pythonForTests, REQUIRE_CLI, yamlHostForTests } from "./locate";
export { ProjectStack, type ProjectStackOptions, type Runner } from "./projectStack";
export { type MemberDiff, memberDiff, previewOfUp, progressLines, resourceSection } from "./output";
