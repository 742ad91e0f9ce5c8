/**
 * `kms`: a drop-in for `@pulumi/alicloud`'s `kms.getSecrets` and `kms.getSecretVersions`.
 * Programs use this package's `kms` in place of `alicloud.kms` (docs/migrating.md).
 */
export { getSecrets, getSecretsOutput } from "./getSecrets";
export type {
  GetSecretsArgs,
  GetSecretsOutputArgs,
  GetSecretsResult,
  GetSecretsSecret,
} from "./getSecrets";
export { getSecretVersions, getSecretVersionsOutput } from "./getSecretVersions";
export type {
  GetSecretVersionsArgs,
  GetSecretVersionsOutputArgs,
  GetSecretVersionsResult,
  GetSecretVersionsVersion,
} from "./getSecretVersions";
