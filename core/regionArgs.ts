/**
 * Lookup arguments with their region keys parsed once into a frozen, branded value; each
 * region's ParsedLookupArgs is derived from it (a new frozen value), never parsed again.
 */
import { ArgumentError } from "./argumentError";
import { parseEndpoint, type LookupArgsOutput } from "./args";
import { parseLookupArgs, parsedForRegion, type ParsedLookupArgs } from "./parsedArgs";
import { lookupPartOf, REGION_PLACEHOLDER, splitRegionArgs } from "./regionKeys";
import type { ArgumentIssue, RegionLookupArgs, RegionsArgs } from "./types";

declare const parsedRegionBrand: unique symbol;

/**
 * Region lookup arguments parsed once: the lookup arguments normalized, `regions` sorted and
 * unique, `endpoints` canonical; frozen, never changed. Usable wherever RegionLookupArgs is.
 */
export type ParsedRegionLookupArgs = Readonly<LookupArgsOutput> &
  Readonly<RegionsArgs> & { readonly [parsedRegionBrand]: true };

/** Holds the parsed lookup part (without the region keys); its presence is the brand. */
const LOOKUP = Symbol.for("pulumi-alicloud-kms-secrets.parsedRegionLookupArgs");

/** Whether `value` came out of `parseRegionLookupArgs` (a copy or a spread does not). */
export function isParsedRegionLookupArgs(value: unknown): value is ParsedRegionLookupArgs {
  return typeof value === "object" && value !== null && Object.hasOwn(value, LOOKUP);
}

/** Each endpoint of the map in canonical form, or an ArgumentError naming `endpoints.<region>`. */
function canonicalEndpoints(endpoints: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  const issues: ArgumentIssue[] = [];
  for (const [region, url] of Object.entries(endpoints)) {
    const parsed = parseEndpoint(url, `endpoints.${region}`);
    if ("issues" in parsed) issues.push(...parsed.issues);
    else out[region] = parsed.endpoint;
  }
  if (issues.length > 0) throw new ArgumentError(issues);
  return out;
}

/**
 * Validates and parses lookup arguments with their region keys, once: every problem is
 * refused here, before any request, naming the field. Parsed input is returned as is.
 */
export function parseRegionLookupArgs(input: RegionLookupArgs | undefined): ParsedRegionLookupArgs {
  if (isParsedRegionLookupArgs(input)) return input;
  // Each part is checked even when another failed, so one error names every bad field.
  const issues: ArgumentIssue[] = [];
  const split = collect(issues, () => splitRegionArgs(input));
  const lookupPart = lookupPartOf(input);
  const lookup = collect(issues, () => parseLookupArgs(lookupPart));
  const endpoints =
    split !== undefined && input?.endpoints !== undefined
      ? collect(issues, () => canonicalEndpoints(split.endpoints))
      : undefined;
  const regions = split?.regions;
  // as parsed, or as given when the rest failed to parse
  const endpoint = lookup ? lookup.endpoint : lookupPart.endpoint;
  if (
    regions !== undefined &&
    regions.length > 1 &&
    typeof endpoint === "string" &&
    !endpoint.includes(REGION_PLACEHOLDER)
  ) {
    issues.push({
      path: "endpoint",
      message: `one endpoint cannot serve several regions: give endpoints per region, or a template with ${REGION_PLACEHOLDER}`,
    });
  }
  if (issues.length > 0 || split === undefined || lookup === undefined) {
    throw new ArgumentError(issues);
  }
  const out: LookupArgsOutput & RegionsArgs = { ...lookup };
  if (regions !== undefined) out.regions = Object.freeze([...regions]) as string[];
  if (input?.endpoints !== undefined) {
    out.endpoints = Object.freeze(endpoints ?? {});
  }
  if (input?.allowUnreadableRegions !== undefined) {
    out.allowUnreadableRegions = split.allowUnreadableRegions;
  }
  Object.defineProperty(out, LOOKUP, { value: lookup, enumerable: false });
  return Object.freeze(out) as ParsedRegionLookupArgs;
}

/** `run`'s value, or undefined with its ArgumentError's issues added to `issues`. */
function collect<T>(issues: ArgumentIssue[], run: () => T): T | undefined {
  try {
    return run();
  } catch (err) {
    if (!(err instanceof ArgumentError)) throw err;
    issues.push(...err.issues);
    return undefined;
  }
}

/**
 * The parsed arguments of one lookup: without a region, the lookup part as parsed; with one,
 * a new frozen value with that region and its endpoint (from `endpoints`, or the template
 * filled in). `parsed` is not changed and nothing is parsed again.
 */
export function argsForRegion(
  parsed: ParsedRegionLookupArgs,
  region: string | undefined,
): ParsedLookupArgs {
  const lookup = (parsed as unknown as Record<symbol, ParsedLookupArgs>)[
    LOOKUP
  ] as ParsedLookupArgs;
  if (region === undefined) return lookup;
  const endpoint =
    parsed.endpoints?.[region] ?? lookup.endpoint?.split(REGION_PLACEHOLDER).join(region);
  return parsedForRegion(lookup, region, endpoint);
}
