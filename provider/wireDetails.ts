/**
 * The DescribeSecret and GetSecretValue responses on the wire, parsed leniently but typed,
 * as wire.ts does for ListSecrets:
 * - unknown fields are ignored; `null` and `""` read as absent for the optional texts;
 * - `VersionStages` is accepted as `{"VersionStage": [...]}` (the RPC shape), a single
 *   `{"VersionStage": "..."}`, or a plain list (what some gateways and the docs show);
 * - a body about another secret, or a GetSecretValue answer without `SecretData`, is a
 *   `MalformedResponse` naming the secret and the RequestId.
 *
 * Field names follow the API reference (kms 2016-01-20): DescribeSecret returns Arn,
 * AutomaticRotation, CreateTime, DKMSInstanceId, Description, EncryptionKeyId,
 * ExtendedConfig, LastRotationDate, NextRotationDate, OwingService, PlannedDeleteTime,
 * RotationInterval, SecretName, SecretType, Tags, UpdateTime. The listing's fields
 * (types, times, tags, owing service) come from ListSecrets; DescribeSecret adds the rest.
 *
 * Schemas are built by functions (never at module scope), once per lookup. Secret values
 * never appear in an error message: only field names and the RequestId do.
 */
import { z } from "zod";
import { KmsError } from "./errors";
import type { Secret } from "./result";

function optionalText() {
  return z
    .string()
    .nullish()
    .transform((value) => (value ? value : undefined));
}

function stageList() {
  const stages = z.union([z.array(z.string()), z.string()]);
  return z
    .union([z.object({ VersionStage: stages.nullish() }), stages])
    .nullish()
    .transform((value): string[] | undefined => {
      if (value == null) return undefined;
      const inner = typeof value === "object" && !Array.isArray(value) ? value.VersionStage : value;
      if (inner == null) return [];
      return Array.isArray(inner) ? inner : [inner];
    });
}

export function describeSecretSchema() {
  return z.object({
    RequestId: z.string().optional(),
    SecretName: optionalText(),
    Arn: optionalText(),
    Description: optionalText(),
    EncryptionKeyId: optionalText(),
    AutomaticRotation: optionalText(),
    RotationInterval: optionalText(),
    LastRotationDate: optionalText(),
    NextRotationDate: optionalText(),
    DKMSInstanceId: optionalText(),
    ExtendedConfig: optionalText(),
  });
}

export function secretValueSchema() {
  return z.object({
    RequestId: z.string().optional(),
    SecretName: optionalText(),
    SecretData: z.string({ message: "SecretData is missing" }),
    SecretDataType: optionalText(),
    VersionId: optionalText(),
    VersionStages: stageList(),
  });
}

/** The DescribeSecret fields a lookup adds to a secret (absent ones left out). */
export type SecretDetails = Pick<
  Secret,
  | "arn"
  | "description"
  | "encryptionKeyId"
  | "automaticRotation"
  | "rotationInterval"
  | "lastRotationDate"
  | "nextRotationDate"
  | "dkmsInstanceId"
  | "extendedConfig"
>;

/** The GetSecretValue fields a lookup adds to a secret. Secret material. */
export type SecretValue = Pick<
  Secret,
  "secretData" | "secretDataType" | "versionId" | "versionStages"
>;

function malformed(
  action: string,
  secretName: string,
  requestId: string | undefined,
  detail: string,
): KmsError {
  return new KmsError({
    code: "MalformedResponse",
    message: `${action} of secret ${JSON.stringify(secretName)} returned a malformed answer${requestId ? ` (RequestId ${requestId})` : " (no RequestId)"}: ${detail}`,
    requestId,
    retryable: false,
    action: "none",
    apiAction: action,
  });
}

function requestIdOf(body: unknown, fallback: string | undefined): string | undefined {
  const id =
    typeof body === "object" && body !== null
      ? (body as { RequestId?: unknown }).RequestId
      : undefined;
  return typeof id === "string" ? id : fallback;
}

/**
 * Describes a zod issue by path and kind only: never with the received value, which for
 * GetSecretValue could be the secret itself.
 */
function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join(".") || "body";
  return issue.code === "invalid_type"
    ? `${where}: expected ${issue.expected}`
    : `${where}: invalid`;
}

/** A name echoed by the service that is not the one asked for: ARNs end with `secret/<name>`. */
function sameSecret(echoed: string | undefined, asked: string): boolean {
  return echoed === undefined || echoed === asked || echoed.endsWith(`:secret/${asked}`);
}

/** Builds the DescribeSecret parser of one lookup. */
export function detailsParser(): (
  body: unknown,
  secretName: string,
  fallbackRequestId?: string,
) => SecretDetails {
  const schema = describeSecretSchema();
  return (body, secretName, fallbackRequestId) => {
    const requestId = requestIdOf(body, fallbackRequestId);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw malformed(
        "DescribeSecret",
        secretName,
        requestId,
        first ? issueText(first) : "invalid body",
      );
    }
    const wire = parsed.data;
    if (!sameSecret(wire.SecretName, secretName)) {
      throw malformed(
        "DescribeSecret",
        secretName,
        requestId,
        `it describes ${JSON.stringify(wire.SecretName)}`,
      );
    }
    const out: SecretDetails = {};
    if (wire.Arn !== undefined) out.arn = wire.Arn;
    if (wire.Description !== undefined) out.description = wire.Description;
    if (wire.EncryptionKeyId !== undefined) out.encryptionKeyId = wire.EncryptionKeyId;
    if (wire.AutomaticRotation !== undefined) out.automaticRotation = wire.AutomaticRotation;
    if (wire.RotationInterval !== undefined) out.rotationInterval = wire.RotationInterval;
    if (wire.LastRotationDate !== undefined) out.lastRotationDate = wire.LastRotationDate;
    if (wire.NextRotationDate !== undefined) out.nextRotationDate = wire.NextRotationDate;
    if (wire.DKMSInstanceId !== undefined) out.dkmsInstanceId = wire.DKMSInstanceId;
    if (wire.ExtendedConfig !== undefined) out.extendedConfig = wire.ExtendedConfig;
    return out;
  };
}

/** Builds the GetSecretValue parser of one lookup. */
export function valueParser(): (
  body: unknown,
  secretName: string,
  fallbackRequestId?: string,
) => SecretValue {
  const schema = secretValueSchema();
  return (body, secretName, fallbackRequestId) => {
    const requestId = requestIdOf(body, fallbackRequestId);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw malformed(
        "GetSecretValue",
        secretName,
        requestId,
        first ? issueText(first) : "invalid body",
      );
    }
    const wire = parsed.data;
    if (!sameSecret(wire.SecretName, secretName)) {
      throw malformed(
        "GetSecretValue",
        secretName,
        requestId,
        `it holds the value of ${JSON.stringify(wire.SecretName)}`,
      );
    }
    const out: SecretValue = { secretData: wire.SecretData };
    if (wire.SecretDataType !== undefined) out.secretDataType = wire.SecretDataType;
    if (wire.VersionId !== undefined) out.versionId = wire.VersionId;
    if (wire.VersionStages !== undefined) out.versionStages = wire.VersionStages;
    return out;
  };
}
