/**
 * The Pulumi face's argument types: the lookup arguments (core/types.ts `LookupArgs`) with
 * every field, and every nested value, accepted as a `pulumi.Input`. Hand-written so hovering a
 * field shows its documentation; sdk/types.check.ts keeps the fields in step with RegionLookupArgs.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { FilterKey, RegionLookupArgs, SecretType } from "../core/types";

/** Arguments of `getSecrets`: plain values (see `LookupArgs` and `RegionsArgs` for each field). */
export type GetSecretsArgs = RegionLookupArgs;

/** One `{Key, Values}` filter (the `@pulumi/alicloud` form), its parts given as Inputs. */
export interface WireFilterInput {
  /** The property filtered on (ListSecrets `Filters[].Key`). */
  Key: pulumi.Input<FilterKey>;
  /** The accepted values (`Filters[].Values`), 0 to 10, matched with OR. */
  Values: pulumi.Input<pulumi.Input<string>[]>;
}

/** The typed filters (`SecretFilters`), each list given as an Input. OR within a key, AND across keys. */
export interface SecretFiltersInput {
  /** Exact secret names (`SecretName`). Default: no filter. */
  secretName?: pulumi.Input<pulumi.Input<string>[]>;
  /** Secret descriptions (`Description`). Default: no filter. */
  description?: pulumi.Input<pulumi.Input<string>[]>;
  /** Tag keys (`TagKey`); KMS returns at most 4,000 tag-filtered results. Default: no filter. */
  tagKey?: pulumi.Input<pulumi.Input<string>[]>;
  /** Tag values (`TagValue`); KMS returns at most 4,000 tag-filtered results. Default: no filter. */
  tagValue?: pulumi.Input<pulumi.Input<string>[]>;
  /** Dedicated KMS instance ids (`DKMSInstanceId`). Default: no filter. */
  dkmsInstanceId?: pulumi.Input<pulumi.Input<string>[]>;
  /** Secret types (`SecretType`): `Generic`, `Rds`, `Redis`, `RAMCredentials`, `ECS`, `PolarDB`. Default: no filter. */
  secretType?: pulumi.Input<pulumi.Input<SecretType>[]>;
  /** Creators of the secret (`Creator`). Default: no filter. */
  creator?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Arguments of `getSecretsOutput` and `SecretsLookup`: `LookupArgs` and `RegionsArgs`, each field a `pulumi.Input`. */
export interface GetSecretsOutputArgs {
  /** Region id, e.g. `cn-hangzhou`. Default: stack config `alicloud:region`, then `ALIBABA_CLOUD_REGION` / `ALICLOUD_REGION`. */
  region?: pulumi.Input<string>;
  /** Several regions listed concurrently, e.g. `["cn-hangzhou", "cn-shanghai"]`; instead of `region`. Each secret carries its `regionId`. Default: one region. */
  regions?: pulumi.Input<pulumi.Input<string>[]>;
  /** An endpoint per region id, e.g. `{"cn-shanghai": "https://kms-vpc.cn-shanghai.aliyuncs.com"}`; instead of `endpoint`. Default: each region's public endpoint. */
  endpoints?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Report a region whose listing fails in `unreadableRegions` instead of failing the call. Default: false (the call fails, naming the region). */
  allowUnreadableRegions?: pulumi.Input<boolean>;
  /** KMS endpoint, `https://host[:port]` (`http://` only for loopback). Default: `kms-secrets:endpoint` config, else `kms.<region>.aliyuncs.com`. */
  endpoint?: pulumi.Input<string>;
  /** Server-side `Filters`: typed object, `{Key, Values}` array, or that array as JSON text. Default: none. */
  filters?: pulumi.Input<string | pulumi.Input<WireFilterInput>[] | SecretFiltersInput>;
  /** Regular expression the secret name must match (client side), as `@pulumi/alicloud`'s `nameRegex`. Default: every name. */
  nameRegex?: pulumi.Input<string>;
  /** Exact secret names to keep (client side). Default: every name. */
  ids?: pulumi.Input<pulumi.Input<string>[]>;
  /** Tags every returned secret must carry, each pair exactly (client side; implies fetching tags). Default: none. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Fetch each secret's tags (ListSecrets `FetchTags`). Default: false (true when `tags` is given). */
  fetchTags?: pulumi.Input<boolean>;
  /** Secrets per ListSecrets page (`PageSize`), 1 to 100. Default: 100. */
  pageSize?: pulumi.Input<number>;
  /** Requests in flight at once, 1 to 32 (lowered adaptively when throttled). Default: 4. */
  maxConcurrency?: pulumi.Input<number>;
  /** Timeout of one request in milliseconds, 100 to 300,000. Default: 10,000. */
  requestTimeoutMs?: pulumi.Input<number>;
  /** Retries of one request after throttling, 5xx or network errors, 0 to 20. Default: 8. */
  maxRetries?: pulumi.Input<number>;
  /** Requests per second per API action, process-wide, 1 to 1,000 (raise for a dedicated gateway). Default: 30. */
  maxRequestsPerSecond?: pulumi.Input<number>;
  /** Call DescribeSecret per secret: adds `arn`, `description`, rotation and key fields. Default: false. */
  enableDetails?: pulumi.Input<boolean>;
  /** Call GetSecretValue per secret: adds `secretData` (the result becomes a secret Output). Default: false. */
  fetchValues?: pulumi.Input<boolean>;
  /** With `fetchValues`: the version stage to fetch (GetSecretValue `VersionStage`). Default: the API's, `ACSCurrent`. */
  versionStage?: pulumi.Input<string>;
  /** With `fetchValues`: the version id to fetch (GetSecretValue `VersionId`). Default: the `versionStage`'s version. */
  versionId?: pulumi.Input<string>;
  /** With `enableDetails` / `fetchValues`: keep secrets whose calls are denied (listed in `forbidden`). Default: false (fail). */
  skipForbidden?: pulumi.Input<boolean>;
}
