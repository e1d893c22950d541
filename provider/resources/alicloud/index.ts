export * as alb from "./alb";
export * as ens from "./ens";
export * as nlb from "./nlb";
export * as slb from "./slb";
