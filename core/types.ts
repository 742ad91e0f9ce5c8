/**
 * The public types of the lookup, hand-written so that the published declarations name no
 * dependency (zod's .d.ts do not compile under the `pulumi new typescript` tsconfig). The
 * zod schemas in args.ts / result.ts validate at run time; core/types.check.ts keeps both in step.
 */

/** Secret types of the KMS API (`SecretType`); a newer type the API adds passes through as a string. */
export type SecretType =
  "Generic" | "Rds" | "Redis" | "RAMCredentials" | "ECS" | "PolarDB" | (string & {});

/** The `Key` of a ListSecrets filter, as the API reference names it. */
export type FilterKey =
  | "SecretName"
  | "Description"
  | "TagKey"
  | "TagValue"
  | "DKMSInstanceId"
  | "SecretType"
  | "Creator";

/** One filter in the wire form ListSecrets takes (`Filters`): `{"Key": "...", "Values": [...]}`. */
export interface WireFilter {
  /** The property filtered on (`Key`). */
  Key: FilterKey;
  /** The accepted values (`Values`), 0 to 10, matched with OR. */
  Values: string[];
}

/**
 * Filters in their typed form: each key becomes a `Filters` entry sent to KMS (server side).
 * Values of one key match with OR, keys combine with AND; at most 10 values per key.
 */
export interface SecretFilters {
  /** Exact secret names (`SecretName`). Default: no filter. */
  secretName?: string[];
  /** Secret descriptions (`Description`). Default: no filter. */
  description?: string[];
  /** Tag keys a secret carries (`TagKey`); KMS returns at most 4,000 tag-filtered results. Default: no filter. */
  tagKey?: string[];
  /** Tag values a secret carries (`TagValue`); KMS returns at most 4,000 tag-filtered results. Default: no filter. */
  tagValue?: string[];
  /** Dedicated KMS instance ids (`DKMSInstanceId`). Default: no filter. */
  dkmsInstanceId?: string[];
  /** Secret types (`SecretType`). Default: no filter. */
  secretType?: SecretType[];
  /** Creators of the secret (`Creator`), e.g. a cloud service. Default: no filter. */
  creator?: string[];
}

/** Tags of a secret: tag key to tag value (ListSecrets `Tags.Tag[].TagKey` / `TagValue`). */
export type SecretTags = Record<string, string>;

/** Arguments of a lookup (`getSecrets`, `listSecrets`, `SecretsLookup`, the CLI's flags). All optional. */
export interface LookupArgs {
  /** Region id, e.g. `cn-hangzhou`. Default: stack config `alicloud:region`, then `ALIBABA_CLOUD_REGION` / `ALICLOUD_REGION`. */
  region?: string;
  /** KMS endpoint, `https://host[:port]` (`http://` only for loopback). Default: `kms.<region>.aliyuncs.com` over https. */
  endpoint?: string;
  /** Server-side `Filters`: the typed object, the `@pulumi/alicloud` `{Key, Values}` array, or that array as JSON text. Default: none. */
  filters?: string | WireFilter[] | SecretFilters;
  /** Regular expression the secret name must match (client side), as `@pulumi/alicloud`'s `nameRegex`. Default: every name. */
  nameRegex?: string;
  /** Exact secret names to keep (client side). Default: every name. */
  ids?: string[];
  /** Tags every returned secret must carry, each pair exactly (client side; implies fetching tags). Default: none. */
  tags?: SecretTags;
  /** Fetch each secret's tags (`FetchTags`) into `secrets[].tags`. Default: false (true when `tags` is given). */
  fetchTags?: boolean;
  /** Secrets per ListSecrets page (`PageSize`), 1 to 100. Default: 100. */
  pageSize?: number;
  /** Requests in flight at once, at most, 1 to 32 (the rate limiter paces them). Default: 16. */
  maxConcurrency?: number;
  /** Timeout of one request in milliseconds, 100 to 300,000. Default: 10,000. */
  requestTimeoutMs?: number;
  /** Retries of one request after throttling, 5xx or network errors, 0 to 20. Default: 8. */
  maxRetries?: number;
  /** This lookup's hard cap, requests per second per API action, 1 to 1,000; above the gateway quota it raises the pace (dedicated gateways). Default: none (95% of the shared quota, adaptive after throttling). */
  maxRequestsPerSecond?: number;
  /** Call DescribeSecret per secret: adds `arn`, `description`, rotation and key fields. Default: false. */
  enableDetails?: boolean;
  /** Call GetSecretValue per secret: adds `secretData` and its version (secret material). Default: false. */
  fetchValues?: boolean;
  /** With `fetchValues`: the version stage to fetch (GetSecretValue `VersionStage`). Default: the API's, `ACSCurrent`. */
  versionStage?: string;
  /** With `fetchValues`: the version id to fetch (GetSecretValue `VersionId`). Default: the `versionStage`'s version. */
  versionId?: string;
  /** With `enableDetails` / `fetchValues`: keep secrets whose calls answer `Forbidden.NoPermission` (listed in `forbidden`). Default: false (fail). */
  skipForbidden?: boolean;
}

