/**
 * The region arguments (`regions`, `endpoints`, `allowUnreadableRegions`): their names and
 * limits, and their checks and separation from the lookup arguments (no dependency).
 */
import { ArgumentError } from "./argumentError";
import { REGION_PATTERN } from "./patterns";
import type { ArgumentIssue, LookupArgs, RegionLookupArgs } from "./types";

/** The most regions one call lists. */
export const MAX_REGIONS = 32;
/** The placeholder an `endpoint` template uses for the region. */
export const REGION_PLACEHOLDER = "{region}";
/** The argument names core/regions.ts adds to the lookup arguments. */
export const REGION_ARG_KEYS = ["regions", "endpoints", "allowUnreadableRegions"] as const;

/** The region keys, checked. */
export interface SplitRegionArgs {
  /** Sorted, unique; undefined when `regions` was not given. */
  regions: string[] | undefined;
  endpoints: Readonly<Record<string, string>>;
  allowUnreadableRegions: boolean;
}

/** True when `key` is one of the region arguments (for callers checking unknown keys). */
export function isRegionsArgKey(key: string): boolean {
  return (REGION_ARG_KEYS as readonly string[]).includes(key);
}

/** `input` without the region keys: the arguments of each region's lookup, as given. */
export function lookupPartOf(input: RegionLookupArgs | undefined): LookupArgs {
  const { regions: _r, endpoints: _e, allowUnreadableRegions: _a, ...lookup } = input ?? {};
  return lookup;
}

/** Validates the region arguments; throws an ArgumentError naming each bad field. */
export function splitRegionArgs(input: RegionLookupArgs | undefined): SplitRegionArgs {
  const { regions, endpoints, allowUnreadableRegions } = input ?? {};
  const issues: ArgumentIssue[] = [];
  let sorted: string[] | undefined;
  if (regions !== undefined) {
    if (!Array.isArray(regions) || regions.length === 0) {
      issues.push({ path: "regions", message: "must be a non-empty list of region ids" });
    } else {
      regions.forEach((region, i) => {
        if (typeof region !== "string" || !REGION_PATTERN.test(region)) {
          issues.push({
            path: `regions.${i}`,
            message: "must look like a region id, e.g. cn-hangzhou",
          });
        }
      });
      if (regions.length > MAX_REGIONS) {
        issues.push({ path: "regions", message: `at most ${MAX_REGIONS} regions` });
      }
      sorted = [...new Set(regions)].sort();
    }
    if (input?.region !== undefined) {
      issues.push({ path: "region", message: "give region or regions, not both" });
    }
  }
  const endpointMap: Record<string, string> = {};
  if (endpoints !== undefined) {
    if (endpoints === null || typeof endpoints !== "object" || Array.isArray(endpoints)) {
      issues.push({ path: "endpoints", message: "must map region ids to endpoints" });
    } else {
      for (const [region, url] of Object.entries(endpoints)) {
        if (typeof url !== "string" || url === "") {
          issues.push({ path: `endpoints.${region}`, message: "must be an endpoint URL" });
        } else endpointMap[region] = url;
      }
      if (input?.endpoint !== undefined) {
        issues.push({ path: "endpoint", message: "give endpoint or endpoints, not both" });
      }
    }
  }
  if (allowUnreadableRegions !== undefined && typeof allowUnreadableRegions !== "boolean") {
    issues.push({ path: "allowUnreadableRegions", message: "must be a boolean" });
  }
  if (issues.length > 0) throw new ArgumentError(issues);
  return {
    regions: sorted,
    endpoints: endpointMap,
    allowUnreadableRegions: allowUnreadableRegions === true,
  };
}
