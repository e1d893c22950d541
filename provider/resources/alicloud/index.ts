export * as slb from "./slb";
