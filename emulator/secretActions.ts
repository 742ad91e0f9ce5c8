/** DescribeSecret and GetSecretValue over the emulator's secrets. */
import { copyDefined } from "../core/copyDefined";
import { apiError, missingParameter } from "./errors";
import { booleanParam } from "./listSecrets";
import { selectVersion } from "./secretVersions";
import type { SecretStore, StoredSecret } from "./store";
import type { SeedSecret } from "./types";

export interface ActionContext {
  store: SecretStore;
  region: string;
  accountId: string;
  requestId: string;
}

function isForbidden(secret: SeedSecret, action: string): boolean {
  const f = secret.Forbidden;
  return f === true ? action === "GetSecretValue" : Array.isArray(f) && f.includes(action);
}

function findSecret(
  ctx: ActionContext,
  params: ReadonlyMap<string, string>,
  action: string,
): StoredSecret {
  const name = params.get("SecretName");
  if (!name) throw missingParameter("SecretName");
  const stored = ctx.store.get(name);
  if (!stored) throw apiError("Forbidden.ResourceNotFound", `The secret "${name}" does not exist.`);
  if (isForbidden(stored.secret, action)) throw apiError("Forbidden.NoPermission");
  return stored;
}

export function describeSecret(ctx: ActionContext, params: ReadonlyMap<string, string>) {
  const s = findSecret(ctx, params, "DescribeSecret").secret;
  const out: Record<string, unknown> = {
    Arn: `acs:kms:${ctx.region}:${ctx.accountId}:secret/${s.SecretName}`,
    SecretName: s.SecretName,
    SecretType: s.SecretType,
    Description: s.Description ?? "",
  };
  copyDefined<SeedSecret, Record<string, unknown>>(s, out, [
    "EncryptionKeyId",
    "CreateTime",
    "UpdateTime",
    "PlannedDeleteTime",
    "AutomaticRotation",
    "RotationInterval",
    "LastRotationDate",
    "NextRotationDate",
    "DKMSInstanceId",
    "ExtendedConfig",
    "OwingService",
  ]);
  if (booleanParam(params, "FetchTags")) {
    out["Tags"] = {
      Tag: (s.Tags?.Tag ?? []).map((t) => ({ TagValue: t.TagValue, TagKey: t.TagKey })),
    };
  }
  out["RequestId"] = ctx.requestId;
  return out;
}

export function getSecretValue(ctx: ActionContext, params: ReadonlyMap<string, string>) {
  const s = findSecret(ctx, params, "GetSecretValue").secret;
  const version = selectVersion(s, params.get("VersionId"), params.get("VersionStage"));
  const out: Record<string, unknown> = {
    SecretName: s.SecretName,
    SecretType: s.SecretType,
    SecretData: version.SecretData ?? "",
    SecretDataType: version.SecretDataType ?? "text",
    VersionId: version.VersionId,
    VersionStages: { VersionStage: [...(version.VersionStages ?? [])] },
    CreateTime: version.CreateTime ?? s.CreateTime,
  };
  copyDefined<SeedSecret, Record<string, unknown>>(s, out, [
    "AutomaticRotation",
    "RotationInterval",
    "LastRotationDate",
    "NextRotationDate",
  ]);
  if (booleanParam(params, "FetchExtendedConfig") && s.ExtendedConfig !== undefined) {
    out["ExtendedConfig"] = s.ExtendedConfig;
  }
  out["RequestId"] = ctx.requestId;
  return out;
}
