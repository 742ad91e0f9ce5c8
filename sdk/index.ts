/**
 * pulumi-alicloud-kms-secrets, what Pulumi programs import: `getSecrets` /
 * `getSecretsOutput` (a drop-in for `alicloud.kms.getSecrets`) and `SecretsLookup` (the same
 * listing as a dynamic resource, for drift checks). Docs: docs/pulumi.md.
 */
export { getSecrets, getSecretsOutput } from "./getSecrets";
export type {
  GetSecretsArgs,
  GetSecretsOutputArgs,
  SecretFiltersInput,
  WireFilterInput,
} from "./types";
export { SecretsLookup, SECRETS_LOOKUP_MODULE, SECRETS_LOOKUP_TYPE } from "./secretsLookup";
export type { SecretsLookupArgs } from "./secretsLookup";
export { ENDPOINT_CONFIG_KEY, ENDPOINT_ENV_VAR } from "../provider/dynamicContext";
export { ArgumentError } from "../core/argumentError";
export {
  KmsError,
  type KmsErrorCode,
  type KmsErrorKind,
  type KmsErrorRemedy,
} from "../core/errors";
export type {
  ArgumentIssue,
  FilterKey,
  GetSecretsResult,
  LookupArgs,
  LookupProgress,
  Secret,
  SecretFilters,
  SecretTags,
  SecretType,
  SecretsLookupOutputs,
  WireFilter,
} from "../core/types";
export * as kms from "./kms";
export {
  getSecretJson,
  getSecretJsonOutput,
  getSecretValue,
  getSecretValueOutput,
  type GetSecretJsonArgs,
  type GetSecretJsonOutputArgs,
  type GetSecretValueArgs,
  type GetSecretValueOutputArgs,
} from "./getSecretValue";
export {
  SecretFormatError,
  type JsonValue,
  type RamSecretValue,
  type RdsSecretValue,
  type SecretJsonKind,
  type SecretJsonKinds,
} from "../core/secretJson";
