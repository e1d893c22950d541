// examples/alicloud-nlb through the real Pulumi CLI against the emulator (see exampleScenarios.ts).
import { nlbCase } from "./exampleCases";
import { describeExample } from "./exampleScenarios";

describeExample(nlbCase);
