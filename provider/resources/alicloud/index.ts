export * as ens from "./ens";
export * as slb from "./slb";
