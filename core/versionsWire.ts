/**
 * ListSecretVersionIds answers parsed leniently but typed (as wire.ts): `null` is absent, one
 * `VersionId` object a list of one, a numeric string a number; a missing `VersionId` or a bad
 * `TotalCount` is a `MalformedResponse` naming the secret and the RequestId.
 */
import { z } from "zod";
import { countSchema, malformedSecretAnswer, requestIdOf } from "./wireCommon";

/** One version as ListSecretVersionIds lists it (no value). */
export interface ListedVersion {
  versionId: string;
  /** When the version was created (ISO 8601), when KMS says. */
  createTime?: string;
  /** Its stage labels; empty for a deprecated version. */
  versionStages: string[];
}

export interface VersionPage {
  requestId: string | undefined;
  totalCount: number;
  versions: ListedVersion[];
}

function stagesSchema() {
  const stages = z.union([z.array(z.string()), z.string()]);
  return z
    .union([z.object({ VersionStage: stages.nullish() }), stages])
    .nullish()
    .transform((value): string[] => {
      if (value == null) return [];
      const inner = typeof value === "object" && !Array.isArray(value) ? value.VersionStage : value;
      if (inner == null) return [];
      return Array.isArray(inner) ? inner : [inner];
    });
}

function versionPageSchema() {
  const item = z.object({
    VersionId: z.string().min(1, "must not be empty"),
    CreateTime: z
      .string()
      .nullish()
      .transform((value) => (value ? value : undefined)),
    VersionStages: stagesSchema(),
  });
  return z.object({
    RequestId: z.string().optional(),
    SecretName: z.string().nullish(),
    TotalCount: countSchema(),
    VersionIds: z
      .object({
        VersionId: z
          .union([z.array(item), item])
          .nullish()
          .transform((value) => (value == null ? [] : Array.isArray(value) ? value : [value])),
      })
      .nullish(),
  });
}

/** Builds the page parser of one listing; throws a `MalformedResponse` KmsError. */
export function versionPageParser(): (
  body: unknown,
  secretName: string,
  fallbackRequestId: string | undefined,
) => VersionPage {
  const schema = versionPageSchema();
  return (body, secretName, fallbackRequestId) => {
    const parsed = schema.safeParse(body);
    const requestId = requestIdOf(body, fallbackRequestId);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? issue.path.map(String).join(".") || "body" : "body";
      throw malformed(secretName, requestId, `${where}: ${issue?.code ?? "invalid"}`);
    }
    const echoed = parsed.data.SecretName;
    if (echoed && echoed !== secretName && !secretName.endsWith(`:secret/${echoed}`)) {
      throw malformed(secretName, requestId, `it lists the versions of ${JSON.stringify(echoed)}`);
    }
    const list = parsed.data.VersionIds?.VersionId ?? [];
    return {
      requestId,
      totalCount: parsed.data.TotalCount,
      versions: list.map((v) => {
        const out: ListedVersion = { versionId: v.VersionId, versionStages: v.VersionStages };
        if (v.CreateTime !== undefined) out.createTime = v.CreateTime;
        return out;
      }),
    };
  };
}

function malformed(secretName: string, requestId: string | undefined, detail: string) {
  return malformedSecretAnswer("ListSecretVersionIds", secretName, requestId, detail);
}