/** One secret, as ListSecrets (and, when asked, DescribeSecret and GetSecretValue) describe it. */
export interface Secret {
  /** Stable id: the secret name, as in `@pulumi/alicloud`; `region:name` in a lookup of several `regions`. */
  id: string;
  /** The secret's name (ListSecrets `SecretName`). */
  secretName: string;
  /** The region the secret was listed in; absent in baselines written before it existed. */
  regionId?: string;
  /** The secret's type (ListSecrets `SecretType`). */
  secretType: SecretType;
  /** When the secret was created, ISO 8601 (ListSecrets `CreateTime`). */
  createTime: string;
  /** When the secret was last updated, ISO 8601 (ListSecrets `UpdateTime`). */
  updateTime: string;
  /** When the secret is scheduled to be deleted (ListSecrets `PlannedDeleteTime`); absent when it is not. */
  plannedDeleteTime?: string;
  /** Tag key to value (ListSecrets `Tags`); empty unless tags were fetched (`fetchTags`, or `tags` given). */
  tags: SecretTags;
  /** The cloud service that manages the secret (ListSecrets `OwingService`); absent when none. */
  owingService?: string;
  /** `acs:kms:<region>:<account>:secret/<name>`, for RAM policies (DescribeSecret `Arn`, with `enableDetails`). */
  arn?: string;
  /** The secret's description (DescribeSecret `Description`, with `enableDetails`). */
  description?: string;
  /** The KMS key that encrypts the value (DescribeSecret `EncryptionKeyId`, with `enableDetails`). */
  encryptionKeyId?: string;
  /** `Enabled`, `Disabled` or `Invalid` (DescribeSecret `AutomaticRotation`, with `enableDetails`). */
  automaticRotation?: string;
  /** Rotation period, e.g. `604800s` (DescribeSecret `RotationInterval`, with `enableDetails`). */
  rotationInterval?: string;
  /** Last rotation time (DescribeSecret `LastRotationDate`, with `enableDetails`). */
  lastRotationDate?: string;
  /** Next rotation time (DescribeSecret `NextRotationDate`, with `enableDetails`). */
  nextRotationDate?: string;
  /** The dedicated KMS instance holding the secret (DescribeSecret `DKMSInstanceId`, with `enableDetails`). */
  dkmsInstanceId?: string;
  /** JSON text: extended configuration of managed secrets (DescribeSecret `ExtendedConfig`, with `enableDetails`). */
  extendedConfig?: string;
  /** SECRET MATERIAL: the value, base64 when `secretDataType` is `binary` (GetSecretValue `SecretData`, with `fetchValues`). */
  secretData?: string;
  /** `text` or `binary` (GetSecretValue `SecretDataType`, with `fetchValues`). */
  secretDataType?: string;
  /** The version whose value was fetched (GetSecretValue `VersionId`, with `fetchValues`). */
  versionId?: string;
  /** That version's stage labels, e.g. `["ACSCurrent"]` (GetSecretValue `VersionStages`, with `fetchValues`). */
  versionStages?: string[];
  /** Never set by a lookup: CLI baselines may carry `hmac-sha256:<key id>:<hex>` of `secretData` instead of it. */
  secretDataHash?: string;
}

