/**
 * The drift report's model: what `drift --output json` prints (its JSON Schema ships as
 * schema/drift-report.schema.json) and what every other output format renders.
 */
import type { DriftField } from "./drift";

/** One changed field. For tags, one change per tag key, with `key` set. `null` = absent. */
export interface FieldChange {
  field: DriftField;
  key?: string;
  before: string | null;
  after: string | null;
}

export interface ChangedSecret {
  /** The secret's id: its name, or `region:name` when the listings span several regions. */
  id: string;
  secretName: string;
  regionId: string;
  changes: FieldChange[];
}

export interface RequirementFailure {
  /** As given to `--require`: a name (required in every region listed) or `region:name`. */
  secretName: string;
  regionId: string;
  /** `region-unreadable`: the region could not be listed (`--allow-unreadable-region`). */
  problem: "missing" | "scheduled-for-deletion" | "region-unreadable";
  plannedDeleteTime?: string;
}

export interface ListingSummary {
  id: string;
  region: string;
  /** The regions of the listing, sorted. */
  regions: string[];
  secrets: number;
}

/** What a baseline says about itself (a version 1 file: schemaVersion 1 and nothing else). */
export interface BaselineSummary extends ListingSummary {
  schemaVersion: number;
  takenAt?: string;
  toolVersion?: string;
}

/** What can fail the run (`--fail-on`). */
export const FAIL_ON = ["drift", "requirements"] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The version of the JSON report's shape (schema/drift-report.schema.json). */
export const DRIFT_REPORT_SCHEMA_VERSION = 1;

/** The report. Every array is sorted, and keys come in a fixed order, so JSON output is stable. */
export interface DriftReport {
  schemaVersion: typeof DRIFT_REPORT_SCHEMA_VERSION;
  /** True when anything was added, removed, changed, or became unreadable. */
  drift: boolean;
  /** False when a `--require`d secret is missing or scheduled for deletion. */
  requirementsMet: boolean;
  /** What fails the run (`--fail-on`). */
  failOn: FailOn[];
  /** What did fail it: the exit code is 1 exactly when this is not empty. */
  failed: FailOn[];
  /** `--write-baseline` created the baseline in this run: nothing was compared. */
  baselineCreated: boolean;
  baseline: BaselineSummary;
  live: ListingSummary;
  /** Regions the live listing could not read (`--allow-unreadable-region`): not compared. */
  unreadableRegions: UnreadableRegion[];
  ignoredFields: DriftField[];
  /** Ids (names, or `region:name` over several regions). */
  added: string[];
  removed: string[];
  changed: ChangedSecret[];
  /**
   * Ids of secrets readable in the baseline and denied now (Forbidden.NoPermission, with
   * skipForbidden): not compared, so they count as drift, never as "no drift".
   */
  unreadableSecrets: string[];
  requirementFailures: RequirementFailure[];
}

export interface UnreadableRegion {
  region: string;
  code: string;
  message: string;
  requestId?: string;
}
