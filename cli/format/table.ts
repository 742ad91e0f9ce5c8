/**
 * `--output table`: aligned columns for people. A secret scheduled for deletion is marked
 * with `!` in the first column (visible without color, in logs and screen readers) and,
 * when color is on, printed in red.
 */
import type { GetSecretsResult, Secret } from "../../core/result";
import { escapeControl, formatTagList } from "./text";
import { displayWidth, padDisplay } from "./width";

export interface TableOptions {
  color: boolean;
  /** A ROTATION column (`--enable-details`). */
  details?: boolean;
  /** VERSION and VALUE columns (`--fetch-values`); values arrive as `(secret)` unless shown on purpose. */
  values?: boolean;
}

const HEADERS = ["NAME", "TYPE", "CREATED", "UPDATED", "SCHEDULED DELETION", "TAGS"] as const;
const DETAIL_HEADERS = ["ROTATION"] as const;
const VALUE_HEADERS = ["VERSION", "VALUE"] as const;
/** Shown for a secret whose detail or value call was denied (`--skip-forbidden`). */
export const FORBIDDEN_CELL = "(forbidden)";
export const SCHEDULED_MARKER = "!";

const RED = "\u001b[31m";
const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

function rotation(secret: Secret): string {
  if (secret.automaticRotation === undefined) return "-";
  return secret.rotationInterval
    ? `${secret.automaticRotation} ${secret.rotationInterval}`
    : secret.automaticRotation;
}

function cells(secret: Secret, options: TableOptions, forbidden: ReadonlySet<string>): string[] {
  const denied = forbidden.has(secret.id);
  const row = [
    secret.id, // the name; region:name over several regions
    secret.secretType,
    secret.createTime,
    secret.updateTime,
    secret.plannedDeleteTime ?? "-",
    // tags last unless more columns follow: the last column is not padded
    formatTagList(secret.tags) || "-",
  ];
  if (options.details)
    row.push(denied && secret.arn === undefined ? FORBIDDEN_CELL : rotation(secret));
  if (options.values) {
    row.push(secret.versionId ?? "-");
    row.push(secret.secretData ?? (denied ? FORBIDDEN_CELL : "-"));
  }
  return row.map(escapeControl);
}

function layout(rows: readonly string[][], widths: readonly number[]): string[] {
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : padDisplay(cell, widths[i] ?? 0)))
      .join("  "),
  );
}

export function formatTable(result: GetSecretsResult, options: TableOptions): string {
  if (result.secrets.length === 0) return "No secrets found.\n";
  const forbidden = new Set(result.forbidden ?? []);
  const headers: string[] = [...HEADERS];
  if (options.details) headers.push(...DETAIL_HEADERS);
  if (options.values) headers.push(...VALUE_HEADERS);
  const body = result.secrets.map((secret) => cells(secret, options, forbidden));
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...body.map((row) => displayWidth(row[i] ?? ""))),
  );
  const [header = "", ...lines] = layout([headers, ...body], widths);
  const out: string[] = [options.color ? `  ${BOLD}${header}${RESET}` : `  ${header}`];
  let scheduled = 0;
  result.secrets.forEach((secret, i) => {
    const line = lines[i] ?? "";
    if (secret.plannedDeleteTime !== undefined) {
      scheduled++;
      out.push(
        options.color ? `${RED}${SCHEDULED_MARKER} ${line}${RESET}` : `${SCHEDULED_MARKER} ${line}`,
      );
    } else {
      out.push(`  ${line}`);
    }
  });
  const count = `${result.secrets.length} secret${result.secrets.length === 1 ? "" : "s"}`;
  const summary =
    scheduled > 0
      ? `${count}, ${scheduled} scheduled for deletion (marked ${SCHEDULED_MARKER})`
      : count;
  out.push("", summary);
  if (forbidden.size > 0) {
    out.push(
      `${forbidden.size} secret${forbidden.size === 1 ? "" : "s"} not readable (Forbidden.NoPermission, skipped): ` +
        escapeControl([...forbidden].join(", ")),
    );
  }
  return out.map((line) => line.trimEnd()).join("\n") + "\n";
}
