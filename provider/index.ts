/**
 * @internal The SecretsLookup dynamic provider's implementation, loaded by package name from
 * the serialized stub (`./dynamicStub`) when the engine's host calls it. Not a public API.
 */
export { configure, check, diff, create, read, update, remove } from "./dynamic";
