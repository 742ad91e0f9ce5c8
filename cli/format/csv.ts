/**
 * `--output csv` (RFC 4180 quoting): one row per secret. Tags are one JSON object per
 * cell, which keeps any key or value (commas, `=`, quotes) unambiguous.
 */
import type { GetSecretsResult } from "../../provider/result";
import { sortedTags } from "./canonical";

export const CSV_HEADER = [
  "name",
  "type",
  "created",
  "updated",
  "scheduled_deletion",
  "owing_service",
  "tags",
] as const;

/** Quotes a field when it holds a comma, a quote, CR or LF, or starts/ends with a space. */
export function csvField(value: string): string {
  if (/[",\r\n]/.test(value) || /^\s|\s$/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

export function formatCsv(result: GetSecretsResult): string {
  const rows: string[][] = [[...CSV_HEADER]];
  for (const s of result.secrets) {
    rows.push([
      s.secretName,
      s.secretType,
      s.createTime,
      s.updateTime,
      s.plannedDeleteTime ?? "",
      s.owingService ?? "",
      Object.keys(s.tags).length > 0 ? JSON.stringify(sortedTags(s.tags)) : "",
    ]);
  }
  return rows.map((row) => `${row.map(csvField).join(",")}\n`).join("");
}
