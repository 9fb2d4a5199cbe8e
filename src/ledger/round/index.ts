/** The monthly round: what each unit is sent, and how its return is brought back into the master. */
export * from "./identity";
export * from "./values";
export * from "./share";
export * from "./merge";
export * from "./checkReturn";
export * from "./report";
export * from "./periods";
export * from "./sources";
export * from "./collectPlan";
