/**
 * `drift --output github`: GitHub Actions workflow commands, one `::error` (or `::warning`,
 * when `--fail-on` leaves that kind out) per change and per failed requirement, escaped per
 * GitHub's rules so no secret name or tag value can end a command or start another.
 */
import type { DriftReport } from "../driftReport";
import {
  UNREADABLE_SECRET,
  changeName,
  describeChange,
  describeRequirement,
  driftVerdict,
} from "./driftText";

/** Escapes a command's message: `%`, CR and LF. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a command's property value: the message's escapes plus `:` and `,`. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

type Level = "error" | "warning" | "notice";

function command(level: Level, title: string, message: string): string {
  return `::${level} title=${escapeGithubProperty(title)}::${escapeGithubData(message)}`;
}

/** The workflow commands and a closing summary line (stdout of the step). */
export function formatDriftGithub(report: DriftReport): string {
  const lines: string[] = [];
  const driftLevel: Level = report.failOn.includes("drift") ? "error" : "warning";
  const requireLevel: Level = report.failOn.includes("requirements") ? "error" : "warning";
  for (const u of report.unreadableRegions) {
    lines.push(
      command(
        "warning",
        `KMS region unreadable: ${u.region}`,
        `${u.code}: ${u.message} (not compared)`,
      ),
    );
  }
  for (const id of report.added) {
    lines.push(command(driftLevel, `KMS drift: ${id}`, `${id}: added since the baseline`));
  }
  for (const id of report.removed) {
    lines.push(command(driftLevel, `KMS drift: ${id}`, `${id}: removed since the baseline`));
  }
  for (const secret of report.changed) {
    for (const change of secret.changes) {
      lines.push(
        command(
          driftLevel,
          `KMS drift: ${secret.id}: ${changeName(change)}`,
          `${secret.id}: ${describeChange(change)}`,
        ),
      );
    }
  }
  for (const id of report.unreadableSecrets) {
    lines.push(command(driftLevel, `KMS drift: ${id}`, `${id}: ${UNREADABLE_SECRET}`));
  }
  const regions = report.live.regions.length;
  for (const failure of report.requirementFailures) {
    lines.push(
      command(
        requireLevel,
        `KMS required secret: ${failure.secretName}`,
        `${failure.secretName} ${describeRequirement(failure, regions)}`,
      ),
    );
  }
  const verdict = driftVerdict(report);
  lines.push(command(report.failed.length > 0 ? "error" : "notice", "KMS drift check", verdict));
  return `${lines.join("\n")}\n`;
}
