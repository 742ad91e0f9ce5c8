/**
 * Input arguments of a secrets lookup: the zod schema validates them at run time (built inside
 * functions, see docs/lookup-core.md "Parse once"); the public types are the hand-written ones
 * of ./types (./types.check.ts keeps both in step).
 */
import { nameRegexProblem } from "./nameRegex";
import { z } from "zod";
import { canonicalEndpoint } from "./canonicalEndpoint";
import { REGION_PATTERN } from "./patterns";
import type { ArgumentIssue, FilterKey, WireFilter } from "./types";

export { ArgumentError } from "./argumentError";
export { isLoopbackHost, REGION_PATTERN } from "./patterns";
export type { ArgumentIssue, FilterKey, LookupArgs, WireFilter } from "./types";

/** Filter keys ListSecrets accepts, as the API reference names them. */
export const FILTER_KEYS = [
  "SecretName",
  "Description",
  "TagKey",
  "TagValue",
  "DKMSInstanceId",
  "SecretType",
  "Creator",
] as const;

/** The typed, camel-cased form of each filter key. */
export const TYPED_FILTER_KEYS: Readonly<Record<string, FilterKey>> = {
  secretName: "SecretName",
  description: "Description",
  tagKey: "TagKey",
  tagValue: "TagValue",
  dkmsInstanceId: "DKMSInstanceId",
  secretType: "SecretType",
  creator: "Creator",
};

export const MAX_FILTERS = 10;
export const MAX_FILTER_VALUES = 10;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 100;
/** Enough for the quota's pace at a 400 ms round trip (38/s * 0.4 s); the rate limiter paces. */
export const DEFAULT_MAX_CONCURRENCY = 16;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RETRIES = 8;
/** Longest `versionStage` / `versionId` accepted: generous, it only refuses garbage. */
export const MAX_VERSION_SELECTOR_LENGTH = 256;

/** The numeric arguments' bounds (inclusive), read by `lookupArgsSchema()` and the fast path. */
export const NUMERIC_ARG_BOUNDS = {
  pageSize: { min: 1, max: MAX_PAGE_SIZE, integer: true },
  maxConcurrency: { min: 1, max: 32, integer: true },
  requestTimeoutMs: { min: 100, max: 300_000, integer: true },
  maxRetries: { min: 0, max: 20, integer: true },
  maxRequestsPerSecond: { min: 1, max: 1000, integer: false },
} as const;
export type NumericArg = keyof typeof NUMERIC_ARG_BOUNDS;

function filterValuesSchema() {
  return z
    .array(z.string().min(1, "must not be empty"))
    .max(MAX_FILTER_VALUES, `at most ${MAX_FILTER_VALUES} values per filter`);
}

function wireFilterSchema() {
  return z.object({
    Key: z.enum(FILTER_KEYS, { message: `Key must be one of ${FILTER_KEYS.join(", ")}` }),
    Values: filterValuesSchema(),
  });
}

function wireFiltersSchema() {
  return z.array(wireFilterSchema()).max(MAX_FILTERS, `at most ${MAX_FILTERS} filters`);
}

function typedFiltersSchema() {
  const values = filterValuesSchema().optional();
  return z.strictObject({
    secretName: values,
    description: values,
    tagKey: values,
    tagValue: values,
    dkmsInstanceId: values,
    secretType: values,
    creator: values,
  });
}

/**
 * Filters in any accepted form, normalized to the wire form:
 * - the typed object `{ secretName?: string[], ... }`;
 * - the raw `@pulumi/alicloud` form, an array of `{Key, Values}`;
 * - or that array as a JSON string.
 */
function filtersSchema() {
  const fromJsonString = z.string().transform((text, ctx): unknown => {
    if (text.trim() === "") return [];
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "is not valid JSON" });
      return z.NEVER;
    }
  });
  const fromTyped = typedFiltersSchema().transform((typed): WireFilter[] =>
    Object.entries(typed)
      .filter((entry): entry is [string, string[]] => entry[1] !== undefined)
      .map(([key, values]) => ({ Key: TYPED_FILTER_KEYS[key] as FilterKey, Values: values })),
  );
  return z.union([fromJsonString.pipe(wireFiltersSchema()), wireFiltersSchema(), fromTyped]);
}

function endpointSchema() {
  return z.string().transform((text, ctx): string => {
    const canonical = canonicalEndpoint(text);
    if ("endpoint" in canonical) return canonical.endpoint;
    ctx.addIssue({ code: "custom", message: canonical.problem });
    return z.NEVER;
  });
}

/** `text` as a canonical endpoint (scheme://host[:port]), or its problems, reported at `path`. */
export function parseEndpoint(
  text: string,
  path: string,
): { endpoint: string } | { issues: ArgumentIssue[] } {
  const canonical = canonicalEndpoint(text);
  return "endpoint" in canonical ? canonical : { issues: [{ path, message: canonical.problem }] };
}

