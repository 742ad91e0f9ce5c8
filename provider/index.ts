/**
 * The lookup core: lists every KMS secret matching a query, complete or fail.
 * Plain TypeScript; it does not need a Pulumi program to run.
 */
export * from "./args";
export * from "./result";
export * from "./errors";
export * from "./lookup";
