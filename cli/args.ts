/**
 * Command-line flags → lookup arguments. Flags are parsed with `node:util` parseArgs and
 * validated by the core's `parseLookupArgs`, so the CLI accepts exactly what the library
 * accepts; every problem is reported under the flag the user typed.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import {
  ArgumentError,
  FILTER_KEYS,
  parseLookupArgs,
  type LookupArgs,
  type WireFilter,
} from "../core/args";
import { UsageError } from "./errors";

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/** Flags every command accepts. */
export const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
  debug: { type: "boolean" },
} as const satisfies OptionsConfig;

/** Flags that shape the lookup (`list` and `drift`). Credentials are deliberately not among them. */
export const LOOKUP_OPTIONS = {
  region: { type: "string" },
  endpoint: { type: "string" },
  filter: { type: "string", multiple: true },
  "name-regex": { type: "string" },
  id: { type: "string", multiple: true },
  tag: { type: "string", multiple: true },
  "fetch-tags": { type: "boolean" },
  "page-size": { type: "string" },
  concurrency: { type: "string" },
  "request-timeout": { type: "string" },
  "max-rps": { type: "string" },
  "max-retries": { type: "string" },
  "enable-details": { type: "boolean" },
  "fetch-values": { type: "boolean" },
  "version-stage": { type: "string" },
  "version-id": { type: "string" },
  "skip-forbidden": { type: "boolean" },
} as const satisfies OptionsConfig;

/** The parsed values of LOOKUP_OPTIONS. */
export interface LookupFlags {
  region?: string;
  endpoint?: string;
  filter?: string[];
  "name-regex"?: string;
  id?: string[];
  tag?: string[];
  "fetch-tags"?: boolean;
  "page-size"?: string;
  concurrency?: string;
  "request-timeout"?: string;
  "max-rps"?: string;
  "max-retries"?: string;
  "enable-details"?: boolean;
  "fetch-values"?: boolean;
  "version-stage"?: string;
  "version-id"?: string;
  "skip-forbidden"?: boolean;
}

/** The values parseArgs returns for an options config (every flag optional). */
export type FlagValues<T extends OptionsConfig> = {
  [K in keyof T]?: T[K] extends { type: "string"; multiple: true }
    ? string[]
    : T[K] extends { type: "string" }
      ? string
      : T[K] extends { multiple: true }
        ? boolean[]
        : boolean;
};

/**
 * Runs parseArgs in strict mode; an unknown flag, a missing value or a stray argument
 * becomes a usage error (exit 2) rather than a stack trace.
 */
export function parseFlags<T extends OptionsConfig>(
  argv: readonly string[],
  options: T,
): FlagValues<T> {
  try {
    const { values } = parseArgs({ args: [...argv], options, strict: true });
    return values as FlagValues<T>;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError("usage", message.replace(/\s*To specify an option argument.*$/s, ""));
  }
}

/**
 * Splits `v1,v2` on commas; `\,` is a literal comma and `\\` a literal backslash.
 */
export function splitValues(text: string): string[] {
  const values: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\" && (text[i + 1] === "," || text[i + 1] === "\\")) {
      current += text[i + 1];
      i++;
    } else if (ch === ",") {
      values.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  values.push(current);
  return values;
}

/** `Key=v1,v2` → `{Key, Values}`; the key is matched case-insensitively against the API's keys. */
export function parseFilterFlag(text: string, position: number): WireFilter {
  const eq = text.indexOf("=");
  if (eq <= 0) {
    throw new UsageError(
      "argument",
      `--filter #${position} "${text}" must look like Key=value1,value2 (Key one of ${FILTER_KEYS.join(", ")})`,
    );
  }
  const rawKey = text.slice(0, eq).trim();
  const key = FILTER_KEYS.find((k) => k.toLowerCase() === rawKey.toLowerCase());
  // An unknown key is passed on unchanged so that the core's validation names it.
  return { Key: (key ?? rawKey) as WireFilter["Key"], Values: splitValues(text.slice(eq + 1)) };
}

/** Repeated `--tag k=v` → `{k: v}`. The value may be empty or contain `=`. */
export function parseTagFlags(texts: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const text of texts) {
    const eq = text.indexOf("=");
    if (eq <= 0) throw new UsageError("argument", `--tag "${text}" must look like key=value`);
    const key = text.slice(0, eq);
    const value = text.slice(eq + 1);
    if (Object.hasOwn(tags, key) && tags[key] !== value) {
      throw new UsageError(
        "argument",
        `--tag ${key} is given twice with different values; a secret matches only one`,
      );
    }
    tags[key] = value;
  }
  return tags;
}

