/**
 * The query a baseline stores (regions, filters, tags, regex, ids, details and values flags):
 * `drift` replays it, and refuses (exit 2) flags that contradict it, naming each difference,
 * because a different query shows differences that are not drift.
 */
import { z } from "zod";
import type { LookupArgs, WireFilter } from "../core/args";
import { FILTER_KEYS } from "../core/args";
import { flagForPath } from "./args";

/** The query a baseline was taken with, normalized (sorted, explicit). */
export interface BaselineQuery {
  /** The regions listed, sorted. */
  regions: string[];
  /** ListSecrets filters in wire form, values sorted, filters sorted. */
  filters: WireFilter[];
  /** `--name-regex`, or null. */
  nameRegex: string | null;
  /** `--id` names, sorted, or null for every name. */
  ids: string[] | null;
  /** `--tag` pairs, keys sorted. */
  tags: Record<string, string>;
  /** Whether secrets carry their tags (`--fetch-tags`, or any `--tag`). */
  fetchTags: boolean;
  /** `--enable-details`. */
  enableDetails: boolean;
  /** `--fetch-values`. */
  fetchValues: boolean;
  /** `--version-stage`, or null. */
  versionStage: string | null;
  /** `--version-id`, or null. */
  versionId: string | null;
  /** `--skip-forbidden`. */
  skipForbidden: boolean;
}

/** What a version 2 baseline records besides the listing. */
export interface BaselineMeta {
  /** The baseline format: 2. */
  schemaVersion: 2;
  /** What wrote it. */
  tool: { name: string; version: string };
  /** When the listing was taken (ISO 8601, UTC). */
  takenAt: string;
  /** The query, replayed by `drift`. */
  query: BaselineQuery;
}

export function baselineMetaSchema() {
  const nullable = <T extends z.ZodType>(t: T) => t.nullable();
  return z.object({
    schemaVersion: z.literal(2),
    tool: z.object({ name: z.string(), version: z.string() }),
    takenAt: z.string().min(1),
    query: z.object({
      regions: z.array(z.string()).min(1),
      filters: z.array(
        z.object({
          Key: z.enum(FILTER_KEYS),
          Values: z.array(z.string()),
        }),
      ),
      nameRegex: nullable(z.string()),
      ids: nullable(z.array(z.string())),
      tags: z.record(z.string(), z.string()),
      fetchTags: z.boolean(),
      enableDetails: z.boolean(),
      fetchValues: z.boolean(),
      versionStage: nullable(z.string()),
      versionId: nullable(z.string()),
      skipForbidden: z.boolean(),
    }),
  });
}

type QueryField = keyof BaselineQuery;
/** Every field of the query, in order; each is named by the flag that sets it (cli/flagTable.ts). */
const QUERY_FIELDS = Object.keys({
  regions: true,
  filters: true,
  nameRegex: true,
  ids: true,
  tags: true,
  fetchTags: true,
  enableDetails: true,
  fetchValues: true,
  versionStage: true,
  versionId: true,
  skipForbidden: true,
} satisfies Record<QueryField, true>) as QueryField[];

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sortedUnique = (values: readonly string[]): string[] => [...new Set(values)].sort(byCodeUnit);

function normalizedFilters(filters: readonly WireFilter[]): WireFilter[] {
  return filters
    .map((f) => ({ Key: f.Key, Values: sortedUnique(f.Values) }))
    .sort((a, b) => byCodeUnit(JSON.stringify(a), JSON.stringify(b)));
}

function sortedTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(tags).sort(byCodeUnit)) out[key] = tags[key] as string;
  return out;
}

/** The query of lookup arguments (CLI form: filters already in wire form) over `regions`. */
export function queryOf(args: LookupArgs, regions: readonly string[]): BaselineQuery {
  const tags = sortedTags(args.tags ?? {});
  return {
    regions: sortedUnique(regions),
    filters: normalizedFilters((args.filters ?? []) as WireFilter[]),
    nameRegex: args.nameRegex ?? null,
    ids: args.ids && args.ids.length > 0 ? sortedUnique(args.ids) : null,
    tags,
    fetchTags: args.fetchTags === true || Object.keys(tags).length > 0,
    enableDetails: args.enableDetails === true,
    fetchValues: args.fetchValues === true,
    versionStage: args.versionStage ?? null,
    versionId: args.versionId ?? null,
    skipForbidden: args.skipForbidden === true,
  };
}

