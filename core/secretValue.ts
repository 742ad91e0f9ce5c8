/**
 * One secret's value: one GetSecretValue call (no listing) through the lookup's machinery,
 * and the parse of a JSON value (RDS, RAM or generic) into a typed object. Errors name the
 * secret and never echo its value.
 */
import { z } from "zod";
import { ArgumentError, lookupArgsSchema, toArgumentIssues } from "./args";
import { KmsError } from "./errors";
import { withSession, type LookupContext } from "./lookup";
import { namingSecret, transportArgs, type SecretVersionsArgs } from "./versions";
import { valueParser } from "./wireDetails";

/** Arguments of `fetchSecretValue`. */
export interface SecretValueArgs extends Pick<
  SecretVersionsArgs,
  "region" | "endpoint" | "requestTimeoutMs" | "maxRetries" | "maxRequestsPerSecond"
> {
  /** The secret's name, or its ARN for another account's secret (`SecretName`). Required. */
  secretName: string;
  /** The stage label of the version (`VersionStage`); default `ACSCurrent`. */
  versionStage?: string;
  /** The version id (`VersionId`); default the version labelled `versionStage`. */
  versionId?: string;
}

/** One version's value. SECRET MATERIAL. */
export interface SecretValueResult {
  /** The secret asked for. */
  secretName: string;
  /** The value in plaintext (base64 when `secretDataType` is `binary`). */
  secretData: string;
  /** `text` or `binary`. */
  secretDataType: string;
  /** The version returned. */
  versionId: string;
  /** Its stage labels, e.g. `["ACSCurrent"]`. */
  versionStages: string[];
}

function secretValueArgsSchema() {
  const base = lookupArgsSchema();
  return base
    .pick({
      region: true,
      endpoint: true,
      requestTimeoutMs: true,
      maxRetries: true,
      maxRequestsPerSecond: true,
    })
    .extend({
      secretName: z.string().min(1, "must not be empty").max(1024, "at most 1024 characters"),
      versionStage: base.shape.versionStage,
      versionId: base.shape.versionId,
    });
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const argsInStep: Same<z.input<ReturnType<typeof secretValueArgsSchema>>, SecretValueArgs> = true;
void argsInStep;

/** Fetches one version of one secret with a single GetSecretValue call, or throws. */
export async function fetchSecretValue(
  input: SecretValueArgs,
  context: LookupContext = {},
): Promise<SecretValueResult> {
  const parsed = secretValueArgsSchema().safeParse(input ?? {});
  if (!parsed.success) throw new ArgumentError(toArgumentIssues(parsed.error));
  const args = parsed.data;
  return withSession(transportArgs(args), context, async (call) => {
    const params: Record<string, string> = { SecretName: args.secretName };
    if (args.versionStage !== undefined) params["VersionStage"] = args.versionStage;
    if (args.versionId !== undefined) params["VersionId"] = args.versionId;
    const signal = context.signal ?? new AbortController().signal;
    try {
      const response = await call("GetSecretValue", params, signal);
      const value = valueParser()(response.body, args.secretName, response.requestId);
      return {
        secretName: args.secretName,
        secretData: value.secretData ?? "",
        secretDataType: value.secretDataType ?? "text",
        versionId: value.versionId ?? "",
        versionStages: value.versionStages ?? [],
      };
    } catch (err) {
      if (err instanceof KmsError && err.code === "Forbidden.ResourceNotFound") {
        const selector = [
          args.versionStage === undefined
            ? ""
            : ` versionStage ${JSON.stringify(args.versionStage)}`,
          args.versionId === undefined ? "" : ` versionId ${JSON.stringify(args.versionId)}`,
        ].join("");
        throw namingSecret(
          new KmsError({
            code: err.code,
            message: `${selector ? `no version with${selector}, or ` : ""}no such secret (${err.message})`,
            httpStatus: err.httpStatus,
            requestId: err.requestId,
            retryable: false,
            action: "check-arguments",
            apiAction: "GetSecretValue",
          }),
          args.secretName,
        );
      }
      throw namingSecret(err, args.secretName);
    }
  });
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
  value: Pick<SecretValueResult, "secretName" | "secretData" | "secretDataType" | "versionId">,
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
