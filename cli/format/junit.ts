/**
 * `drift --output junit`: JUnit XML, which GitLab, Jenkins and most CI systems show as test
 * results. One test case per secret compared and per `--require`; drift and failed
 * requirements are failures when `--fail-on` counts them, unreadable regions are skipped.
 */
import type { DriftReport } from "../driftReport";
import { UNREADABLE_SECRET, describeChange, describeRequirement, driftVerdict } from "./driftText";

/**
 * Text for XML 1.0 content and attributes: the five special characters as entities, and
 * every character XML 1.0 cannot carry (most C0 controls, lone surrogates, U+FFFE/U+FFFF)
 * as a visible `\uXXXX`; tab, CR and LF in attributes as character references.
 */
export function escapeXml(text: string): string {
  return text
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
    )
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

interface Case {
  classname: string;
  name: string;
  /** failure: counted by --fail-on; skipped: not compared. */
  outcome?: { kind: "failure" | "skipped"; type: string; message: string; body?: string };
  /** Drift that --fail-on does not count: shown, not failed. */
  output?: string;
}

function caseXml(c: Case): string {
  const head = `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}"`;
  const inner: string[] = [];
  if (c.outcome?.kind === "failure") {
    inner.push(
      `      <failure type="${escapeXml(c.outcome.type)}" message="${escapeXml(c.outcome.message)}">${escapeXml(c.outcome.body ?? c.outcome.message)}</failure>`,
    );
  } else if (c.outcome?.kind === "skipped") {
    inner.push(`      <skipped message="${escapeXml(c.outcome.message)}"/>`);
  }
  if (c.output !== undefined) inner.push(`      <system-out>${escapeXml(c.output)}</system-out>`);
  return inner.length === 0 ? `${head}/>` : `${head}>\n${inner.join("\n")}\n    </testcase>`;
}

function suiteXml(name: string, cases: readonly Case[]): string {
  const failures = cases.filter((c) => c.outcome?.kind === "failure").length;
  const skipped = cases.filter((c) => c.outcome?.kind === "skipped").length;
  const attrs = `name="${escapeXml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  if (cases.length === 0) return `  <testsuite ${attrs}/>`;
  return `  <testsuite ${attrs}>\n${cases.map(caseXml).join("\n")}\n  </testsuite>`;
}

/** Context the report alone does not hold: every secret id compared, and those not compared. */
export interface JunitContext {
  /** Ids present on either side, in regions that were read. */
  compared: readonly string[];
  /** Baseline ids in unreadable regions. */
  notCompared: readonly { id: string; region: string }[];
  /** The `--require` names, each a test case. */
  required: readonly string[];
}

export function formatDriftJunit(report: DriftReport, context: JunitContext): string {
  const counts = report.failOn.includes("drift");
  const added = new Set(report.added);
  const removed = new Set(report.removed);
  const changed = new Map(report.changed.map((c) => [c.id, c]));
  const unreadableSecrets = new Set(report.unreadableSecrets);
  const drifted = (what: string, body: string): Pick<Case, "outcome" | "output"> =>
    counts
      ? { outcome: { kind: "failure", type: "drift", message: what, body } }
      : {
          output: `drift (not failing the run: --fail-on ${report.failOn.join(",") || "none"}): ${body}`,
        };
  const secretCases: Case[] = context.compared.map((id) => {
    const base = { classname: "kms-secrets.drift", name: id };
    if (added.has(id))
      return { ...base, ...drifted("added", `${id} was added since the baseline`) };
    if (removed.has(id))
      return { ...base, ...drifted("removed", `${id} was removed since the baseline`) };
    if (unreadableSecrets.has(id))
      return { ...base, ...drifted("unreadable-secret", `${id}: ${UNREADABLE_SECRET}`) };
    const change = changed.get(id);
    if (!change) return base;
    const fields = [...new Set(change.changes.map((c) => c.field))].join(", ");
    return {
      ...base,
      ...drifted(`changed: ${fields}`, change.changes.map(describeChange).join("\n")),
    };
  });
  for (const { id, region } of context.notCompared) {
    secretCases.push({
      classname: "kms-secrets.drift",
      name: id,
      outcome: {
        kind: "skipped",
        type: "unreadable",
        message: `region ${region} unreadable: not compared`,
      },
    });
  }
  const enforced = report.failOn.includes("requirements");
  const regions = report.live.regions.length;
  const failing = new Map<string, string[]>();
  for (const f of report.requirementFailures) {
    failing.set(f.secretName, [
      ...(failing.get(f.secretName) ?? []),
      describeRequirement(f, regions),
    ]);
  }
  const required = [...new Set(report.requirementFailures.map((f) => f.secretName))];
  const requirementCases: Case[] = [...new Set([...context.required, ...required])]
    .sort()
    .map((name) => {
      const base = { classname: "kms-secrets.require", name };
      const problems = failing.get(name);
      if (!problems) return base;
      const text = `${name} ${problems.join("; ")}`;
      return enforced
        ? {
            ...base,
            outcome: {
              kind: "failure",
              type: "requirement",
              message: problems.join("; "),
              body: text,
            },
          }
        : { ...base, output: `requirement not enforced (--fail-on): ${text}` };
    });
  const all = [...secretCases, ...requirementCases];
  const failures = all.filter((c) => c.outcome?.kind === "failure").length;
  const skipped = all.filter((c) => c.outcome?.kind === "skipped").length;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="kms-secrets drift: ${escapeXml(driftVerdict(report))}" tests="${all.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    suiteXml("kms-secrets drift", secretCases),
    suiteXml("kms-secrets required secrets", requirementCases),
    `</testsuites>`,
    "",
  ].join("\n");
}
