/**
 * The versions of one secret: all ListSecretVersionIds pages at once after page 1's TotalCount,
 * then optionally one GetSecretValue per version, through the lookup's gate, limiters, retries
 * and redaction. Complete or fail; sorted by version id.
 */
import { z } from "zod";
import { lookupArgsSchema } from "./args";
import { parseBesideLookupArgs } from "./parsedArgs";
import { childController } from "./abort";
import { KmsError, rewordError } from "./errors";
import type { LookupArgs } from "./types";
import type { LookupContext } from "./context";
import { withSession, type SessionCall } from "./session";
import { compareText } from "./query";
import { versionPageParser, type ListedVersion } from "./versionsWire";
import { valueParser } from "./wireDetails";

/** Versions asked per ListSecretVersionIds page (Terraform's page size; the API default is 20). */
export const VERSIONS_PAGE_SIZE = 50;
/** How many times a listing that saw the versions change is taken again before failing. */
export const VERSIONS_MAX_RELISTS = 3;

/** Arguments of `listSecretVersions`. */
export interface SecretVersionsArgs {
  /** The secret's name, or its ARN for another account's secret (`SecretName`). Required. */
  secretName: string;
  /** Also list versions without a stage label (`IncludeDeprecated`); default false. */
  includeDeprecated?: boolean;
  /** Keep only the versions carrying this stage label, e.g. `ACSCurrent`; default all. */
  versionStage?: string;
  /** Keep only these version ids; default (or empty) all. */
  ids?: string[];
  /** Fetch each kept version's value with GetSecretValue; default false. */
  fetchValues?: boolean;
  /** Region id, e.g. `cn-hangzhou`; default from config, environment or profile. */
  region?: string;
  /** KMS endpoint, e.g. a VPC or dedicated gateway; default `kms.<region>.aliyuncs.com`. */
  endpoint?: string;
  /** Calls in flight at most; default 4. */
  maxConcurrency?: number;
  /** Per-request timeout in milliseconds; default 10,000. */
  requestTimeoutMs?: number;
  /** Retries of a transient failure; default 8. */
  maxRetries?: number;
  /** Requests per second per API action; default 30. */
  maxRequestsPerSecond?: number;
}

/** One version of a secret. */
export interface SecretVersion {
  /** The version id (`VersionId`). */
  versionId: string;
  /** When the version was created (ISO 8601), when KMS says. */
  createTime?: string;
  /** Its stage labels, e.g. `["ACSCurrent"]`; empty for a deprecated version. */
  versionStages: string[];
  /** SECRET MATERIAL: the value, with `fetchValues` (base64 when `secretDataType` is `binary`). */
  secretData?: string;
  /** `text` or `binary`, with `fetchValues`. */
  secretDataType?: string;
}

/** The versions of one secret. */
export interface SecretVersionsResult {
  /** The secret asked for. */
  secretName: string;
  /** The region listed. */
  region: string;
  /** Sorted by `versionId`. */
  versions: SecretVersion[];
}

/** The lookup arguments `listSecretVersions` takes: where and how to call. */
const TRANSPORT_KEYS = [
  "region",
  "endpoint",
  "maxConcurrency",
  "requestTimeoutMs",
  "maxRetries",
  "maxRequestsPerSecond",
] as const;

/** The arguments of its own, beside TRANSPORT_KEYS. */
function versionsOwnSchema() {
  return z.strictObject({
    secretName: z.string().min(1, "must not be empty").max(1024, "at most 1024 characters"),
    includeDeprecated: z.boolean().optional(),
    versionStage: lookupArgsSchema().shape.versionStage,
    ids: z.array(z.string().min(1, "must not be empty")).optional(),
    fetchValues: z.boolean().optional(),
  });
}

type ParsedVersionsArgs = z.output<ReturnType<typeof versionsOwnSchema>>;
// The hand-written interface and the schemas accept the same arguments.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const argsInStep: Same<
  z.input<ReturnType<typeof versionsOwnSchema>> & Pick<LookupArgs, (typeof TRANSPORT_KEYS)[number]>,
  SecretVersionsArgs
> = true;
void argsInStep;

/** Lists the versions of one secret (and their values with `fetchValues`), or throws. */
export async function listSecretVersions(
  input: SecretVersionsArgs,
  context: LookupContext = {},
): Promise<SecretVersionsResult> {
  const { lookup, own: args } = parseBesideLookupArgs(input, TRANSPORT_KEYS, versionsOwnSchema());
  return withSession(lookup, context, async (call, session) => {
    const signal = context.signal ?? new AbortController().signal;
    const listed = await listAllVersions(call, args, signal);
    // No ids, or an empty list, keeps every version (as the peer's `ids`).
    const ids = args.ids === undefined || args.ids.length === 0 ? undefined : new Set(args.ids);
    const kept = listed
      .filter((v) => ids === undefined || ids.has(v.versionId))
      .filter((v) => args.versionStage === undefined || v.versionStages.includes(args.versionStage))
      .sort((a, b) => compareText(a.versionId, b.versionId));
    const versions: SecretVersion[] = kept.map((v) => ({ ...v }));
    if (args.fetchValues === true) await addValues(call, args.secretName, versions, signal);
    return { secretName: args.secretName, region: session.region, versions };
  });
}

