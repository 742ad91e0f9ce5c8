/**
 * `drift --output markdown` (for PR comments) and the GitHub step summary: a verdict, a
 * table of changes and the failing requirements. Every name and value is escaped, so a
 * crafted secret name cannot add links, HTML or table cells.
 */
import type { DriftReport } from "../driftReport";
import { changeName, describeRequirement, driftVerdict } from "./driftText";
import { escapeControl } from "./text";

/** The most table rows shown; the rest are counted. */
export const MARKDOWN_MAX_ROWS = 200;

/** Plain text for markdown: HTML-escaped, markdown punctuation backslash-escaped, one line. */
export function escapeMarkdown(text: string): string {
  return escapeControl(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (ch) => `\\${ch}`);
}

function value(text: string | null): string {
  return text === null ? "_(none)_" : `"${escapeMarkdown(text)}"`;
}

export function formatDriftMarkdown(report: DriftReport, baselineLabel: string): string {
  const failed = report.failed.length > 0;
  const icon = failed ? "❌" : report.drift || !report.requirementsMet ? "⚠️" : "✅";
  const out: string[] = [
    `### ${icon} KMS secrets drift: ${escapeMarkdown(driftVerdict(report))}`,
    "",
  ];
  const regions = report.live.regions;
  const taken = report.baseline.takenAt ? `, taken ${escapeMarkdown(report.baseline.takenAt)}` : "";
  out.push(
    `Baseline ${escapeMarkdown(baselineLabel)} (${report.baseline.secrets} secrets${taken}); ` +
      `live: ${escapeMarkdown(regions.join(", "))} (${report.live.secrets} secrets).`,
    "",
  );
  for (const u of report.unreadableRegions) {
    out.push(
      `> **Region ${escapeMarkdown(u.region)} unreadable** (${escapeMarkdown(u.code)}): not compared.`,
      "",
    );
  }
  const rows: string[] = [];
  for (const id of report.added) rows.push(`| + | ${escapeMarkdown(id)} | added | | |`);
  for (const id of report.removed) rows.push(`| − | ${escapeMarkdown(id)} | removed | | |`);
  for (const secret of report.changed) {
    for (const change of secret.changes) {
      rows.push(
        `| ~ | ${escapeMarkdown(secret.id)} | ${escapeMarkdown(changeName(change))} | ${value(change.before)} | ${value(change.after)} |`,
      );
    }
  }
  for (const id of report.unreadableSecrets) {
    rows.push(`| ? | ${escapeMarkdown(id)} | unreadable\\-secret (not compared) | | |`);
  }
  if (rows.length > 0) {
    out.push("| | Secret | Change | Before | After |", "|---|---|---|---|---|");
    out.push(...rows.slice(0, MARKDOWN_MAX_ROWS));
    if (rows.length > MARKDOWN_MAX_ROWS)
      out.push(`| | … ${rows.length - MARKDOWN_MAX_ROWS} more | | | |`);
    out.push("");
  }
  if (report.requirementFailures.length > 0) {
    out.push("**Required secrets failing:**", "");
    for (const failure of report.requirementFailures) {
      out.push(
        `- ${escapeMarkdown(failure.secretName)} ${escapeMarkdown(describeRequirement(failure, regions.length))}`,
      );
    }
    out.push("");
  }
  if (report.ignoredFields.length > 0)
    out.push(`Ignored fields: ${report.ignoredFields.join(", ")}.`, "");
  return `${out.join("\n").trimEnd()}\n`;
}
