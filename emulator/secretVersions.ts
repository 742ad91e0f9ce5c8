/**
 * A secret's version history: ListSecretVersionIds (paged like the real API) and the choice
 * of version GetSecretValue answers with (by VersionId and/or VersionStage).
 */
import { apiError, missingParameter } from "./errors";
import { booleanParam, integerParam } from "./listSecrets";
import type { ActionContext } from "./secretActions";
import type { SeedSecret, SeedSecretVersion } from "./types";

/** ListSecretVersionIds' default and largest PageSize. */
export const VERSIONS_DEFAULT_PAGE_SIZE = 20;
export const VERSIONS_MAX_PAGE_SIZE = 100;

/** Every version of `secret`, oldest first; one version built from its top-level fields when it has no history. */
export function versionsOf(secret: SeedSecret): SeedSecretVersion[] {
  if (secret.Versions !== undefined) return secret.Versions;
  return [
    {
      VersionId: secret.VersionId ?? "v1",
      VersionStages: secret.VersionStages ?? ["ACSCurrent"],
      CreateTime: secret.CreateTime,
      SecretData: secret.SecretData ?? "",
      SecretDataType: secret.SecretDataType ?? "text",
    },
  ];
}

/** Problems of a version history that a real secret cannot have; empty when consistent. */
export function versionHistoryIssues(versions: readonly SeedSecretVersion[]): string[] {
  const issues: string[] = [];
  const ids = new Set<string>();
  const stages = new Map<string, string>();
  for (const v of versions) {
    if (ids.has(v.VersionId)) issues.push(`duplicate VersionId "${v.VersionId}"`);
    ids.add(v.VersionId);
    for (const stage of v.VersionStages ?? []) {
      const holder = stages.get(stage);
      if (holder !== undefined) {
        issues.push(`stage "${stage}" labels both "${holder}" and "${v.VersionId}"`);
      }
      stages.set(stage, v.VersionId);
    }
  }
  return issues;
}

/**
 * The version GetSecretValue returns: the one with `versionId` (and `stage`, when both are
 * given), else the one labelled `stage`, else the ACSCurrent one. None: ResourceNotFound.
 */
export function selectVersion(
  secret: SeedSecret,
  versionId: string | undefined,
  stage: string | undefined,
): SeedSecretVersion {
  const wantsStage = stage ?? (versionId ? undefined : "ACSCurrent");
  const found = versionsOf(secret).find(
    (v) =>
      (versionId === undefined || v.VersionId === versionId) &&
      (wantsStage === undefined || (v.VersionStages ?? []).includes(wantsStage)),
  );
  if (!found) {
    throw apiError(
      "Forbidden.ResourceNotFound",
      `The secret "${secret.SecretName}" has no version matching the requested VersionId/VersionStage.`,
    );
  }
  return found;
}

/** ListSecretVersionIds: the versions with a stage (all with IncludeDeprecated=true), oldest first, one page. */
export function listSecretVersionIds(ctx: ActionContext, params: ReadonlyMap<string, string>) {
  const name = params.get("SecretName");
  if (!name) throw missingParameter("SecretName");
  const pageNumber = integerParam(params, "PageNumber", 1, 1, Number.MAX_SAFE_INTEGER);
  const pageSize = integerParam(
    params,
    "PageSize",
    VERSIONS_DEFAULT_PAGE_SIZE,
    1,
    VERSIONS_MAX_PAGE_SIZE,
  );
  const includeDeprecated = booleanParam(params, "IncludeDeprecated");
  const stored = ctx.store.get(name);
  if (!stored) throw apiError("Forbidden.ResourceNotFound", `The secret "${name}" does not exist.`);
  const denied = stored.secret.Forbidden;
  if (Array.isArray(denied) && denied.includes("ListSecretVersionIds")) {
    throw apiError("Forbidden.NoPermission");
  }
  const versions = versionsOf(stored.secret).filter(
    (v) => includeDeprecated || (v.VersionStages ?? []).length > 0,
  );
  const start = (pageNumber - 1) * pageSize;
  const page = versions.slice(start, start + pageSize);
  return {
    SecretName: stored.secret.SecretName,
    RequestId: ctx.requestId,
    PageNumber: pageNumber,
    PageSize: pageSize,
    TotalCount: versions.length,
    VersionIds: {
      VersionId: page.map((v) => ({
        VersionId: v.VersionId,
        CreateTime: v.CreateTime ?? stored.secret.CreateTime,
        VersionStages: { VersionStage: [...(v.VersionStages ?? [])] },
      })),
    },
  };
}

/** Refuses (with `fail`) a seed secret whose `Versions` no real secret could have. */
export function checkVersionHistory(secret: SeedSecret, fail: (message: string) => Error): void {
  if (secret.Versions === undefined) return;
  if (secret.Versions.length === 0) throw fail(`secret "${secret.SecretName}": Versions is empty`);
  const issues = versionHistoryIssues(secret.Versions);
  if (issues.length > 0) throw fail(`secret "${secret.SecretName}": ${issues.join("; ")}`);
}
