/**
 * `--output csv` (RFC 4180 quoting): one row per secret; tags are one JSON object per cell, so
 * any key or value stays unambiguous. Detail and value columns follow with their flags; the
 * value column holds `(secret)` unless values were shown on purpose (see values.ts).
 */
import type { GetSecretsResult, Secret } from "../../core/result";
import { sortedTags } from "./canonical";
import { escapeControlKeepingLines } from "./text";

export const CSV_HEADER = [
  "name",
  "type",
  "created",
  "updated",
  "scheduled_deletion",
  "owing_service",
  "tags",
] as const;

export const CSV_DETAIL_HEADER = [
  "arn",
  "description",
  "encryption_key_id",
  "automatic_rotation",
  "rotation_interval",
  "last_rotation_date",
  "next_rotation_date",
  "dkms_instance_id",
  "extended_config",
] as const;

export const CSV_VALUE_HEADER = [
  "version_id",
  "version_stages",
  "secret_data_type",
  "secret_data",
] as const;

export interface CsvOptions {
  details?: boolean;
  values?: boolean;
}

/**
 * One CSV cell: control and bidi characters made visible (tab, CR and LF kept as data), a
 * leading =, +, -, @, tab or CR neutralised with a ' so a spreadsheet never runs it as a
 * formula, then quoted when it holds a comma, a quote, CR or LF, or starts/ends with a space.
 */
export function csvField(raw: string): string {
  let value = escapeControlKeepingLines(raw);
  if (/^[=+\-@\t\r]/.test(value)) value = `'${value}`;
  if (/[",\r\n]/.test(value) || /^\s|\s$/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

function detailCells(s: Secret): string[] {
  return [
    s.arn ?? "",
    s.description ?? "",
    s.encryptionKeyId ?? "",
    s.automaticRotation ?? "",
    s.rotationInterval ?? "",
    s.lastRotationDate ?? "",
    s.nextRotationDate ?? "",
    s.dkmsInstanceId ?? "",
    s.extendedConfig ?? "",
  ];
}

function valueCells(s: Secret): string[] {
  return [
    s.versionId ?? "",
    s.versionStages?.join(" ") ?? "",
    s.secretDataType ?? "",
    s.secretData ?? "",
  ];
}

export function formatCsv(result: GetSecretsResult, options: CsvOptions = {}): string {
  const header: string[] = [...CSV_HEADER];
  if (options.details) header.push(...CSV_DETAIL_HEADER);
  if (options.values) header.push(...CSV_VALUE_HEADER);
  const rows: string[][] = [header];
  for (const s of result.secrets) {
    const row = [
      s.id, // the name; region:name over several regions
      s.secretType,
      s.createTime,
      s.updateTime,
      s.plannedDeleteTime ?? "",
      s.owingService ?? "",
      Object.keys(s.tags).length > 0 ? JSON.stringify(sortedTags(s.tags)) : "",
    ];
    if (options.details) row.push(...detailCells(s));
    if (options.values) row.push(...valueCells(s));
    rows.push(row);
  }
  return rows.map((row) => `${row.map(csvField).join(",")}\n`).join("");
}
