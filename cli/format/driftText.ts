/** The drift report as text (for people) and as JSON (for machines; schema/drift-report.schema.json). */
import type { DriftReport, FieldChange, RequirementFailure } from "../driftReport";
import { escapeControl } from "./text";

/** The machine-readable report: fixed key order, 2-space indent, trailing newline. */
export function formatDriftJson(report: DriftReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Why an unreadable secret counts as drift. */
export const UNREADABLE_SECRET =
  "readable in the baseline, Forbidden.NoPermission now: details and values not compared";

function show(value: string | null): string {
  return value === null ? "(none)" : JSON.stringify(value);
}

/** `tags.env` for a tag, the field name otherwise. */
export function changeName(change: FieldChange): string {
  return change.key !== undefined ? `tags.${change.key}` : change.field;
}

/** `updateTime: "a" -> "b"` plus a note on what it means; control characters made visible. */
export function describeChange(change: FieldChange): string {
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
  return escapeControl(
    `${changeName(change)}: ${show(change.before)} -> ${show(change.after)}${note}`,
  );
}

/** Why a required secret fails, e.g. `is missing in cn-shanghai`. */
export function describeRequirement(failure: RequirementFailure, regions: number): string {
  const where = regions > 1 && !failure.secretName.includes(":") ? ` in ${failure.regionId}` : "";
  switch (failure.problem) {
    case "missing":
      return `is missing${where}`;
    case "scheduled-for-deletion":
      return `is scheduled for deletion${where} at ${failure.plannedDeleteTime ?? "?"}`;
    case "region-unreadable":
      return `cannot be checked: region ${failure.regionId} is unreadable`;
  }
}

/** The closing line: `No drift (...)` / `Drift found: ...`, and what failed the run. */
export function driftVerdict(report: DriftReport): string {
  if (report.baselineCreated) {
    const required = report.requirementsMet
      ? ""
      : `; ${report.requirementFailures.length} required secret(s) failing`;
    return `Baseline created from the live listing (${report.live.secrets} secrets); nothing compared yet${required}.`;
  }
  const unreadable = report.unreadableSecrets.length;
  const counts =
    `${report.added.length} added, ${report.removed.length} removed, ${report.changed.length} changed` +
    (unreadable > 0 ? `, ${unreadable} unreadable` : "");
  const parts = [report.drift ? `Drift found: ${counts}` : `No drift (${counts})`];
  if (!report.requirementsMet) {
    parts.push(`${report.requirementFailures.length} required secret(s) failing`);
  }
  if (report.unreadableRegions.length > 0) {
    parts.push(
      `unreadable, not compared: ${report.unreadableRegions.map((u) => u.region).join(", ")}`,
    );
  }
  const ignored = (["drift", "requirements"] as const).filter(
    (f) => !report.failOn.includes(f) && (f === "drift" ? report.drift : !report.requirementsMet),
  );
  if (ignored.length > 0)
    parts.push(`not failing the run (--fail-on ${report.failOn.join(",") || "none"})`);
  return `${parts.join("; ")}.`;
}

/** The human-readable report. */
export function formatDriftText(report: DriftReport, baselineLabel: string): string {
  const out: string[] = [];
  const regions = report.live.regions.length;
  const live = regions > 1 ? `regions ${report.live.regions.join(", ")}` : report.live.region;
  out.push(
    report.baselineCreated
      ? `Baseline ${baselineLabel} did not exist; created it from the live listing (${live}).`
      : `Baseline ${baselineLabel}: ${report.baseline.secrets} secrets; live (${live}): ${report.live.secrets} secrets.`,
  );
  if (report.ignoredFields.length > 0) out.push(`Ignoring: ${report.ignoredFields.join(", ")}.`);
  for (const u of report.unreadableRegions) {
    out.push(`  ? unreadable ${u.region}: ${escapeControl(`${u.code}: ${u.message}`)}`);
  }
  for (const id of report.added) out.push(`  + added    ${escapeControl(id)}`);
  for (const id of report.removed) out.push(`  - removed  ${escapeControl(id)}`);
  for (const secret of report.changed) {
    out.push(`  ~ changed  ${escapeControl(secret.id)}`);
    for (const change of secret.changes) out.push(`      ${describeChange(change)}`);
  }
  for (const id of report.unreadableSecrets) {
    out.push(`  ? unreadable-secret ${escapeControl(id)}  (${UNREADABLE_SECRET})`);
  }
  for (const failure of report.requirementFailures) {
    out.push(
      `  ! required ${escapeControl(failure.secretName)} ${escapeControl(describeRequirement(failure, regions))}`,
    );
  }
  out.push(driftVerdict(report));
  return `${out.join("\n")}\n`;
}
