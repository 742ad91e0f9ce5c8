/** Seed data: validation of seed files / admin payloads, and defaults for missing fields. */
import { z } from "zod";
import { checkVersionHistory } from "./secretVersions";
import type { SeedSecret } from "./types";

const isoTime = () =>
  z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: "not an ISO 8601 time" });

/** Schema of one seed secret. Unknown fields are ignored. */
function seedSecretSchema() {
  return z.object({
    SecretName: z.string().min(1),
    SecretType: z.string().optional(),
    CreateTime: isoTime().optional(),
    UpdateTime: isoTime().optional(),
    PlannedDeleteTime: isoTime().optional(),
    Tags: z
      .object({ Tag: z.array(z.object({ TagKey: z.string(), TagValue: z.string() })) })
      .optional(),
    OwingService: z.string().optional(),
    Description: z.string().optional(),
    EncryptionKeyId: z.string().optional(),
    DKMSInstanceId: z.string().optional(),
    Creator: z.string().optional(),
    AutomaticRotation: z.string().optional(),
    RotationInterval: z.string().optional(),
    LastRotationDate: z.string().optional(),
    NextRotationDate: z.string().optional(),
    ExtendedConfig: z.string().optional(),
    SecretData: z.string().optional(),
    SecretDataType: z.enum(["text", "binary"]).optional(),
    VersionId: z.string().optional(),
    VersionStages: z.array(z.string()).optional(),
    Versions: z
      .array(
        z.object({
          VersionId: z.string().min(1),
          VersionStages: z.array(z.string()).optional(),
          CreateTime: isoTime().optional(),
          SecretData: z.string().optional(),
          SecretDataType: z.enum(["text", "binary"]).optional(),
        }),
      )
      .optional(),
    Forbidden: z.union([z.boolean(), z.array(z.string())]).optional(),
  });
}

/** The secrets list of a seed document: `{SecretList: {Secret: [...]}}` or a plain array. */
function secretsOf(document: unknown): unknown {
  if (Array.isArray(document)) return document;
  if (typeof document === "object" && document !== null && "SecretList" in document) {
    const list: unknown = (document as { SecretList: unknown }).SecretList;
    if (typeof list === "object" && list !== null && "Secret" in list)
      return (list as { Secret: unknown }).Secret;
  }
  throw new SeedError(
    'invalid seed: expected a list of secrets or {"SecretList":{"Secret":[...]}}',
  );
}

export class SeedError extends Error {
  override readonly name = "SeedError";
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

/** Validates a parsed seed document and returns its secrets; duplicate names are refused. */
export function parseSeed(document: unknown): SeedSecret[] {
  const parsed = z.array(seedSecretSchema()).safeParse(secretsOf(document));
  if (!parsed.success) throw new SeedError(`invalid seed: ${describeIssues(parsed.error)}`);
  const secrets = parsed.data;
  const seen = new Set<string>();
  for (const s of secrets) {
    if (seen.has(s.SecretName))
      throw new SeedError(`invalid seed: duplicate SecretName "${s.SecretName}"`);
    seen.add(s.SecretName);
  }
  return secrets;
}

/** Validates one secret (admin endpoint / putSecret). */
export function parseSeedSecret(value: unknown): SeedSecret {
  const parsed = seedSecretSchema().safeParse(value);
  if (!parsed.success) throw new SeedError(`invalid secret: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Fills what the API always returns: type, times, data, version. */
export function withDefaults(secret: SeedSecret, createTime: string): SeedSecret {
  checkVersionHistory(secret, (message) => new SeedError(`invalid secret: ${message}`));
  const CreateTime = secret.CreateTime ?? createTime;
  return {
    ...secret,
    SecretType: secret.SecretType ?? "Generic",
    CreateTime,
    UpdateTime: secret.UpdateTime ?? CreateTime,
    SecretData: secret.SecretData ?? "",
    SecretDataType: secret.SecretDataType ?? "text",
    VersionId: secret.VersionId ?? "v1",
    VersionStages: secret.VersionStages ?? ["ACSCurrent"],
    AutomaticRotation: secret.AutomaticRotation ?? "Disabled",
  };
}

/** An ISO time without milliseconds, as KMS prints times. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
