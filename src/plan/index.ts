export * from "./types";
export { parsePlan, type ParseOptions } from "./parse";
export { decodePlanBytes, UnreadablePlanError } from "./text";
