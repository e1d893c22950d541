import { elbSoakCloud } from "./elbSoakCloud";
import { ensSoakCloud } from "./ensSoakCloud";
import { slbSoakCloud } from "./slbSoakCloud";
import type { SoakCloud } from "./soakCloud";

/** Every cloud the soak covers. */
export const soakClouds: SoakCloud[] = [slbSoakCloud, ensSoakCloud, elbSoakCloud];