/** Arguments that pick several regions, on top of `LookupArgs` (`lookupSecrets`, `getSecrets`, `SecretsLookup`). */
export interface RegionsArgs {
  /** The regions to list concurrently, e.g. `["cn-hangzhou", "cn-shanghai"]`; instead of `region`. Each secret carries its `regionId`. Default: one region. */
  regions?: string[];
  /** An endpoint per region id (more regions than listed is fine), e.g. `{"cn-shanghai": "https://kms-vpc.cn-shanghai.aliyuncs.com"}`; instead of `endpoint`. Default: each region's public endpoint. */
  endpoints?: Record<string, string>;
  /** Report a region whose listing fails in `unreadableRegions` instead of failing the call. Default: false (the call fails, naming the region). */
  allowUnreadableRegions?: boolean;
}

/** Lookup arguments with, optionally, several regions. */
export type RegionLookupArgs = LookupArgs & RegionsArgs;

/** The result of a lookup: every matching secret exactly once, sorted by name. */
export interface GetSecretsResult {
  /** Stable hash of the region and the normalized query. */
  id: string;
  /** The region listed (from the argument, stack config or environment). */
  region: string;
  /** Secret names, sorted; the same as `names` (each secret's `id` is its name). */
  ids: string[];
  /** Secret names, sorted. */
  names: string[];
  /** The matching secrets, sorted by `secretName`. */
  secrets: Secret[];
  /** With `enableDetails` / `fetchValues`: sorted names of secrets whose calls were denied (non-empty only with `skipForbidden`); absent otherwise. */
  forbidden?: string[];
  /** With several `regions`: the regions listed, sorted (`region` joins them with commas); absent otherwise. */
  regions?: string[];
  /** With `allowUnreadableRegions`: the regions whose listing failed (their secrets are absent); absent otherwise. */
  unreadableRegions?: UnreadableRegion[];
}

/** A region whose listing failed, in `GetSecretsResult.unreadableRegions`. */
export interface UnreadableRegion {
  /** The region id. */
  region: string;
  /** The error code, e.g. `InvalidAccessKeyId.NotFound` or `ServiceUnavailable`. */
  code: string;
  /** What went wrong (redacted). */
  message: string;
  /** The RequestId of the failed call, when the service answered. */
  requestId?: string;
}

/** The outputs a `SecretsLookup` resource keeps in state (its id is the query's `id`). */
export interface SecretsLookupOutputs {
  /** The region listed. */
  region: string;
  /** Secret names, sorted. */
  ids: string[];
  /** Secret names, sorted. */
  names: string[];
  /** The matching secrets, sorted by name; stored encrypted with `fetchValues`. */
  secrets: Secret[];
  /** With `enableDetails` / `fetchValues`: names of secrets whose calls were denied; absent otherwise. */
  forbidden?: string[];
  /** With several `regions`: the regions listed, sorted; absent otherwise. */
  regions?: string[];
  /** With `allowUnreadableRegions`: the regions whose listing failed; absent otherwise. */
  unreadableRegions?: UnreadableRegion[];
  /** sha256 of the canonical result: changes whenever a listed secret changes. */
  fingerprint: string;
  /** The lookup arguments as given (a `LookupArgs`), always stored encrypted. */
  args: Record<string, unknown>;
}

/** Progress of a lookup, reported after each page and each batch of per-secret calls. */
export interface LookupProgress {
  /** ListSecrets pages fetched so far in the current listing. */
  pagesFetched: number;
  /** Pages the current listing has (from the first page's `TotalCount`). */
  totalPages: number;
  /** Distinct secrets listed so far in the current pass (before client-side filters). */
  secretsFetched: number;
  /** Which listing this is: 1, then 2.. after a relist or the tag-cap fallback. */
  listing: number;
  /** With `enableDetails` / `fetchValues`: per-secret calls done so far. */
  callsDone?: number;
  /** With `enableDetails` / `fetchValues`: per-secret calls to do (each API once per secret). */
  callsTotal?: number;
}

/** One problem with one argument. */
export interface ArgumentIssue {
  /** The dotted field path, e.g. `filters.0.Key`; empty for the arguments as a whole. */
  path: string;
  /** What is wrong with it. */
  message: string;
}

/** With a tag filter, ListSecrets returns at most this many results (the lookup then filters tags itself). */
export const TAG_FILTER_RESULT_CAP = 4000;
