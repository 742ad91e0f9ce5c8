/**
 * Command-line flags → lookup arguments: flags parsed with `node:util` parseArgs, the lookup
 * input built from them, then parsed once by the core, each problem named by its flag.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ALL_FLAGS, optionsFor, type OptionsFor } from "./flags";
import { ArgumentError, FILTER_KEYS, type LookupArgs, type WireFilter } from "../core/args";
import { parseRegionLookupArgs, type ParsedRegionLookupArgs } from "../core/regionArgs";
import type { RegionLookupArgs } from "../core/regions";
import { UsageError } from "./errors";

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;
type ParseArgsToken = NonNullable<ReturnType<typeof parseArgs>["tokens"]>[number];

/** Flags every command accepts. */
export const COMMON_OPTIONS = optionsFor("list", ["global"]);

/** Flags that shape the lookup (`list` and `drift`). Credentials are deliberately not among them. */
export const LOOKUP_OPTIONS = optionsFor("list", ["lookup"]);

/** The parsed values of LOOKUP_OPTIONS. */
export type LookupFlags = FlagValues<OptionsFor<"list", "lookup">>;

/** The values parseArgs returns for an options config (every flag optional). */
export type FlagValues<T extends OptionsConfig> = {
  readonly [K in keyof T]?: T[K] extends { type: "string"; multiple: true }
    ? readonly string[]
    : T[K] extends { type: "string" }
      ? string
      : T[K] extends { multiple: true }
        ? readonly boolean[]
        : boolean;
};

/** Value flags that may be given once but were given more often. */
function repeatedSingles(tokens: readonly ParseArgsToken[], options: OptionsConfig): string[] {
  const counts = new Map<string, number>();
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const option = options[token.name];
    if (!option || option.type !== "string" || option.multiple) continue;
    counts.set(token.name, (counts.get(token.name) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1).map(([name]) => name);
}

/**
 * Runs parseArgs in strict mode; an unknown flag, a missing value, a stray argument or a
 * single-value flag given twice becomes a usage error (exit 2) rather than a stack trace or
 * a silent "last one wins". The result is frozen: parsed once, never changed.
 */
export function parseFlags<T extends OptionsConfig>(
  argv: readonly string[],
  options: T,
): FlagValues<T> {
  let parsed: { values: Record<string, unknown>; tokens: ParseArgsToken[] };
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, tokens: true });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError("usage", message.replace(/\s*To specify an option argument.*$/s, ""));
  }
  const repeated = repeatedSingles(parsed.tokens, options);
  if (repeated.length > 0) {
    throw new UsageError(
      "usage",
      repeated.map((name) => `--${name} is given more than once; give it once`).join("\n"),
    );
  }
  // a null-prototype copy: no flag name (e.g. __proto__) can reach Object.prototype
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of Object.entries(parsed.values)) {
    values[name] = Array.isArray(value) ? Object.freeze([...value]) : value;
  }
  return Object.freeze(values) as FlagValues<T>;
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
  // null prototype: `__proto__` stays a key (which the core then refuses, naming --tag)
  const tags = Object.create(null) as Record<string, string>;
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

/** Maps a lookup-argument path (`filters.1.Values.0`) to the flag the user typed (by the flag table). */
export function flagForPath(path: string): string {
  const [head = "", ...rest] = path.split(".");
  const flag = ALL_FLAGS.find((f) => f.args?.includes(head));
  if (!flag) return path;
  const index = rest[0];
  if (head === "filters" && index !== undefined && /^\d+$/.test(index)) {
    return `--filter #${Number(index) + 1}`;
  }
  // a tag key, or the region of an endpoint, names which one
  const which = head === "tags" ? (rest[0] ?? "") : head === "endpoints" ? rest.join(".") : "";
  return `--${flag.name}${which ? ` ${which}` : ""}`;
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

/** The lookup input the flags spell (not validated yet: see `parseCliLookup`). */
export function lookupInputFromFlags(flags: LookupFlags): LookupArgs {
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
  return args;
}

/** Runs the core's parse, turning an ArgumentError into a usage error naming each flag. */
function inFlagTerms<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof ArgumentError) throw argumentErrorToUsage(err);
    throw err;
  }
}

/**
 * Parses a command's complete lookup input (flags, the fetches it switches on, regions)
 * once with the core, before any request: frozen, never changed afterwards.
 */
export function parseCliLookup(input: RegionLookupArgs): ParsedRegionLookupArgs {
  return inFlagTerms(() => parseRegionLookupArgs(input));
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
