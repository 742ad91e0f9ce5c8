/**
 * The fast path of `lookupArgsSchema()` (./args) for well-formed arguments: plain checks, no
 * zod. It returns `undefined` whenever unsure, and the caller then runs the schema, the single
 * source of truth (types, every error message); a property test checks the two agree.
 */
import {
  MAX_VERSION_SELECTOR_LENGTH,
  NUMERIC_ARG_BOUNDS,
  type LookupArgsOutput,
  type NumericArg,
} from "./args";
import { canonicalEndpoint } from "./canonicalEndpoint";
import { nameRegexProblem } from "./nameRegex";
import { REGION_PATTERN } from "./patterns";

type Field = keyof LookupArgsOutput;

/** One field's check of a defined value: what the schema makes of it, or undefined if unsure. */
type FieldCheck<T> = (value: unknown) => T | undefined;

/**
 * An object made by a literal, JSON.parse or Object.create(null): nothing inherited to read.
 * Never an array, whatever its prototype (the schema refuses arrays).
 */
function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function bounded(key: NumericArg): FieldCheck<number> {
  const { min, max, integer } = NUMERIC_ARG_BOUNDS[key];
  return (value) =>
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    value >= min &&
    value <= max
      ? value
      : undefined;
}

const isBoolean: FieldCheck<boolean> = (value) => (typeof value === "boolean" ? value : undefined);

const versionSelector: FieldCheck<string> = (value) =>
  typeof value === "string" &&
  value.length >= 1 &&
  value.length <= MAX_VERSION_SELECTOR_LENGTH &&
  value.trim() === value
    ? value
    : undefined;

/** A fresh list of non-empty strings. */
const ids: FieldCheck<string[]> = (value) => {
  if (!Array.isArray(value)) return undefined;
  const items: readonly unknown[] = value;
  const out = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item !== "string" || item === "") return undefined;
    out[i] = item;
  }
  return out;
};

/** A fresh record of string values under non-empty keys; `__proto__` is the schema's to judge. */
const tags: FieldCheck<Record<string, string>> = (value) => {
  if (!isPlainObject(value) || Object.getOwnPropertySymbols(value).length > 0) return undefined;
  const out: Record<string, string> = {};
  for (const key of Object.keys(value)) {
    const tag = value[key];
    if (key === "" || key === "__proto__" || typeof tag !== "string") return undefined;
    out[key] = tag;
  }
  return out;
};

/** Every field of the schema, in the order of its shape (so the output's keys come in its order). */
const CHECKS: {
  readonly [K in Field]-?: FieldCheck<Exclude<LookupArgsOutput[K], undefined>>;
} = {
  region: (value) => (typeof value === "string" && REGION_PATTERN.test(value) ? value : undefined),
  endpoint: (value) => {
    if (typeof value !== "string") return undefined;
    const canonical = canonicalEndpoint(value);
    return "endpoint" in canonical ? canonical.endpoint : undefined;
  },
  // three forms, a union: always the schema's
  filters: () => undefined,
  nameRegex: (value) =>
    typeof value === "string" && nameRegexProblem(value) === undefined ? value : undefined,
  ids,
  tags,
  fetchTags: isBoolean,
  pageSize: bounded("pageSize"),
  maxConcurrency: bounded("maxConcurrency"),
  requestTimeoutMs: bounded("requestTimeoutMs"),
  maxRetries: bounded("maxRetries"),
  maxRequestsPerSecond: bounded("maxRequestsPerSecond"),
  enableDetails: isBoolean,
  fetchValues: isBoolean,
  versionStage: versionSelector,
  versionId: versionSelector,
  skipForbidden: isBoolean,
};

const FIELDS = Object.keys(CHECKS) as Field[];

/**
 * `raw` as `lookupArgsSchema().parse(raw)` would return it (a new value, `raw` untouched), or
 * undefined when unsure: anything but a plain object of known fields, each well-formed.
 */
export function fastLookupArgs(raw: unknown): LookupArgsOutput | undefined {
  if (!isPlainObject(raw)) return undefined;
  // the schema's test for unknown keys, `for...in`
  for (const key in raw) if (!Object.hasOwn(CHECKS, key)) return undefined;
  const out: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = raw[field];
    if (value === undefined) {
      // the schema keeps a key given as undefined, and adds none that is absent
      if (field in raw) out[field] = undefined;
      continue;
    }
    const parsed = CHECKS[field](value);
    if (parsed === undefined) return undefined;
    out[field] = parsed;
  }
  return out as LookupArgsOutput;
}
