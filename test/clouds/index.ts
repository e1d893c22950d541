// Every cloud the shared suites run against; a suite runs `describe.each(TEST_CLOUDS)`.
import { elbCloud } from "./elb";
import { ensCloud } from "./ens";
import { albCloud, nlbCloud } from "./serverGroups";
import { slbCloud } from "./slb";
import type { TestCloud } from "./testCloud";
import { vServerCloud } from "./vserver";

export { albCloud, elbCloud, ensCloud, nlbCloud, slbCloud, vServerCloud };
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
export const TEST_CLOUDS: TestCloud[] = [slbCloud, ensCloud, elbCloud, vServerCloud, albCloud, nlbCloud];
