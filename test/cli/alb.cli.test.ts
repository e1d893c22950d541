// examples/alicloud-alb through the real Pulumi CLI against the emulator (see exampleScenarios.ts).
import { albCase } from "./exampleCases";
import { describeExample } from "./exampleScenarios";

describeExample(albCase);
