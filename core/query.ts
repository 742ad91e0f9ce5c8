/**
 * The plan of one lookup: what is asked of the server (Filters, FetchTags), what is
 * filtered on the client (ids, nameRegex, tags; tag filters after the 4,000 cap), and the
 * stable id of the query.
 */
import { nameMatcher } from "./nameRegex";
import { createHash } from "node:crypto";
import {
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_MAX_RETRIES,
  DEFAULT_PAGE_SIZE,
  DEFAULT_REQUEST_TIMEOUT_MS,
  MAX_FILTER_VALUES,
  MAX_FILTERS,
  type WireFilter,
} from "./args";
import type { ParsedLookupArgs } from "./parsedArgs";
import type { Secret } from "./result";

export interface LookupPlan {
  region: string;
  endpoint: string;
  /** Sent as `Filters`. */
  serverFilters: WireFilter[];
  /** Sent as `FetchTags=true`. */
  fetchTags: boolean;
  /** Whether output secrets carry their tags (asked for with `fetchTags` or `tags`). */
  keepTags: boolean;
  /** Client-side predicate, or undefined when every listed secret matches. */
  matches: ((secret: Secret) => boolean) | undefined;
  /** Whether the server query carries a tag filter (and so may be capped at 4,000). */
  tagFiltered: boolean;
  pageSize: number;
  maxConcurrency: number;
  requestTimeoutMs: number;
  maxRetries: number;
  /** The shared limiters' rate, when the caller sets one. */
  maxRequestsPerSecond: number | undefined;
  /** The per-secret calls after listing (DescribeSecret, GetSecretValue). */
  perSecret: PerSecretPlan;
  /** Stable hash of region, endpoint and the normalized query. */
  id: string;
}

/** What is asked for each matched secret after client-side filtering. */
export interface PerSecretPlan {
  /** Call DescribeSecret (`enableDetails`). */
  details: boolean;
  /** Call GetSecretValue (`fetchValues`). */
  values: boolean;
  /** Sent as `VersionStage` / `VersionId` with GetSecretValue. */
  versionStage: string | undefined;
  versionId: string | undefined;
  /** Record `Forbidden.NoPermission` in `forbidden` instead of failing. */
  skipForbidden: boolean;
}

const TAG_FILTER_KEYS = new Set(["TagKey", "TagValue"]);

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareText);
}

/** Code-unit order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The query, normalized so that equivalent queries hash the same. */
function normalizedQuery(
  args: ParsedLookupArgs,
  region: string,
  endpoint: string,
  keepTags: boolean,
) {
  const filters = (args.filters ?? [])
    .map((f) => ({ Key: f.Key, Values: sortedUnique(f.Values) }))
    .sort((a, b) => compareText(JSON.stringify(a), JSON.stringify(b)));
  const tags = Object.entries(args.tags ?? {}).sort((a, b) => compareText(a[0], b[0]));
  return {
    region,
    endpoint,
    filters,
    nameRegex: args.nameRegex ?? null,
    ids: args.ids && args.ids.length > 0 ? sortedUnique(args.ids) : null,
    tags,
    fetchTags: keepTags,
    // Added only when set, so that the ids of metadata-only queries stay what they were.
    ...(args.enableDetails ? { enableDetails: true } : {}),
    ...(args.fetchValues ? { fetchValues: true } : {}),
    ...(args.versionStage !== undefined ? { versionStage: args.versionStage } : {}),
    ...(args.versionId !== undefined ? { versionId: args.versionId } : {}),
    ...(args.skipForbidden ? { skipForbidden: true } : {}),
  };
}

