/**
 * One listing serves every identical query of a program run: keyed by the normalized query
 * plus a hash of the region and credential sources; Promises only, in memory, per Stack
 * resource. What is left out of the key: docs/pulumi.md ("One listing per query").
 */
import * as pulumi from "@pulumi/pulumi";
import type { ParsedLookupArgs } from "../core/parsedArgs";
import type { GetSecretsResult } from "../core/result";
import { canonicalJson, sha256Hex } from "../provider/dynamicState";

const ENV_PREFIXES = ["ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALICLOUD_", "ALIYUN_"];
/** Arguments that tune how a listing runs but never what it returns. */
const TUNING_ARGS = new Set([
  "pageSize",
  "maxConcurrency",
  "requestTimeoutMs",
  "maxRetries",
  "maxRequestsPerSecond",
]);

const memoByRun = new WeakMap<object, Map<string, Promise<GetSecretsResult>>>();
const outsideAnyStack = {};

function memoForRun(): Map<string, Promise<GetSecretsResult>> {
  const run: object = pulumi.runtime.getStackResource() ?? outsideAnyStack;
  let memo = memoByRun.get(run);
  if (!memo) {
    memo = new Map();
    memoByRun.set(run, memo);
  }
  return memo;
}

/**
 * The memo key of a query: a hash, so no credential is kept in the key itself. `after`
 * (the urns and ids a `dependsOn` call waited for) keeps a listing ordered after some
 * resources apart from one that may have started before them.
 */
export function lookupMemoKey(
  args: ParsedLookupArgs,
  config: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>,
  after: readonly string[] = [],
): string {
  const query = Object.fromEntries(Object.entries(args).filter(([key]) => !TUNING_ARGS.has(key)));
  const lookupEnv = Object.fromEntries(
    Object.entries(env).filter(([key]) => ENV_PREFIXES.some((prefix) => key.startsWith(prefix))),
  );
  const scope = after.length > 0 ? { after } : {};
  return sha256Hex(canonicalJson({ query, config, env: lookupEnv, ...scope }));
}

/** Returns the running or finished listing for `key`, or starts one with `start`. */
export function memoizedLookup(
  key: string,
  start: () => Promise<GetSecretsResult>,
): Promise<GetSecretsResult> {
  const memo = memoForRun();
  const existing = memo.get(key);
  if (existing) return existing;
  const listing = start();
  memo.set(key, listing);
  // A failed listing is not kept: a later identical call (e.g. a retry) lists again.
  listing.catch(() => {
    if (memo.get(key) === listing) memo.delete(key);
  });
  return listing;
}

/** For tests: forget the listings of the current run. */
export function clearLookupMemo(): void {
  memoForRun().clear();
}
