/**
 * The per-secret calls of a lookup: DescribeSecret (`enableDetails`) and GetSecretValue
 * (`fetchValues`) for every matched secret, through the lookup's strategy, once each, cached
 * across relistings; complete or fail (docs/lookup-core.md "Guarantees").
 */
import type { TransportResponse } from "./client";
import { childController } from "./abort";
import { KmsError, abortError, rewordError } from "./errors";
import type { PerSecretPlan } from "./query";
import type { Secret } from "./result";
import { detailsParser, valueParser, type SecretDetails, type SecretValue } from "./wireDetails";

export type PerSecretAction = "DescribeSecret" | "GetSecretValue";

/** One call through the lookup's gate, limiter and retries; rejects with a KmsError. */
export type PerSecretCall = (
  action: PerSecretAction,
  params: Record<string, string>,
  signal: AbortSignal,
) => Promise<TransportResponse>;

/** A matched secret vanished between the listing and its per-secret call. Internal. */
export class SecretGoneError extends Error {
  override readonly name = "SecretGoneError";
  constructor(
    readonly secretName: string,
    readonly action: PerSecretAction,
  ) {
    super(`secret ${JSON.stringify(secretName)} was listed but ${action} found it gone`);
  }
}

export const FORBIDDEN_CODE = "Forbidden.NoPermission";
export const NOT_FOUND_CODE = "Forbidden.ResourceNotFound";
export const IN_DELETE_WINDOW_CODE = "Rejected.ResourceInDeleteWindow";

type Outcome<T> = { kind: "ok"; data: T } | { kind: "forbidden" } | { kind: "unavailable" };

/** Outcomes of one lookup's per-secret calls, kept across relistings. */
export class PerSecretCache {
  readonly details = new Map<string, Outcome<SecretDetails>>();
  readonly values = new Map<string, Outcome<SecretValue>>();
}

export interface PerSecretProgress {
  callsDone: number;
  callsTotal: number;
}

export interface PerSecretOptions {
  plan: PerSecretPlan;
  call: PerSecretCall;
  /** How many calls to keep queued at the gate (the gate itself caps what is in flight). */
  width: number;
  cache: PerSecretCache;
  signal?: AbortSignal;
  onProgress?: (progress: PerSecretProgress) => void;
}

function cacheKey(secret: Secret): string {
  return `${secret.secretName}\u0000${secret.updateTime}`;
}

/** The secret named in a KmsError from its per-secret call; other fields kept. */
function namingSecret(err: KmsError, secretName: string, advice = ""): KmsError {
  return rewordError(err, `secret ${JSON.stringify(secretName)}: ${err.message}${advice}`);
}

function versionSelector(plan: PerSecretPlan): string {
  const parts: string[] = [];
  if (plan.versionStage !== undefined)
    parts.push(`versionStage ${JSON.stringify(plan.versionStage)}`);
  if (plan.versionId !== undefined) parts.push(`versionId ${JSON.stringify(plan.versionId)}`);
  return parts.join(" and ");
}

/**
 * Adds the detail and value fields to `secrets` (in place) and returns the sorted names of
 * the secrets whose calls were denied (only with `skipForbidden`; otherwise that throws).
 */
