// examples/alicloud-slb-vserver through the real Pulumi CLI against the emulator (see exampleScenarios.ts).
import { vServerCase } from "./exampleCases";
import { describeExample } from "./exampleScenarios";

describeExample(vServerCase);
