/**
 * `--output table`: aligned columns for people. A secret scheduled for deletion is marked
 * with `!` in the first column (visible without color, in logs and screen readers) and,
 * when color is on, printed in red.
 */
import type { GetSecretsResult, Secret } from "../../provider/result";
import { escapeControl, formatTagList } from "./text";
import { displayWidth, padDisplay } from "./width";

export interface TableOptions {
  color: boolean;
}

const HEADERS = ["NAME", "TYPE", "CREATED", "UPDATED", "SCHEDULED DELETION", "TAGS"] as const;
export const SCHEDULED_MARKER = "!";

const RED = "\u001b[31m";
const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

function cells(secret: Secret): string[] {
  return [
    secret.secretName,
    secret.secretType,
    secret.createTime,
    secret.updateTime,
    secret.plannedDeleteTime ?? "-",
    formatTagList(secret.tags) || "-",
  ].map(escapeControl);
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
  const body = result.secrets.map(cells);
  const widths = HEADERS.map((header, i) =>
    Math.max(header.length, ...body.map((row) => displayWidth(row[i] ?? ""))),
  );
  const [header = "", ...lines] = layout([[...HEADERS], ...body], widths);
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
  return out.map((line) => line.trimEnd()).join("\n") + "\n";
}
