/**
 * The lookup core (`pulumi-alicloud-kms-secrets/core`): lists every KMS secret matching a query, complete or fail.
 * Plain TypeScript; it does not need a Pulumi program to run. Its declarations name no dependency.
 */
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
  UnreadableRegion,
  WireFilter,
} from "./types";
export { TAG_FILTER_RESULT_CAP } from "./types";
export { ArgumentError } from "./argumentError";
export {
  KmsError,
  redact,
  type KmsErrorCode,
  type KmsErrorInit,
  type KmsErrorKind,
  type KmsErrorRemedy,
  type KmsLocalCode,
  type KmsServerCode,
} from "./errors";
export { listSecrets, iterateSecrets, DEFAULT_MAX_RELISTS, type LookupContext } from "./lookup";
export {
  lookupSecrets,
  MAX_REGIONS,
  REGION_PLACEHOLDER,
  type RegionLookupArgs,
  type RegionsArgs,
} from "./regions";
export { resolveRegion, defaultEndpoint, REGION_ENV_VARS, type ResolvedRegion } from "./region";
export { resolveCredentials, type Credentials, type CredentialSources } from "./credentials";
/** @internal Tuning and injection for tests and the benchmark. */
export type { RetryOptions } from "./retry";
/** @internal */
export { RateLimiter, type RateLimitOptions } from "./rateLimiter";
export type { CallStats } from "./resilience";
/** @internal Transport injection for tests. */
export type { KmsTransport, TransportFactory, TransportOptions, TransportResponse } from "./client";
export {
  listSecretVersions,
  type SecretVersion,
  type SecretVersionsArgs,
  type SecretVersionsResult,
} from "./versions";
export { fetchSecretValue, type SecretValueArgs, type SecretValueResult } from "./secretValue";
export {
  parseSecretJson,
  SecretFormatError,
  type FetchedValue,
  type JsonValue,
  type RamSecretValue,
  type RdsSecretValue,
  type SecretJsonKind,
  type SecretJsonKinds,
} from "./secretJson";