/** A whole, non-negative number; range checks are left to the core's schema. */
export function parseWholeNumber(flag: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) {
    throw new UsageError("argument", `${flag} must be a whole number, got "${text}"`);
  }
  return Number(text.trim());
}

/** Maps a lookup-argument path (`filters.1.Values.0`) to the flag the user typed. */
export function flagForPath(path: string): string {
  const [head, second] = path.split(".");
  switch (head) {
    case "filters":
      return second !== undefined && /^\d+$/.test(second)
        ? `--filter #${Number(second) + 1}`
        : "--filter";
    case "nameRegex":
      return "--name-regex";
    case "ids":
      return "--id";
    case "tags":
      return second !== undefined ? `--tag ${second}` : "--tag";
    case "fetchTags":
      return "--fetch-tags";
    case "pageSize":
      return "--page-size";
    case "maxConcurrency":
      return "--concurrency";
    case "requestTimeoutMs":
      return "--request-timeout";
    case "maxRetries":
      return "--max-retries";
    case "maxRequestsPerSecond":
      return "--max-rps";
    case "enableDetails":
      return "--enable-details";
    case "fetchValues":
      return "--fetch-values";
    case "versionStage":
      return "--version-stage";
    case "versionId":
      return "--version-id";
    case "skipForbidden":
      return "--skip-forbidden";
    case "region":
    case "endpoint":
      return `--${head}`;
    default:
      return path;
  }
}

/**
 * Describes an ArgumentError in flag terms, one problem per line. `config` is for what the
 * core refuses after the flags passed validation: a region from the environment or a
 * profile, or no region at all.
 */
export function argumentErrorToUsage(
  err: ArgumentError,
  problem: "argument" | "config" = "argument",
): UsageError {
  const lines = err.issues.map((issue) => {
    // messages about combinations name other arguments: say them as flags
    const message = issue.message.replace(/\b(enableDetails|fetchValues)\b/g, (name) =>
      flagForPath(name),
    );
    return issue.path ? `${flagForPath(issue.path)}: ${message}` : message;
  });
  return new UsageError(problem, lines.join("\n"));
}

/**
 * Builds the lookup arguments from flags and validates them with the core's schema,
 * so that a bad value is refused before any request, naming the flag.
 */
export function lookupArgsFromFlags(flags: LookupFlags): LookupArgs {
  const args: LookupArgs = {};
  if (flags.region !== undefined) args.region = flags.region;
  if (flags.endpoint !== undefined) args.endpoint = flags.endpoint;
  if (flags.filter?.length) args.filters = flags.filter.map((f, i) => parseFilterFlag(f, i + 1));
  if (flags["name-regex"] !== undefined) args.nameRegex = flags["name-regex"];
  if (flags.id?.length) args.ids = [...flags.id];
  if (flags.tag?.length) args.tags = parseTagFlags(flags.tag);
  if (flags["fetch-tags"]) args.fetchTags = true;
  if (flags["page-size"] !== undefined)
    args.pageSize = parseWholeNumber("--page-size", flags["page-size"]);
  if (flags.concurrency !== undefined)
    args.maxConcurrency = parseWholeNumber("--concurrency", flags.concurrency);
  if (flags["request-timeout"] !== undefined)
    args.requestTimeoutMs = parseWholeNumber("--request-timeout", flags["request-timeout"]);
  if (flags["max-retries"] !== undefined)
    args.maxRetries = parseWholeNumber("--max-retries", flags["max-retries"]);
  if (flags["max-rps"] !== undefined)
    args.maxRequestsPerSecond = parseWholeNumber("--max-rps", flags["max-rps"]);
  if (flags["enable-details"]) args.enableDetails = true;
  if (flags["fetch-values"]) args.fetchValues = true;
  if (flags["version-stage"] !== undefined) args.versionStage = flags["version-stage"];
  if (flags["version-id"] !== undefined) args.versionId = flags["version-id"];
  if (flags["skip-forbidden"]) args.skipForbidden = true;
  try {
    parseLookupArgs(args);
  } catch (err) {
    if (err instanceof ArgumentError) throw argumentErrorToUsage(err);
    throw err;
  }
  return args;
}

/** `--output` value checked against the formats a command supports. */
export function parseChoice<T extends string>(
  flag: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  const found = choices.find((c) => c === value);
  if (!found) {
    throw new UsageError(
      "argument",
      `${flag} must be one of ${choices.join(", ")}, got "${value}"`,
    );
  }
  return found;
}
