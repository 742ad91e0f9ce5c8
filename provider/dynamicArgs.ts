/**
 * The lookup arguments among a SecretsLookup's property bag, their validation as Check
 * failures (one per field, in the engine's property path syntax), and which changed.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  ArgumentError,
  argumentCombinationIssues,
  lookupArgsSchema,
  toArgumentIssues,
} from "../core/args";
import { isRegionsArgKey, REGION_ARG_KEYS, splitRegionArgs } from "../core/regions";
import { OBSERVED_KEY } from "./dynamicObserved";
import { FINGERPRINT_KEY, type LookupInputs } from "./dynamicOutputs";
import { PROVIDER_KEY, canonicalJson, containsUnknown, stripUndefined } from "./dynamicState";

const NOT_ARGS = new Set([PROVIDER_KEY, FINGERPRINT_KEY, OBSERVED_KEY]);

/** The lookup arguments among a property bag: all but the provider, fingerprint and summary. */
export function argsOf(props: LookupInputs): LookupInputs {
  const out: LookupInputs = {};
  for (const [key, value] of Object.entries(props)) {
    if (!NOT_ARGS.has(key) && value !== undefined) out[key] = value;
  }
  return stripUndefined(out);
}

/** The lookup arguments of a stored `args` output (anything but an object gives none). */
export function recordOf(value: unknown): LookupInputs {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? argsOf(value as LookupInputs)
    : {};
}

/**
 * Validates the arguments with the core's schema, one failure per bad field. Arguments
 * that are unknown (preview) are skipped; the rest are still checked.
 */
export function validate(args: LookupInputs): pulumi.dynamic.CheckFailure[] {
  const schema = lookupArgsSchema();
  const allowed = [...Object.keys(schema.shape), ...REGION_ARG_KEYS];
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const known: LookupInputs = {};
  const regionArgs: LookupInputs = {};
  for (const [key, value] of Object.entries(args)) {
    if (isRegionsArgKey(key)) {
      if (!containsUnknown(value)) regionArgs[key] = value;
    } else if (!allowed.includes(key)) {
      failures.push({
        property: key,
        reason: `is not a SecretsLookup argument (expected one of: ${allowed.join(", ")})`,
      });
    } else if (!containsUnknown(value)) {
      known[key] = value;
    }
  }
  const parsed = schema.safeParse(known);
  if (!parsed.success)
    failures.push(...toFailures(new ArgumentError(toArgumentIssues(parsed.error))));
  try {
    splitRegionArgs({
      ...regionArgs,
      ...(known["region"] ? { region: known["region"] as string } : {}),
    });
  } catch (err) {
    if (err instanceof ArgumentError) failures.push(...toFailures(err));
    else throw err;
  }
  // Combinations only when every argument is known (an unknown one may complete them).
  if (Object.keys(known).length === Object.keys(args).length) {
    const combinations = argumentCombinationIssues(known);
    if (combinations.length > 0) failures.push(...toFailures(new ArgumentError(combinations)));
  }
  return failures;
}

/** An ArgumentError as Check failures, one per issue. */
export function toFailures(error: ArgumentError): pulumi.dynamic.CheckFailure[] {
  return error.issues.map((issue) => ({
    property: toPropertyPath(issue.path),
    reason: issue.message,
  }));
}

/** `filters.0.Key` → `filters[0].Key`, the engine's property path syntax. */
export function toPropertyPath(dotted: string): string {
  return dotted
    .split(".")
    .filter((part) => part !== "")
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join("");
}

/** The argument names whose values differ, sorted. */
export function changedKeys(olds: LookupInputs, news: LookupInputs): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((key) => canonicalJson(olds[key]) !== canonicalJson(news[key])).sort();
}
