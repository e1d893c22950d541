// examples/huaweicloud-elb through the real Pulumi CLI against the emulator (see exampleScenarios.ts).
import { elbCase } from "./exampleCases";
import { describeExample } from "./exampleScenarios";

describeExample(elbCase);
