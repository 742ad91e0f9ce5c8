/** `kms-secrets drift`: the live listing against a baseline file, for deploy pipelines. */
import type { GetSecretsResult } from "../../core/result";
import {
  lookupArgsFromFlags,
  parseChoice,
  parseFlags,
  withLookupExtras,
  type LookupExtras,
} from "../args";
import { optionsFor } from "../flags";
import { baselineExists, readBaseline, writeBaseline } from "../baseline";
import {
  compareListings,
  DRIFT_FIELDS,
  formatDriftJson,
  formatDriftText,
  resolveDriftField,
  type DriftField,
} from "../drift";
import { UsageError } from "../errors";
import { EXIT_DRIFT, EXIT_OK, type ExitCode } from "../exit-codes";
import { DRIFT_HELP } from "../help";
import type { CliIo } from "../io";
import { runLookup } from "./lookup";
import { escapeControl } from "../format/text";
import { HASH_KEY_ENV, hashKeyId, readHashKey, type ValueHashKey } from "../values";

export const DRIFT_OPTIONS = optionsFor("drift");

const DRIFT_FORMATS = ["text", "json"] as const;

function ignoredFields(values: readonly string[] | undefined): DriftField[] {
  return (values ?? []).map((value) => {
    const field = resolveDriftField(value);
    if (!field) {
      throw new UsageError(
        "argument",
        `--ignore-field "${value}" is not a compared field; use one of ${DRIFT_FIELDS.join(", ")}`,
      );
    }
    return field;
  });
}

function hasAnyTags(result: GetSecretsResult): boolean {
  return result.secrets.some((s) => Object.keys(s.tags).length > 0);
}

/** A baseline taken with --enable-details: its secrets carry an ARN. */
function hasDetails(result: GetSecretsResult): boolean {
  return result.secrets.some((s) => s.arn !== undefined);
}

/** A baseline taken with --fetch-values: its secrets carry a version, a value or a value hash. */
function hasValues(result: GetSecretsResult): boolean {
  return result.secrets.some(
    (s) =>
      s.versionId !== undefined || s.secretData !== undefined || s.secretDataHash !== undefined,
  );
}

/** Why the baseline's value hashes cannot be used with `key`, or undefined when they can. */
function hashMismatch(
  baseline: GetSecretsResult,
  key: ValueHashKey | undefined,
): string | undefined {
  const ids = new Set(
    baseline.secrets.flatMap((s) => (s.secretDataHash ? [hashKeyId(s.secretDataHash)] : [])),
  );
  if (ids.size === 0) return undefined;
  if (!key) return `${HASH_KEY_ENV} is not set`;
  if (ids.size > 1 || !ids.has(key.id)) return `they were made with another ${HASH_KEY_ENV}`;
  return undefined;
}

export async function driftCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const flags = parseFlags(argv, DRIFT_OPTIONS);
  if (flags.help) {
    io.stdout.write(DRIFT_HELP);
    return EXIT_OK;
  }
  const file = flags.baseline;
  if (file === undefined || file === "") {
    throw new UsageError("usage", "drift needs --baseline FILE (a saved list --output json)");
  }
  const format = parseChoice("--output", flags.output, DRIFT_FORMATS, "text");
  const ignore = ignoredFields(flags["ignore-field"]);
  const require = (flags.require ?? []).filter((name) => name !== "");
  const parsed = lookupArgsFromFlags(flags);

  // Read the baseline first: a bad file fails fast (exit 2) without calling the service.
  const bootstrap = flags["write-baseline"] === true && !(await baselineExists(file));
  const baseline = bootstrap ? undefined : await readBaseline(file);
  // Compare what the baseline holds: tags, details and values are fetched when it has them.
  // Values are compared by hash only and never printed (see ../drift.ts).
  const extras: LookupExtras = {};
  if (baseline && hasAnyTags(baseline)) extras.fetchTags = true;
  if (baseline && hasDetails(baseline)) extras.enableDetails = true;
  if (baseline && hasValues(baseline)) extras.fetchValues = true;
  const perSecret =
    parsed.enableDetails === true ||
    parsed.fetchValues === true ||
    extras.enableDetails === true ||
    extras.fetchValues === true;
  if (baseline?.forbidden?.length && perSecret) extras.skipForbidden = true;
  const args = withLookupExtras(parsed, extras);
  const hashKey = args.fetchValues ? readHashKey(io.env) : undefined;
  const mismatch = baseline ? hashMismatch(baseline, hashKey) : undefined;
  if (mismatch) {
    io.stderr.write(
      `kms-secrets: note: the baseline's value hashes cannot be checked (${mismatch}); ` +
        "a new value still shows as a changed versionId\n",
    );
  }

  const live = await runLookup(args, io);
  if (baseline && baseline.region !== live.region) {
    io.stderr.write(
      `kms-secrets: note: the baseline is from region ${baseline.region}, the live listing from ${live.region}\n`,
    );
  } else if (baseline && baseline.id !== live.id) {
    io.stderr.write(
      "kms-secrets: note: the baseline was taken with a different query (its id differs); " +
        "use the same lookup flags as when it was written, or differences may come from the query\n",
    );
  }

  const report = compareListings(baseline ?? live, live, {
    ignoreFields: ignore,
    require,
    hashKey,
  });
  const forbiddenNow = live.forbidden ?? [];
  const forbiddenBefore = new Set(baseline?.forbidden ?? []);
  const newlyForbidden = forbiddenNow.filter((name) => !forbiddenBefore.has(name));
  if (newlyForbidden.length > 0) {
    io.stderr.write(
      `kms-secrets: note: not readable now (Forbidden.NoPermission), not compared: ${escapeControl(newlyForbidden.join(", "))}\n`,
    );
  }
  io.stdout.write(format === "json" ? formatDriftJson(report) : formatDriftText(report, file));

  if (flags["write-baseline"]) {
    await writeBaseline(file, live, hashKey);
    io.stderr.write(
      `kms-secrets: ${bootstrap ? "created" : "updated"} baseline ${file} (${live.secrets.length} secrets)\n`,
    );
  }
  return report.drift || !report.requirementsMet ? EXIT_DRIFT : EXIT_OK;
}
