/**
 * The DescribeSecret and GetSecretValue answers parsed leniently but typed, as wire.ts does
 * for ListSecrets; an answer about another secret, or without `SecretData`, is a
 * `MalformedResponse`. Error messages name fields and the RequestId, never a value.
 */
import { copyDefined } from "./copyDefined";
import { z } from "zod";
import { malformedSecretAnswer as malformed, optionalText, requestIdOf } from "./wireCommon";
import type { DETAIL_FIELDS, Secret, VALUE_FIELDS } from "./result";

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
export type SecretDetails = Pick<Secret, (typeof DETAIL_FIELDS)[number]>;

/** The GetSecretValue fields a lookup adds to a secret. Secret material. */
export type SecretValue = Pick<Secret, (typeof VALUE_FIELDS)[number]>;

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

/** A parser of one action's answer about one named secret. */
type SecretAnswerParser<T> = (body: unknown, secretName: string, fallbackRequestId?: string) => T;

/**
 * Builds a parser from a wire schema: validates the body, checks that it is about the secret
 * asked for (`mismatch` words the complaint), then maps the wire fields with `pick`.
 */
function secretAnswerParser<W extends { SecretName?: string | undefined }, T>(
  action: string,
  schema: z.ZodType<W>,
  mismatch: (echoed: string | undefined) => string,
  pick: (wire: W) => T,
): SecretAnswerParser<T> {
  return (body, secretName, fallbackRequestId) => {
    const requestId = requestIdOf(body, fallbackRequestId);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw malformed(action, secretName, requestId, first ? issueText(first) : "invalid body");
    }
    const wire = parsed.data;
    if (!sameSecret(wire.SecretName, secretName)) {
      throw malformed(action, secretName, requestId, mismatch(wire.SecretName));
    }
    return pick(wire);
  };
}

/** Builds the DescribeSecret parser of one lookup. */
export function detailsParser(): SecretAnswerParser<SecretDetails> {
  return secretAnswerParser(
    "DescribeSecret",
    describeSecretSchema(),
    (echoed) => `it describes ${JSON.stringify(echoed)}`,
    (wire) =>
      copyDefined(wire, {} as SecretDetails, [
        ["Arn", "arn"],
        ["Description", "description"],
        ["EncryptionKeyId", "encryptionKeyId"],
        ["AutomaticRotation", "automaticRotation"],
        ["RotationInterval", "rotationInterval"],
        ["LastRotationDate", "lastRotationDate"],
        ["NextRotationDate", "nextRotationDate"],
        ["DKMSInstanceId", "dkmsInstanceId"],
        ["ExtendedConfig", "extendedConfig"],
      ]),
  );
}

/** Builds the GetSecretValue parser of one lookup. */
export function valueParser(): SecretAnswerParser<SecretValue> {
  return secretAnswerParser(
    "GetSecretValue",
    secretValueSchema(),
    (echoed) => `it holds the value of ${JSON.stringify(echoed)}`,
    (wire) =>
      copyDefined(wire, { secretData: wire.SecretData } as SecretValue, [
        ["SecretDataType", "secretDataType"],
        ["VersionId", "versionId"],
        ["VersionStages", "versionStages"],
      ]),
  );
}