function regexSchema() {
  return z.string().superRefine((source, ctx) => {
    const problem = nameRegexProblem(source);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

function boundedNumberSchema(key: NumericArg) {
  const { min, max, integer } = NUMERIC_ARG_BOUNDS[key];
  return (integer ? z.number().int() : z.number()).min(min).max(max).optional();
}

/** The lookup arguments as a caller writes them. */
export function lookupArgsSchema() {
  return z.strictObject({
    region: z
      .string()
      .regex(REGION_PATTERN, "must look like a region id, e.g. cn-hangzhou")
      .optional(),
    endpoint: endpointSchema().optional(),
    filters: filtersSchema().optional(),
    nameRegex: regexSchema().optional(),
    ids: z.array(z.string().min(1, "must not be empty")).optional(),
    tags: z.record(z.string().min(1, "tag keys must not be empty"), z.string()).optional(),
    fetchTags: z.boolean().optional(),
    pageSize: boundedNumberSchema("pageSize"),
    maxConcurrency: boundedNumberSchema("maxConcurrency"),
    requestTimeoutMs: boundedNumberSchema("requestTimeoutMs"),
    maxRetries: boundedNumberSchema("maxRetries"),
    /** This lookup's cap per API action (see types.ts and docs/lookup-core.md). */
    maxRequestsPerSecond: boundedNumberSchema("maxRequestsPerSecond"),
    enableDetails: z.boolean().optional(),
    fetchValues: z.boolean().optional(),
    versionStage: versionSelectorSchema().optional(),
    versionId: versionSelectorSchema().optional(),
    skipForbidden: z.boolean().optional(),
  });
}

function versionSelectorSchema() {
  return z
    .string()
    .min(1, "must not be empty")
    .max(MAX_VERSION_SELECTOR_LENGTH, `at most ${MAX_VERSION_SELECTOR_LENGTH} characters`)
    .refine((text) => text.trim() === text, "must not start or end with whitespace");
}

/**
 * Combinations (and raw keys) the schema of each field cannot see. Kept out of `lookupArgsSchema()` so
 * that a caller validating a partly unknown argument set (the dynamic provider during
 * preview) can check each known field alone; `parseLookupArgs` always applies them.
 */
export function argumentCombinationIssues(
  args: Readonly<Record<string, unknown>>,
): ArgumentIssue[] {
  const issues: ArgumentIssue[] = [];
  if (args.fetchValues !== true) {
    for (const key of ["versionStage", "versionId"] as const) {
      if (args[key] !== undefined) {
        issues.push({
          path: key,
          message: "selects the version of fetched values: set fetchValues too",
        });
      }
    }
  }
  if (args.skipForbidden === true && args.enableDetails !== true && args.fetchValues !== true) {
    issues.push({
      path: "skipForbidden",
      message: "applies to the per-secret calls: set enableDetails or fetchValues too",
    });
  }
  // A record parse would drop this key (it sets the prototype) and with it the filter.
  const tags = args.tags;
  if (typeof tags === "object" && tags !== null && Object.hasOwn(tags, "__proto__")) {
    issues.push({ path: "tags.__proto__", message: "is not a supported tag key" });
  }
  return issues;
}

/** Validated, normalized arguments, before branding (see parsedArgs.ts). */
export type LookupArgsOutput = z.output<ReturnType<typeof lookupArgsSchema>>;

/**
 * Converts zod issues to argument issues, one per field. A union (such as `filters`, which
 * takes three forms) reports the problems of the form the caller evidently meant: the
 * branches that failed only because the value has another type are left out.
 */
export function toArgumentIssues(error: z.ZodError): ArgumentIssue[] {
  const out: ArgumentIssue[] = [];
  const visit = (issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[]): void => {
    for (const issue of issues) {
      const path = [...prefix, ...issue.path];
      if (issue.code === "invalid_union" && issue.errors.length > 0) {
        const meant = issue.errors.filter(
          (branch) =>
            !(
              branch.length === 1 &&
              branch[0]?.code === "invalid_type" &&
              branch[0].path.length === 0
            ),
        );
        if (meant.length > 0) {
          visit(meant[0] ?? [], path);
          continue;
        }
      }
      if (issue.code === "unrecognized_keys") {
        // one issue per unknown key, with the key as its path
        for (const key of issue.keys) {
          out.push({
            path: [...path, key].map(String).join("."),
            message: "is not a known argument",
          });
        }
        continue;
      }
      out.push({ path: path.map(String).join("."), message: issue.message });
    }
  };
  visit(error.issues, []);
  return out;
}
