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
export { pulumiCliForTests, REQUIRE_CLI } from "./locate";
export { type MemberDiff, memberDiff, previewOfUp, progressLines, resourceSection } from "./output";
