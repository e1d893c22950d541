// The CLI test support: find the Pulumi CLI, and drive stacks through it against the emulator.
export { type CliRun, CliStack, type CliStackOptions, type RunOptions } from "./cliStack";
export { alibabaConfig, emulatorEnv, huaweiConfig } from "./emulatorConfig";
export { goForTests, pulumiCliForTests, pythonForTests, REQUIRE_CLI, yamlHostForTests } from "./locate";
export { ProjectStack, type ProjectStackOptions, type Runner } from "./projectStack";
export { type MemberDiff, memberDiff, progressLines, resourceSection } from "./output";
