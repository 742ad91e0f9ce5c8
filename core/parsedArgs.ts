/**
 * Parse once: lookup arguments validated and normalized into a frozen, branded value that
 * the lookup takes as is (raw arguments are parsed first). Each face parses once.
 */
import {
  ArgumentError,
  argumentCombinationIssues,
  lookupArgsSchema,
  toArgumentIssues,
  type ArgumentIssue,
  type LookupArgsOutput,
} from "./args";
import { fastLookupArgs } from "./fastArgs";
import { REGION_PATTERN } from "./patterns";
import type { z } from "zod";

declare const parsedBrand: unique symbol;

/** Validated, normalized arguments (filters in wire form, endpoint canonical); never mutated. */
export type ParsedLookupArgs = Readonly<LookupArgsOutput> & { readonly [parsedBrand]: true };

/** The runtime brand: a registered symbol, so that every copy of this module agrees. */
function brand(): symbol {
  return Symbol.for("pulumi-alicloud-kms-secrets.parsedLookupArgs");
}

/** Whether `value` came out of `parseLookupArgs` (a copy or a spread does not). */
export function isParsedLookupArgs(value: unknown): value is ParsedLookupArgs {
  return typeof value === "object" && value !== null && Object.hasOwn(value, brand());
}

/** The problems with `input`, one per field; empty when it is valid. */
export function lookupArgsIssues(input: unknown): ArgumentIssue[] {
  return parse(input).issues;
}

function parse(input: unknown): { issues: ArgumentIssue[]; data?: LookupArgsOutput } {
  const raw = input ?? {};
  const combinations =
    typeof raw === "object" && !Array.isArray(raw)
      ? argumentCombinationIssues(raw as Record<string, unknown>)
      : [];
  // well-formed arguments skip zod (see ./fastArgs); anything else meets the schema
  let data = fastLookupArgs(raw);
  if (data === undefined) {
    const result = lookupArgsSchema().safeParse(raw);
    if (!result.success) return { issues: [...toArgumentIssues(result.error), ...combinations] };
    data = result.data;
  }
  return combinations.length > 0 ? { issues: combinations } : { issues: [], data };
}

/** Freezes validated arguments (and what they hold) and brands them. */
function seal(data: LookupArgsOutput): ParsedLookupArgs {
  for (const value of Object.values(data)) {
    if (Array.isArray(value)) for (const item of value) Object.freeze(item);
    if (typeof value === "object" && value !== null) Object.freeze(value);
  }
  Object.defineProperty(data, brand(), { value: true, enumerable: false });
  return Object.freeze(data) as ParsedLookupArgs;
}

/** Validates and normalizes lookup arguments, or throws an ArgumentError naming every bad field. */
export function parseLookupArgs(input: unknown): ParsedLookupArgs {
  const { issues, data } = parse(input);
  if (!data) throw new ArgumentError(issues);
  return seal(data);
}

/**
 * `args` for one region: a new frozen value with `region` set and `endpoint` replaced by
 * `endpoint` (canonical, e.g. a parsed endpoint or a parsed template filled in), nothing
 * parsed again; `args` is not changed.
 */
export function parsedForRegion(
  args: ParsedLookupArgs,
  region: string,
  endpoint: string | undefined,
): ParsedLookupArgs {
  if (!REGION_PATTERN.test(region)) {
    throw new ArgumentError([
      { path: "region", message: "must look like a region id, e.g. cn-hangzhou" },
    ]);
  }
  const copy: LookupArgsOutput = { ...args, region };
  if (endpoint === undefined) delete copy.endpoint;
  else copy.endpoint = endpoint;
  return seal(copy);
}

/**
 * Parses the input of a face that takes some lookup arguments (`lookupKeys`, e.g. region and
 * endpoint) beside its own fields (`own`, a strict object schema): each field once, every
 * problem in one ArgumentError. The lookup part comes back parsed, for the session.
 */
export function parseBesideLookupArgs<T>(
  input: unknown,
  lookupKeys: readonly (keyof LookupArgsOutput)[],
  own: z.ZodType<T>,
): { lookup: ParsedLookupArgs; own: T } {
  const raw = input ?? {};
  const lookupPart: Record<string, unknown> = {};
  let ownPart: unknown = raw;
  if (typeof raw === "object" && !Array.isArray(raw)) {
    const rest: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      if ((lookupKeys as readonly string[]).includes(key)) lookupPart[key] = value;
      else rest[key] = value;
    }
    ownPart = rest;
  }
  const lookup = parse(lookupPart);
  const ownResult = own.safeParse(ownPart);
  const issues = [
    ...lookup.issues,
    ...(ownResult.success ? [] : toArgumentIssues(ownResult.error)),
  ];
  if (!lookup.data || !ownResult.success) throw new ArgumentError(issues);
  return { lookup: seal(lookup.data), own: ownResult.data };
}

/** `input` as parsed arguments: as is when already parsed, else parsed now. */
export function toParsedLookupArgs(input: unknown): ParsedLookupArgs {
  return isParsedLookupArgs(input) ? input : parseLookupArgs(input);
}
