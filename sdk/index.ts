/**
 * pulumi-alicloud-kms-secrets: what Pulumi programs import.
 *
 * - `getSecrets` / `getSecretsOutput`: the data source (a drop-in for `alicloud.kms.getSecrets`).
 * - `SecretsLookup`: the same listing as a dynamic resource, for drift checks in pipelines.
 */
export { getSecrets, getSecretsOutput } from "./getSecrets";
export type { DeepInput, GetSecretsArgs, GetSecretsOutputArgs } from "./getSecrets";
export { SecretsLookup, SECRETS_LOOKUP_MODULE, SECRETS_LOOKUP_TYPE } from "./secretsLookup";
export type { SecretsLookupArgs } from "./secretsLookup";
export type { SecretsLookupOutputs } from "../provider/dynamic";
export { ENDPOINT_CONFIG_KEY, ENDPOINT_ENV_VAR } from "../provider/dynamicContext";
export { ArgumentError, type ArgumentIssue, type LookupArgs } from "../core/args";
export { KmsError } from "../core/errors";
export type { GetSecretsResult, Secret } from "../core/result";
export type { LookupProgress } from "../core/lookup";
