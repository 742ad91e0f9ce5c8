/**
 * The result of a secrets lookup, in the `@pulumi/alicloud` `kms.getSecrets` shape; the schema
 * reads saved results (CLI baselines, Pulumi state) back validated. The public types are those
 * of ./types (kept in step by ./types.check.ts); absent fields are omitted, never `undefined`.
 */
import { z } from "zod";

export function secretSchema() {
  return z.object({
    /** Stable id: the secret name, as in `@pulumi/alicloud`; `region:name` in a lookup of several regions. */
    id: z.string(),
    secretName: z.string(),
    /** The region the secret was listed in (absent in baselines written before 0.2). */
    regionId: z.string().optional(),
    /** `Generic`, `Rds`, `Redis`, `RAMCredentials`, `ECS`, `PolarDB`, or a newer value passed through. */
    secretType: z.string(),
    createTime: z.string(),
    updateTime: z.string(),
    /** Present only when the secret is scheduled for deletion. */
    plannedDeleteTime: z.string().optional(),
    /** Tag key to value. Empty unless tags were fetched (`fetchTags`, or `tags` given). */
    tags: z.record(z.string(), z.string()),
    owingService: z.string().optional(),
    // ---- from DescribeSecret, with `enableDetails` (each only when KMS returns it) ----
    /** `acs:kms:<region>:<account>:secret/<name>`, for RAM policies. */
    arn: z.string().optional(),
    description: z.string().optional(),
    /** The KMS key that encrypts the value. */
    encryptionKeyId: z.string().optional(),
    /** `Enabled`, `Disabled` or `Invalid` (managed RDS, RAM and ECS secrets). */
    automaticRotation: z.string().optional(),
    /** e.g. `604800s`. */
    rotationInterval: z.string().optional(),
    lastRotationDate: z.string().optional(),
    nextRotationDate: z.string().optional(),
    /** The dedicated KMS instance holding the secret. */
    dkmsInstanceId: z.string().optional(),
    /** JSON text: the extended configuration of managed RDS, RAM, ECS and PolarDB secrets. */
    extendedConfig: z.string().optional(),
    // ---- from GetSecretValue, with `fetchValues`: SECRET MATERIAL ----
    /** The secret value in plaintext (base64 when `secretDataType` is `binary`). */
    secretData: z.string().optional(),
    /** `text` or `binary`. */
    secretDataType: z.string().optional(),
    /** The version whose value was fetched. */
    versionId: z.string().optional(),
    /** The stage labels of that version, e.g. `["ACSCurrent"]`. */
    versionStages: z.array(z.string()).optional(),
    /**
     * Never set by a lookup: saved listings of the CLI (baselines) may carry a keyed hash
     * of `secretData` instead of the value, `hmac-sha256:<key id>:<hex>`, for drift checks.
     */
    secretDataHash: z.string().optional(),
  });
}

/** The fields a `fetchValues` lookup adds: everything here is treated as secret material. */
export const VALUE_FIELDS = ["secretData", "secretDataType", "versionId", "versionStages"] as const;

/** The fields an `enableDetails` lookup adds. */
export const DETAIL_FIELDS = [
  "arn",
  "description",
  "encryptionKeyId",
  "automaticRotation",
  "rotationInterval",
  "lastRotationDate",
  "nextRotationDate",
  "dkmsInstanceId",
  "extendedConfig",
] as const;

/** The fields ListSecrets itself gives a secret (besides its name). */
export const LISTING_FIELDS = [
  "secretType",
  "createTime",
  "updateTime",
  "plannedDeleteTime",
  "tags",
] as const;

/** The fields that describe a secret (all but its names and the value hash), in canonical order. */
export const DESCRIBING_FIELDS = [
  ...LISTING_FIELDS,
  "owingService",
  ...DETAIL_FIELDS,
  "secretDataType",
  "versionId",
  "versionStages",
  "secretData",
] as const;

/** Every field of a secret, in the order its canonical JSON (CLI output, baselines) writes them. */
export const SECRET_FIELD_ORDER = [
  "id",
  "secretName",
  "regionId",
  ...DESCRIBING_FIELDS,
  "secretDataHash",
] as const;

export function getSecretsResultSchema() {
  return z.object({
    /** Stable hash of the region and the normalized query. */
    id: z.string(),
    region: z.string(),
    /** Secret names, sorted; the same as `names` (`id` = secret name). */
    ids: z.array(z.string()),
    names: z.array(z.string()),
    /** Sorted by `secretName`. */
    secrets: z.array(secretSchema()),
    /**
     * Present (possibly empty) when `enableDetails` or `fetchValues` is set: the sorted names
     * of matched secrets whose DescribeSecret or GetSecretValue answered
     * `Forbidden.NoPermission`. Non-empty only with `skipForbidden` (otherwise such a secret
     * fails the lookup). Those secrets stay in `secrets`, without the fields of the denied call.
     */
    forbidden: z.array(z.string()).optional(),
    /** With several `regions`: the regions listed, sorted (`region` then joins them with commas). */
    regions: z.array(z.string()).optional(),
    /**
     * With `allowUnreadableRegions`: the regions whose listing failed, with why. Their secrets
     * are absent from the result, which says so here rather than being silently short.
     */
    unreadableRegions: z
      .array(
        z.object({
          region: z.string(),
          code: z.string(),
          message: z.string(),
          requestId: z.string().optional(),
        }),
      )
      .optional(),
  });
}

export type { GetSecretsResult, Secret } from "./types";
