/**
 * Drift: a pure, field-by-field comparison of a saved listing (the baseline) with the
 * live one, plus `--require` checks. No I/O here; the command prints the report.
 *
 * Values are compared only by hash and never shown: a changed value is reported as
 * `secretData: "(secret)" -> "(secret)"`. See `compareValue` for which hashes are used.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import {
  DETAIL_FIELDS,
  LISTING_FIELDS,
  VALUE_FIELDS,
  type GetSecretsResult,
  type Secret,
} from "../core/result";
import { escapeControl } from "./format/text";
import { VALUE_PLACEHOLDER, hasRealValue, hashKeyId, valueHash, type ValueHashKey } from "./values";

/**
 * The fields compared for every secret present on both sides. Detail and value fields
 * only differ when the baseline holds them (the live listing then fetches them too).
 */
export const DRIFT_FIELDS = [
  ...LISTING_FIELDS,
  "owingService",
  ...DETAIL_FIELDS,
  "secretDataType",
  "versionId",
  "versionStages",
  "secretData",
] as const;
export type DriftField = (typeof DRIFT_FIELDS)[number];

/** Friendlier spellings accepted by `--ignore-field`. */
const FIELD_ALIASES: Readonly<Record<string, DriftField>> = {
  type: "secretType",
  created: "createTime",
  updated: "updateTime",
  scheduleddeletion: "plannedDeleteTime",
  "scheduled-deletion": "plannedDeleteTime",
  deletion: "plannedDeleteTime",
  value: "secretData",
  version: "versionId",
  rotation: "automaticRotation",
};

/** Resolves an `--ignore-field` value, or returns undefined if it names no field. */
export function resolveDriftField(name: string): DriftField | undefined {
  const lower = name.trim().toLowerCase();
  return DRIFT_FIELDS.find((f) => f.toLowerCase() === lower) ?? FIELD_ALIASES[lower];
}

/** One changed field. For tags, one change per tag key, with `key` set. `null` = absent. */
export interface FieldChange {
  field: DriftField;
  key?: string;
  before: string | null;
  after: string | null;
}

export interface ChangedSecret {
  secretName: string;
  changes: FieldChange[];
}

export interface RequirementFailure {
  secretName: string;
  problem: "missing" | "scheduled-for-deletion";
  plannedDeleteTime?: string;
}

export interface ListingSummary {
  id: string;
  region: string;
  secrets: number;
}

/** The report. Every array is sorted, and keys come in a fixed order, so JSON output is stable. */
export interface DriftReport {
  /** True when anything was added, removed or changed. */
  drift: boolean;
  /** False when a `--require`d secret is missing or scheduled for deletion. */
  requirementsMet: boolean;
  baseline: ListingSummary;
  live: ListingSummary;
  ignoredFields: DriftField[];
  added: string[];
  removed: string[];
  changed: ChangedSecret[];
  requirementFailures: RequirementFailure[];
}

export interface DriftOptions {
  ignoreFields?: readonly DriftField[];
  require?: readonly string[];
  /** The key of `secretDataHash` in the baseline (KMS_SECRETS_HASH_KEY), if any. */
  hashKey?: ValueHashKey | undefined;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function indexByName(result: GetSecretsResult): Map<string, Secret> {
  return new Map(result.secrets.map((s) => [s.secretName, s]));
}

function compareTags(before: Secret["tags"], after: Secret["tags"]): FieldChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(byCodeUnit);
  const changes: FieldChange[] = [];
  for (const key of keys) {
    const b = Object.hasOwn(before, key) ? (before[key] as string) : null;
    const a = Object.hasOwn(after, key) ? (after[key] as string) : null;
    if (a !== b) changes.push({ field: "tags", key, before: b, after: a });
  }
  return changes;
}

