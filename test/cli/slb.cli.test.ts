// examples/alicloud-slb through the real Pulumi CLI against the emulator (see exampleScenarios.ts).
import { slbCase } from "./exampleCases";
import { describeExample } from "./exampleScenarios";

describeExample(slbCase);
