// Every cloud the shared suites run against; a suite runs `describe.each(TEST_CLOUDS)`.
import { elbCloud } from "./elb";
import { ensCloud } from "./ens";
import { albCloud, nlbCloud } from "./serverGroups";
import { slbCloud } from "./slb";
import type { TestCloud } from "./testCloud";

export { albCloud, elbCloud, ensCloud, nlbCloud, slbCloud };
export {
  endpointsOf,
  inputs,
  isWrite,
  type Members,
  ours,
  program,
  readsOf,
  type SeedExtra,
  seedOfClouds,
  setBatchOf,
  type TestCloud,
  withCompletion,
} from "./testCloud";
export const TEST_CLOUDS: TestCloud[] = [slbCloud, ensCloud, elbCloud, albCloud, nlbCloud];