function sameDigest(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

/**
 * Whether the value changed, by hash only, or undefined when the two sides cannot be
 * compared (a side without a value: not fetched, forbidden, or a baseline that holds
 * neither the value nor a hash made with the key at hand). In that case `versionId`
 * still shows a new value: KMS versions are immutable.
 * - both sides hold the value (a baseline saved with --show-values): sha256 of each;
 * - both sides hold `secretDataHash` made with the same key: those;
 * - one side holds a hash and the other the value, and the hash's key is at hand: the
 *   value is hashed with it.
 */
export function compareValue(
  before: Secret,
  after: Secret,
  key?: ValueHashKey,
): boolean | undefined {
  const hashOf = (secret: Secret): string | undefined => {
    if (secret.secretDataHash !== undefined) return secret.secretDataHash;
    if (key && hasRealValue(secret)) return valueHash(key, secret.secretName, secret.secretData);
    return undefined;
  };
  if (hasRealValue(before) && hasRealValue(after)) {
    return !sameDigest(before.secretData, after.secretData);
  }
  const b = hashOf(before);
  const a = hashOf(after);
  if (b === undefined || a === undefined || hashKeyId(b) !== hashKeyId(a)) return undefined;
  return !sameDigest(b, a);
}

const DETAIL_FIELD_SET: ReadonlySet<DriftField> = new Set(DETAIL_FIELDS);
/** Value fields compared as text; `secretData` itself only by keyed hash. */
const VALUE_FIELD_SET: ReadonlySet<DriftField> = new Set<DriftField>(
  VALUE_FIELDS.filter((f) => f !== "secretData"),
);

/** Described: DescribeSecret answered for it (its ARN is always there). */
const described = (s: Secret): boolean => s.arn !== undefined;
/** Valued: GetSecretValue answered for it. */
const valued = (s: Secret): boolean =>
  s.secretData !== undefined || s.secretDataHash !== undefined || s.versionId !== undefined;

function asText(value: string | readonly string[] | undefined): string | null {
  if (value === undefined) return null;
  return typeof value === "string" ? value : value.join(", ");
}

/** The field changes of one secret, in DRIFT_FIELDS order, leaving out ignored fields. */
export function compareSecret(
  before: Secret,
  after: Secret,
  ignore: ReadonlySet<DriftField> = new Set(),
  key?: ValueHashKey,
): FieldChange[] {
  const changes: FieldChange[] = [];
  // Details and values are compared when both sides have them: a side without them was
  // listed without --enable-details / --fetch-values, or was not readable.
  const details = described(before) && described(after);
  const values = valued(before) && valued(after);
  for (const field of DRIFT_FIELDS) {
    if (ignore.has(field)) continue;
    if (DETAIL_FIELD_SET.has(field) && !details) continue;
    if (VALUE_FIELD_SET.has(field) && !values) continue;
    if (field === "tags") {
      changes.push(...compareTags(before.tags, after.tags));
      continue;
    }
    if (field === "secretData") {
      if (compareValue(before, after, key) === true) {
        changes.push({ field, before: VALUE_PLACEHOLDER, after: VALUE_PLACEHOLDER });
      }
      continue;
    }
    const b = asText(before[field]);
    const a = asText(after[field]);
    if (a !== b) changes.push({ field, before: b, after: a });
  }
  return changes;
}

function summarize(result: GetSecretsResult): ListingSummary {
  return { id: result.id, region: result.region, secrets: result.secrets.length };
}

export function compareListings(
  baseline: GetSecretsResult,
  live: GetSecretsResult,
  options: DriftOptions = {},
): DriftReport {
  const ignore = new Set(options.ignoreFields ?? []);
  const before = indexByName(baseline);
  const after = indexByName(live);

  const added = [...after.keys()].filter((name) => !before.has(name)).sort(byCodeUnit);
  const removed = [...before.keys()].filter((name) => !after.has(name)).sort(byCodeUnit);
  const changed: ChangedSecret[] = [];
  for (const name of [...after.keys()].sort(byCodeUnit)) {
    const b = before.get(name);
    const a = after.get(name);
    if (!a || !b) continue;
    const changes = compareSecret(b, a, ignore, options.hashKey);
    if (changes.length > 0) changed.push({ secretName: name, changes });
  }

  const requirementFailures: RequirementFailure[] = [];
  for (const name of [...new Set(options.require ?? [])].sort(byCodeUnit)) {
    const secret = after.get(name);
    if (!secret) requirementFailures.push({ secretName: name, problem: "missing" });
    else if (secret.plannedDeleteTime !== undefined)
      requirementFailures.push({
        secretName: name,
        problem: "scheduled-for-deletion",
        plannedDeleteTime: secret.plannedDeleteTime,
      });
  }

  return {
    drift: added.length > 0 || removed.length > 0 || changed.length > 0,
    requirementsMet: requirementFailures.length === 0,
    baseline: summarize(baseline),
    live: summarize(live),
    ignoredFields: DRIFT_FIELDS.filter((f) => ignore.has(f)),
    added,
    removed,
    changed,
    requirementFailures,
  };
}

/** The machine-readable report: fixed key order, 2-space indent, trailing newline. */
export function formatDriftJson(report: DriftReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function show(value: string | null): string {
  return value === null ? "(none)" : JSON.stringify(value);
}

function describeChange(change: FieldChange): string {
  const name = change.key !== undefined ? `tags.${change.key}` : change.field;
  let note = "";
  if (change.field === "plannedDeleteTime") {
    if (change.before === null) note = "  (scheduled for deletion)";
    else if (change.after === null) note = "  (deletion cancelled)";
  } else if (change.field === "tags") {
    if (change.before === null) note = "  (tag added)";
    else if (change.after === null) note = "  (tag removed)";
  } else if (change.field === "secretData") {
    note = "  (value changed; compared by hash, never shown)";
  }
  return escapeControl(`${name}: ${show(change.before)} -> ${show(change.after)}${note}`);
}

/** The human-readable report. */
export function formatDriftText(report: DriftReport, baselineLabel: string): string {
  const out: string[] = [];
  out.push(
    `Baseline ${baselineLabel}: ${report.baseline.secrets} secrets; live (${report.live.region}): ${report.live.secrets} secrets.`,
  );
  if (report.ignoredFields.length > 0) out.push(`Ignoring: ${report.ignoredFields.join(", ")}.`);
  for (const name of report.added) out.push(`  + added    ${escapeControl(name)}`);
  for (const name of report.removed) out.push(`  - removed  ${escapeControl(name)}`);
  for (const secret of report.changed) {
    out.push(`  ~ changed  ${escapeControl(secret.secretName)}`);
    for (const change of secret.changes) out.push(`      ${describeChange(change)}`);
  }
  for (const failure of report.requirementFailures) {
    const why =
      failure.problem === "missing"
        ? "is missing"
        : `is scheduled for deletion at ${failure.plannedDeleteTime ?? "?"}`;
    out.push(`  ! required ${escapeControl(failure.secretName)} ${why}`);
  }
  const counts = `${report.added.length} added, ${report.removed.length} removed, ${report.changed.length} changed`;
  if (!report.drift && report.requirementsMet) {
    out.push(`No drift (${counts}).`);
  } else {
    const parts = [report.drift ? `Drift found: ${counts}` : `No drift (${counts})`];
    if (!report.requirementsMet)
      parts.push(`${report.requirementFailures.length} required secret(s) failing`);
    out.push(`${parts.join("; ")}.`);
  }
  return `${out.join("\n")}\n`;
}
