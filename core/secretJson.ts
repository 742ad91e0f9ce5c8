/**
 * A secret's JSON value (RDS, RAM or any object) read into a typed object. Free of
 * dependencies, so its types can appear in published declarations. Errors name the secret
 * and never echo its value.
 */

/** The fields of a fetched value that parsing needs. */
export interface FetchedValue {
  /** The secret's name. */
  secretName: string;
  /** The value in plaintext (base64 when `secretDataType` is `binary`). */
  secretData: string;
  /** `text` or `binary`. */
  secretDataType: string;
  /** The version read. */
  versionId: string;
}

/** The value of an RDS secret (`SecretType` `Rds`). */
export interface RdsSecretValue {
  /** The database account. */
  AccountName: string;
  /** Its password. */
  AccountPassword: string;
}

/** The value of a RAM credentials secret (`SecretType` `RAMCredentials`). */
export interface RamSecretValue {
  /** The RAM user's AccessKey id. */
  AccessKeyId: string;
  /** Its AccessKey secret. */
  AccessKeySecret: string;
  /** When KMS generated the key (ISO 8601), when present. */
  GenerateTimestamp?: string;
}

/** Any JSON value. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** How to read a JSON secret: `rds`, `ram`, or `json` (any JSON object). */
export type SecretJsonKind = "rds" | "ram" | "json";

/** What each kind parses to. */
export interface SecretJsonKinds {
  /** `{AccountName, AccountPassword}`. */
  rds: RdsSecretValue;
  /** `{AccessKeyId, AccessKeySecret, GenerateTimestamp?}`. */
  ram: RamSecretValue;
  /** Any JSON object. */
  json: { [key: string]: JsonValue };
}

/** A secret value that is not the JSON asked for. Names the secret, never shows the value. */
export class SecretFormatError extends Error {
  override readonly name = "SecretFormatError";
  constructor(
    /** `SecretNotJson`: not JSON (or not an object); `SecretJsonShape`: a field is missing or not a string. */
    readonly code: "SecretNotJson" | "SecretJsonShape",
    /** The secret whose value it is. */
    readonly secretName: string,
    /** The version read. */
    readonly versionId: string,
    detail: string,
  ) {
    super(`secret ${JSON.stringify(secretName)} (version ${JSON.stringify(versionId)}): ${detail}`);
  }
}

const REQUIRED_FIELDS: Record<SecretJsonKind, readonly string[]> = {
  rds: ["AccountName", "AccountPassword"],
  ram: ["AccessKeyId", "AccessKeySecret"],
  json: [],
};

/** Parses a fetched value as `kind`, or throws a SecretFormatError (never quoting the value). */
export function parseSecretJson<K extends SecretJsonKind>(
  value: FetchedValue,
  kind: K,
): SecretJsonKinds[K] {
  const fail = (code: SecretFormatError["code"], detail: string): SecretFormatError =>
    new SecretFormatError(code, value.secretName, value.versionId, detail);
  if (value.secretDataType === "binary") {
    throw fail("SecretNotJson", "the value is binary, not JSON text");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.secretData);
  } catch {
    // The parser's message quotes the text around the error: never pass it on.
    throw fail("SecretNotJson", "the value is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw fail("SecretNotJson", `the value is JSON but not an object (expected ${kind})`);
  }
  const record = parsed as Record<string, unknown>;
  const bad = REQUIRED_FIELDS[kind].filter((field) => typeof record[field] !== "string");
  if (kind === "ram" && record["GenerateTimestamp"] !== undefined) {
    if (typeof record["GenerateTimestamp"] !== "string") bad.push("GenerateTimestamp");
  }
  if (bad.length > 0) {
    throw fail(
      "SecretJsonShape",
      `the JSON value lacks string field(s) ${bad.join(", ")} of a ${kind} secret`,
    );
  }
  return record as unknown as SecretJsonKinds[K];
}
