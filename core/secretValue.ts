/**
 * One secret's value: one GetSecretValue call (no listing) through the lookup's machinery.
 * Errors name the secret (and the version asked for) and never carry its value.
 */
import { z } from "zod";
import { lookupArgsSchema } from "./args";
import { parseBesideLookupArgs } from "./parsedArgs";
import type { LookupArgs } from "./types";
import { KmsError } from "./errors";
import type { LookupContext } from "./context";
import { withSession } from "./session";
import { namingSecret, type SecretVersionsArgs } from "./versions";
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

/** The lookup arguments `fetchSecretValue` takes: where and how to call. */
const VALUE_TRANSPORT_KEYS = [
  "region",
  "endpoint",
  "requestTimeoutMs",
  "maxRetries",
  "maxRequestsPerSecond",
] as const;

/** The arguments of its own, beside VALUE_TRANSPORT_KEYS. */
function valueOwnSchema() {
  const base = lookupArgsSchema();
  return z.strictObject({
    secretName: z.string().min(1, "must not be empty").max(1024, "at most 1024 characters"),
    versionStage: base.shape.versionStage,
    versionId: base.shape.versionId,
  });
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const argsInStep: Same<
  z.input<ReturnType<typeof valueOwnSchema>> &
    Pick<LookupArgs, (typeof VALUE_TRANSPORT_KEYS)[number]>,
  SecretValueArgs
> = true;
void argsInStep;

/** Fetches one version of one secret with a single GetSecretValue call, or throws. */
export async function fetchSecretValue(
  input: SecretValueArgs,
  context: LookupContext = {},
): Promise<SecretValueResult> {
  const { lookup, own: args } = parseBesideLookupArgs(
    input,
    VALUE_TRANSPORT_KEYS,
    valueOwnSchema(),
  );
  return withSession(lookup, context, async (call) => {
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
            kind: "rejected",
            cause: err,
            message: `${selector ? `no version with${selector}, or ` : ""}no such secret (${err.message})`,
            httpStatus: err.httpStatus,
            requestId: err.requestId,
            apiAction: "GetSecretValue",
          }),
          args.secretName,
        );
      }
      throw namingSecret(err, args.secretName);
    }
  });
}