/** Every listed version exactly once; lists again (up to 3 times) when the set changed meanwhile. */
async function listAllVersions(
  call: SessionCall,
  args: ParsedVersionsArgs,
  signal: AbortSignal,
): Promise<ListedVersion[]> {
  const parse = versionPageParser();
  const fetchPage = async (pageNumber: number, pageSignal: AbortSignal) => {
    const params: Record<string, string> = {
      SecretName: args.secretName,
      PageNumber: String(pageNumber),
      PageSize: String(VERSIONS_PAGE_SIZE),
    };
    if (args.includeDeprecated === true) params["IncludeDeprecated"] = "true";
    try {
      const response = await call("ListSecretVersionIds", params, pageSignal);
      return parse(response.body, args.secretName, response.requestId);
    } catch (err) {
      throw namingSecret(err, args.secretName);
    }
  };
  let problem = "";
  for (let listing = 0; listing <= VERSIONS_MAX_RELISTS; listing++) {
    const first = await fetchPage(1, signal);
    const pageCount = Math.ceil(first.totalCount / VERSIONS_PAGE_SIZE);
    const rest = await allOrAbort(
      Array.from(
        { length: Math.max(0, pageCount - 1) },
        (_, i) => (s: AbortSignal) => fetchPage(i + 2, s),
      ),
      signal,
    );
    const seen = new Map<string, ListedVersion>();
    problem = "";
    for (const page of [first, ...rest]) {
      if (page.totalCount !== first.totalCount) problem = "TotalCount changed between pages";
      for (const v of page.versions) {
        if (seen.has(v.versionId)) problem = `version ${JSON.stringify(v.versionId)} listed twice`;
        seen.set(v.versionId, v);
      }
    }
    if (!problem && seen.size !== first.totalCount) {
      problem = `${seen.size} versions listed, TotalCount ${first.totalCount}`;
    }
    if (!problem) return [...seen.values()];
  }
  throw new KmsError({
    code: "ListingInconsistent",
    kind: "inconsistent",
    message: `the versions of secret ${JSON.stringify(args.secretName)} kept changing while they were listed (last: ${problem}); try again`,
    apiAction: "ListSecretVersionIds",
  });
}

/** GetSecretValue for each version by VersionId, concurrently; the first failure stops the rest. */
async function addValues(
  call: SessionCall,
  secretName: string,
  versions: SecretVersion[],
  signal: AbortSignal,
): Promise<void> {
  const parse = valueParser();
  await allOrAbort(
    versions.map((version) => async (s: AbortSignal) => {
      const params = { SecretName: secretName, VersionId: version.versionId };
      let value;
      try {
        const response = await call("GetSecretValue", params, s);
        value = parse(response.body, secretName, response.requestId);
      } catch (err) {
        if (err instanceof KmsError && err.code === "Forbidden.ResourceNotFound") {
          throw new KmsError({
            code: "ListingInconsistent",
            kind: "inconsistent",
            cause: err,
            message: `secret ${JSON.stringify(secretName)}: version ${JSON.stringify(version.versionId)} was listed but GetSecretValue found it gone${err.requestId ? ` (RequestId ${err.requestId})` : ""}; try again`,
            httpStatus: err.httpStatus,
            requestId: err.requestId,
            apiAction: "GetSecretValue",
          });
        }
        throw namingSecret(err, secretName);
      }
      version.secretData = value.secretData;
      version.secretDataType = value.secretDataType ?? "text";
    }),
    signal,
  );
}

/** Runs every task at once (the session's gate caps what is in flight); the first failure aborts the rest. */
async function allOrAbort<T>(
  tasks: readonly ((signal: AbortSignal) => Promise<T>)[],
  outer: AbortSignal,
): Promise<T[]> {
  if (tasks.length === 0) return [];
  const { controller: local, release } = childController(outer, tasks.length);
  try {
    return await Promise.all(
      tasks.map((task) =>
        task(local.signal).catch((err: unknown) => {
          local.abort();
          throw err;
        }),
      ),
    );
  } finally {
    release();
  }
}

/** A KmsError from a call about `secretName`, with the secret named (other fields kept). */
export function namingSecret(err: unknown, secretName: string): unknown {
  if (!(err instanceof KmsError) || err.code === "Aborted" || err.code === "MalformedResponse") {
    return err;
  }
  return rewordError(err, `secret ${JSON.stringify(secretName)}: ${err.message}`);
}
