/**
 * The lookup arguments among a SecretsLookup's property bag, Check's failures (the core's
 * parse, one per field, in the engine's property path syntax), and which arguments changed.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ArgumentError, argumentCombinationIssues, type ArgumentIssue } from "../core/args";
import { lookupArgsIssues } from "../core/parsedArgs";
import { isRegionsArgKey, splitRegionArgs } from "../core/regions";
import { OBSERVED_KEY } from "./dynamicObserved";
import { ACCOUNT_SETTINGS_KEY } from "./dynamicAccount";
import { FINGERPRINT_KEY, type LookupInputs } from "./dynamicOutputs";
import { PROVIDER_KEY, canonicalJson, containsUnknown, stripUndefined } from "./dynamicState";

const NOT_ARGS = new Set([PROVIDER_KEY, FINGERPRINT_KEY, OBSERVED_KEY, ACCOUNT_SETTINGS_KEY]);

/** The lookup arguments among a property bag: all but the provider, fingerprint, summary and account. */
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
 * Check's failures, one per bad field, from the core's own parser (`lookupArgsIssues`, and
 * `splitRegionArgs` for the region arguments), as every face parses. Arguments that are
 * unknown (preview) are left out; combinations are checked only when every one is known.
 */
export function checkFailures(args: LookupInputs): pulumi.dynamic.CheckFailure[] {
  const lookupArgs: LookupInputs = {};
  const regionArgs: LookupInputs = {};
  let allKnown = true;
  for (const [key, value] of Object.entries(args)) {
    if (containsUnknown(value)) {
      if (!isRegionsArgKey(key)) allKnown = false;
    } else if (isRegionsArgKey(key)) regionArgs[key] = value;
    else lookupArgs[key] = value;
  }
  let issues = lookupArgsIssues(lookupArgs);
  if (!allKnown) {
    // an unknown argument may complete a combination: drop the combination issues
    const partial = new Set(argumentCombinationIssues(lookupArgs).map(issueKey));
    issues = issues.filter((issue) => !partial.has(issueKey(issue)));
  }
  const failures = toFailures(new ArgumentError(issues));
  try {
    const region = lookupArgs["region"];
    splitRegionArgs({ ...regionArgs, ...(typeof region === "string" ? { region } : {}) });
  } catch (err) {
    if (err instanceof ArgumentError) failures.push(...toFailures(err));
    else throw err;
  }
  return failures;
}

function issueKey(issue: ArgumentIssue): string {
  return `${issue.path}\u0000${issue.message}`;
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