export async function addPerSecretData(
  secrets: readonly Secret[],
  options: PerSecretOptions,
): Promise<string[]> {
  const { plan, cache } = options;
  if (!plan.details && !plan.values) return [];
  const parseDetails = detailsParser();
  const parseValue = valueParser();
  const tasks: ((signal: AbortSignal) => Promise<void>)[] = [];

  const handleDenial = <T>(
    err: KmsError,
    secret: Secret,
    action: PerSecretAction,
  ): Outcome<T> | undefined => {
    if (err.code === NOT_FOUND_CODE) throw new SecretGoneError(secret.secretName, action);
    if (err.code === FORBIDDEN_CODE) {
      if (plan.skipForbidden) return { kind: "forbidden" };
      throw namingSecret(
        err,
        secret.secretName,
        ` (set skipForbidden to list such secrets in \`forbidden\` instead of failing)`,
      );
    }
    return undefined;
  };

  for (const secret of secrets) {
    const key = cacheKey(secret);
    const name = secret.secretName;
    if (plan.details && !cache.details.has(key)) {
      tasks.push(async (signal) => {
        try {
          const response = await options.call("DescribeSecret", { SecretName: name }, signal);
          cache.details.set(key, {
            kind: "ok",
            data: parseDetails(response.body, name, response.requestId),
          });
        } catch (err) {
          if (!(err instanceof KmsError) || err.code === "Aborted") throw err;
          const outcome = handleDenial<SecretDetails>(err, secret, "DescribeSecret");
          if (!outcome) throw err.code === "MalformedResponse" ? err : namingSecret(err, name);
          cache.details.set(key, outcome);
        }
      });
    }
    if (plan.values && !cache.values.has(key)) {
      const params: Record<string, string> = { SecretName: name };
      if (plan.versionStage !== undefined) params["VersionStage"] = plan.versionStage;
      if (plan.versionId !== undefined) params["VersionId"] = plan.versionId;
      tasks.push(async (signal) => {
        try {
          const response = await options.call("GetSecretValue", params, signal);
          cache.values.set(key, {
            kind: "ok",
            data: parseValue(response.body, name, response.requestId),
          });
        } catch (err) {
          if (!(err instanceof KmsError) || err.code === "Aborted") throw err;
          if (
            err.code === NOT_FOUND_CODE &&
            (plan.versionStage !== undefined || plan.versionId !== undefined)
          ) {
            await explainMissingVersion(options, secret, err, signal);
          }
          if (err.code === IN_DELETE_WINDOW_CODE && secret.plannedDeleteTime !== undefined) {
            cache.values.set(key, { kind: "unavailable" });
            return;
          }
          const outcome = handleDenial<SecretValue>(err, secret, "GetSecretValue");
          if (!outcome) throw err.code === "MalformedResponse" ? err : namingSecret(err, name);
          cache.values.set(key, outcome);
        }
      });
    }
  }

  let done = 0;
  const total = tasks.length;
  await runAll(tasks, options.width, options.signal, () => {
    done++;
    options.onProgress?.({ callsDone: done, callsTotal: total });
  });

  const forbidden: string[] = [];
  for (const secret of secrets) {
    const key = cacheKey(secret);
    let denied = false;
    if (plan.details) {
      const outcome = cache.details.get(key);
      if (outcome?.kind === "ok") Object.assign(secret, outcome.data);
      else if (outcome?.kind === "forbidden") denied = true;
    }
    if (plan.values) {
      const outcome = cache.values.get(key);
      if (outcome?.kind === "ok") Object.assign(secret, outcome.data);
      else if (outcome?.kind === "forbidden") denied = true;
    }
    if (denied) forbidden.push(secret.secretName);
  }
  return forbidden.sort();
}

/**
 * GetSecretValue with a version selector answered `Forbidden.ResourceNotFound`: either the
 * secret is gone (the set changed) or it has no such version. One DescribeSecret tells.
 * Always throws.
 */
async function explainMissingVersion(
  options: PerSecretOptions,
  secret: Secret,
  original: KmsError,
  signal: AbortSignal,
): Promise<never> {
  try {
    await options.call("DescribeSecret", { SecretName: secret.secretName }, signal);
  } catch (err) {
    if (err instanceof KmsError && err.code === NOT_FOUND_CODE) {
      throw new SecretGoneError(secret.secretName, "GetSecretValue");
    }
    // Cannot tell (e.g. DescribeSecret is denied): report the original answer.
    throw namingSecret(original, secret.secretName);
  }
  throw new KmsError({
    code: "VersionNotFound",
    kind: "rejected",
    cause: original,
    message: `secret ${JSON.stringify(secret.secretName)} has no version with ${versionSelector(options.plan)} (GetSecretValue answered ${original.code}${original.requestId ? `, RequestId ${original.requestId}` : ""}); narrow the query or drop the version selector`,
    httpStatus: original.httpStatus,
    requestId: original.requestId,
    apiAction: "GetSecretValue",
  });
}

/**
 * Runs `tasks` with `width` workers. The first failure aborts the rest (their calls see the
 * aborted signal) and is thrown once every worker has stopped; an abort of `outer` stops
 * everything too.
 */
async function runAll(
  tasks: readonly ((signal: AbortSignal) => Promise<void>)[],
  width: number,
  outer: AbortSignal | undefined,
  onDone: () => void,
): Promise<void> {
  if (tasks.length === 0) return;
  const { controller: local, release } = childController(outer, width);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && !local.signal.aborted && next < tasks.length) {
      const task = tasks[next++] as (signal: AbortSignal) => Promise<void>;
      try {
        await task(local.signal);
        onDone();
      } catch (err) {
        if (!failure) failure = { error: err };
        local.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(width, tasks.length)) }, worker));
  } finally {
    release();
  }
  if (outer?.aborted) throw abortError(outer);
  if (failure) throw failure.error;
}
