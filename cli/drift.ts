/**
 * Drift: a pure, field-by-field comparison of a saved listing (the baseline) with the
 * live one, plus `--require` checks. No I/O here; the command prints the report.
 */
import type { GetSecretsResult, Secret } from "../provider/result";
import { escapeControl } from "./format/text";

/** The fields compared for every secret present on both sides. */
export const DRIFT_FIELDS = [
  "secretType",
  "createTime",
  "updateTime",
  "plannedDeleteTime",
  "tags",
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

/** The field changes of one secret, in DRIFT_FIELDS order, leaving out ignored fields. */
export function compareSecret(
  before: Secret,
  after: Secret,
  ignore: ReadonlySet<DriftField> = new Set(),
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of DRIFT_FIELDS) {
    if (ignore.has(field)) continue;
    if (field === "tags") {
      changes.push(...compareTags(before.tags, after.tags));
      continue;
    }
    const b = before[field] ?? null;
    const a = after[field] ?? null;
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
    const changes = compareSecret(b, a, ignore);
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
