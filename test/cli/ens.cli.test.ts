// examples/alicloud-ens through the real Pulumi CLI against the emulator (see exampleScenarios.ts).
import { ensCase } from "./exampleCases";
import { describeExample } from "./exampleScenarios";

describeExample(ensCase);