export function queryId(
  args: ParsedLookupArgs,
  region: string,
  endpoint: string,
  keepTags: boolean,
): string {
  const text = JSON.stringify(normalizedQuery(args, region, endpoint, keepTags));
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** A predicate for the client-side filters, or undefined when there are none. */
function clientPredicate(
  args: ParsedLookupArgs,
  tagFilters: readonly WireFilter[],
): ((secret: Secret) => boolean) | undefined {
  const checks: ((s: Secret) => boolean)[] = [];
  if (args.ids && args.ids.length > 0) {
    const ids = new Set(args.ids);
    checks.push((s) => ids.has(s.secretName));
  }
  if (args.nameRegex !== undefined) {
    const matches = nameMatcher(args.nameRegex);
    checks.push((s) => matches(s.secretName));
  }
  const tags = Object.entries(args.tags ?? {});
  if (tags.length > 0) {
    checks.push((s) => tags.every(([key, value]) => s.tags[key] === value));
  }
  for (const filter of tagFilters) {
    // ListSecrets semantics: the values of one filter are ORed; TagKey matches any tag key,
    // TagValue any tag value.
    const values = new Set(filter.Values);
    if (filter.Key === "TagKey") checks.push((s) => Object.keys(s.tags).some((k) => values.has(k)));
    else checks.push((s) => Object.values(s.tags).some((v) => values.has(v)));
  }
  if (checks.length === 0) return undefined;
  if (checks.length === 1) return checks[0];
  return (s) => checks.every((check) => check(s));
}

/**
 * The server-side filters: the caller's, plus `ids` pushed down as a `SecretName` filter when
 * that fits (1-10 ids, no SecretName filter of the caller, room for one more filter). The
 * exact-name check still runs on the client, so the pushdown only saves requests.
 */
function serverFilters(args: ParsedLookupArgs): WireFilter[] {
  const filters = [...(args.filters ?? [])];
  const ids = args.ids ? sortedUnique(args.ids) : [];
  if (
    ids.length > 0 &&
    ids.length <= MAX_FILTER_VALUES &&
    filters.length < MAX_FILTERS &&
    !filters.some((f) => f.Key === "SecretName")
  ) {
    filters.push({ Key: "SecretName", Values: ids });
  }
  return filters;
}

export function planLookup(args: ParsedLookupArgs, region: string, endpoint: string): LookupPlan {
  const keepTags = args.fetchTags === true || Object.keys(args.tags ?? {}).length > 0;
  const filters = serverFilters(args);
  return {
    region,
    endpoint,
    serverFilters: filters,
    fetchTags: keepTags,
    keepTags,
    matches: clientPredicate(args, []),
    tagFiltered: filters.some((f) => TAG_FILTER_KEYS.has(f.Key)),
    pageSize: args.pageSize ?? DEFAULT_PAGE_SIZE,
    maxConcurrency: args.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
    requestTimeoutMs: args.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    maxRetries: args.maxRetries ?? DEFAULT_MAX_RETRIES,
    maxRequestsPerSecond: args.maxRequestsPerSecond,
    perSecret: {
      details: args.enableDetails === true,
      values: args.fetchValues === true,
      versionStage: args.versionStage,
      versionId: args.versionId,
      skipForbidden: args.skipForbidden === true,
    },
    id: queryId(args, region, endpoint, keepTags),
  };
}

/**
 * The plan after a tag-filtered query hit the 4,000 cap: list without the tag filters,
 * fetch tags, and apply the tag filters on the client.
 */
export function planWithoutTagFilters(args: ParsedLookupArgs, plan: LookupPlan): LookupPlan {
  const tagFilters = plan.serverFilters.filter((f) => TAG_FILTER_KEYS.has(f.Key));
  return {
    ...plan,
    serverFilters: plan.serverFilters.filter((f) => !TAG_FILTER_KEYS.has(f.Key)),
    fetchTags: true,
    matches: clientPredicate(args, tagFilters),
    tagFiltered: false,
  };
}

/** The ListSecrets parameters of one page. */
export function pageParams(plan: LookupPlan, pageNumber: number): Record<string, string> {
  const params: Record<string, string> = {
    PageNumber: String(pageNumber),
    PageSize: String(plan.pageSize),
  };
  if (plan.fetchTags) params["FetchTags"] = "true";
  if (plan.serverFilters.length > 0) params["Filters"] = JSON.stringify(plan.serverFilters);
  return params;
}
