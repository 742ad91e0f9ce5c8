/**
 * The result of a secrets lookup. It follows the `@pulumi/alicloud` `kms.getSecrets`
 * convention (`id`, `ids`, `names`, `secrets[].secretName`, ...), so users can swap it in.
 *
 * The schema exists so that saved results (CLI baselines, Pulumi state) are read back
 * validated; the types are inferred from it. Absent fields are omitted, never `undefined`.
 */
import { z } from "zod";

export function secretSchema() {
  return z.object({
    /** Stable id: the secret name, as in `@pulumi/alicloud`. */
    id: z.string(),
    secretName: z.string(),
    /** `Generic`, `Rds`, `Redis`, `RAMCredentials`, `ECS`, `PolarDB`, or a newer value passed through. */
    secretType: z.string(),
    createTime: z.string(),
    updateTime: z.string(),
    /** Present only when the secret is scheduled for deletion. */
    plannedDeleteTime: z.string().optional(),
    /** Tag key to value. Empty unless tags were fetched (`fetchTags`, or `tags` given). */
    tags: z.record(z.string(), z.string()),
    owingService: z.string().optional(),
  });
}

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
  });
}

export type Secret = z.infer<ReturnType<typeof secretSchema>>;
export type GetSecretsResult = z.infer<ReturnType<typeof getSecretsResultSchema>>;
