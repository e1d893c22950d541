// Every cloud the shared suites run against; a suite runs `describe.each(TEST_CLOUDS)`.
import { elbCloud } from "./elb";
import { ensCloud } from "./ens";
import { slbCloud } from "./slb";
import type { TestCloud } from "./testCloud";
import { vServerCloud } from "./vserver";

export { elbCloud, ensCloud, slbCloud, vServerCloud };
export {
  endpointsOf,
  inputs,
  isWrite,
  type Members,
  ours,
  program,
  type SeedExtra,
  seedOfClouds,
  type TestCloud,
} from "./testCloud";
export const TEST_CLOUDS: TestCloud[] = [slbCloud, ensCloud, elbCloud, vServerCloud];
