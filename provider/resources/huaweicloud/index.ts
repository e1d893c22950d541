export * as elb from "./elb";
