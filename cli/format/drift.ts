/**
 * The output formats of `kms-secrets drift`: text, json, github, markdown and junit, written
 * to stdout (unless --quiet); with github, also a markdown summary appended to the file
 * named by GITHUB_STEP_SUMMARY.
 */
import { promises as fs } from "node:fs";
import type { GetSecretsResult } from "../../core/result";
import { regionsOf } from "../drift";
import type { DriftReport } from "../driftReport";
import { UsageError } from "../errors";
import type { CliIo } from "../io";
import { formatDriftJson, formatDriftText } from "./driftText";
import { formatDriftGithub } from "./github";
import { formatDriftJunit, type JunitContext } from "./junit";
import { formatDriftMarkdown } from "./markdown";

export const DRIFT_FORMATS = ["text", "json", "github", "markdown", "junit"] as const;
export type DriftFormat = (typeof DRIFT_FORMATS)[number];

/** Every secret id on either side (in regions read), and the baseline's in unreadable ones. */
export function junitContext(
  baseline: GetSecretsResult,
  live: GetSecretsResult,
  report: DriftReport,
  required: readonly string[],
): JunitContext {
  const unreadable = new Set(report.unreadableRegions.map((u) => u.region));
  const multi = new Set([...regionsOf(baseline), ...regionsOf(live)]).size > 1;
  const ids = (result: GetSecretsResult) =>
    result.secrets.map((s) => {
      const region = s.regionId ?? result.region;
      return { id: multi ? `${region}:${s.secretName}` : s.secretName, region };
    });
  const all = [...ids(baseline), ...ids(live)];
  const compared = [...new Set(all.filter((x) => !unreadable.has(x.region)).map((x) => x.id))];
  const notCompared = ids(baseline).filter((x) => unreadable.has(x.region));
  const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return {
    compared: compared.sort(byCodeUnit),
    notCompared: notCompared.sort((a, b) => byCodeUnit(a.id, b.id)),
    required: [...new Set(required)].sort(byCodeUnit),
  };
}

export interface DriftOutput {
  io: CliIo;
  /** The baseline file, as named on the command line. */
  file: string;
  quiet: boolean;
  /** The listings and `--require` list (junit: a test case for each secret and requirement). */
  baseline: GetSecretsResult;
  live: GetSecretsResult;
  required: readonly string[];
}

function render(report: DriftReport, format: DriftFormat, out: DriftOutput): string {
  switch (format) {
    case "text":
      return formatDriftText(report, out.file);
    case "json":
      return formatDriftJson(report);
    case "github":
      return formatDriftGithub(report);
    case "markdown":
      return formatDriftMarkdown(report, out.file);
    case "junit":
      return formatDriftJunit(report, junitContext(out.baseline, out.live, report, out.required));
  }
}

/** Writes the report; with github, appends the markdown summary to $GITHUB_STEP_SUMMARY. */
export async function writeDriftReport(
  report: DriftReport,
  format: DriftFormat,
  out: DriftOutput,
): Promise<void> {
  if (!out.quiet) out.io.stdout.write(render(report, format, out));
  const summary = out.io.env["GITHUB_STEP_SUMMARY"];
  if (format === "github" && summary) {
    try {
      await fs.appendFile(summary, `${formatDriftMarkdown(report, out.file)}\n`, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException | undefined)?.code ?? "error";
      throw new UsageError("config", `cannot append to GITHUB_STEP_SUMMARY ${summary} (${code})`);
    }
  }
}