/** The parts of the query the command line sets (a boolean flag only when given). */
export function givenQuery(
  args: LookupArgs,
  regions: readonly string[] | undefined,
): Partial<BaselineQuery> {
  const full = queryOf(args, regions ?? []);
  const given: Partial<BaselineQuery> = {};
  if (regions !== undefined) given.regions = full.regions;
  if (args.filters !== undefined) given.filters = full.filters;
  if (args.nameRegex !== undefined) given.nameRegex = full.nameRegex;
  if (args.ids !== undefined) given.ids = full.ids;
  if (args.tags !== undefined) given.tags = full.tags;
  if (args.fetchTags === true) given.fetchTags = true;
  if (args.enableDetails === true) given.enableDetails = true;
  if (args.fetchValues === true) given.fetchValues = true;
  if (args.versionStage !== undefined) given.versionStage = full.versionStage;
  if (args.versionId !== undefined) given.versionId = full.versionId;
  if (args.skipForbidden === true) given.skipForbidden = true;
  return given;
}

function show(field: QueryField, value: BaselineQuery[QueryField]): string {
  if (value === null) return "(none)";
  if (typeof value === "boolean") return value ? "on" : "off";
  if (field === "filters") {
    const filters = value as WireFilter[];
    return filters.length === 0
      ? "(none)"
      : filters.map((f) => `${f.Key}=${f.Values.join(",")}`).join(" ");
  }
  if (field === "tags") {
    const entries = Object.entries(value as Record<string, string>);
    return entries.length === 0 ? "(none)" : entries.map(([k, v]) => `${k}=${v}`).join(" ");
  }
  if (Array.isArray(value)) return value.join(",");
  return JSON.stringify(value);
}

/** One flag that contradicts the stored query. */
export interface QueryConflict {
  flag: string;
  stored: string;
  given: string;
}

/** The flags whose value differs from the stored query, in query order. */
export function queryConflicts(
  stored: BaselineQuery,
  given: Partial<BaselineQuery>,
): QueryConflict[] {
  const conflicts: QueryConflict[] = [];
  for (const field of QUERY_FIELDS) {
    if (!(field in given)) continue;
    const value = given[field] as BaselineQuery[QueryField];
    // `--fetch-tags` asks for what a baseline with tags (or a tag query) already has
    if (JSON.stringify(value) !== JSON.stringify(stored[field])) {
      conflicts.push({
        flag: flagForPath(field),
        stored: show(field, stored[field]),
        given: show(field, value),
      });
    }
  }
  return conflicts;
}

/** The lookup arguments that replay `query`, keeping the command line's tuning (endpoint, rate, ...). */
export function replayArgs(query: BaselineQuery, tuning: LookupArgs): LookupArgs {
  const args: LookupArgs = {};
  for (const key of [
    "endpoint",
    "pageSize",
    "maxConcurrency",
    "requestTimeoutMs",
    "maxRetries",
    "maxRequestsPerSecond",
  ] as const) {
    if (tuning[key] !== undefined) (args as Record<string, unknown>)[key] = tuning[key];
  }
  if (query.filters.length > 0)
    args.filters = query.filters.map((f) => ({ ...f, Values: [...f.Values] }));
  if (query.nameRegex !== null) args.nameRegex = query.nameRegex;
  if (query.ids !== null) args.ids = [...query.ids];
  if (Object.keys(query.tags).length > 0) args.tags = { ...query.tags };
  if (query.fetchTags) args.fetchTags = true;
  if (query.enableDetails) args.enableDetails = true;
  if (query.fetchValues) args.fetchValues = true;
  if (query.versionStage !== null) args.versionStage = query.versionStage;
  if (query.versionId !== null) args.versionId = query.versionId;
  if (query.skipForbidden) args.skipForbidden = true;
  return args;
}
