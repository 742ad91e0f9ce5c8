/** `kms-secrets drift`: the live listing against a baseline file, for deploy pipelines. */
import type { GetSecretsResult } from "../../provider/result";
import {
  COMMON_OPTIONS,
  LOOKUP_OPTIONS,
  lookupArgsFromFlags,
  parseChoice,
  parseFlags,
} from "../args";
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

export const DRIFT_OPTIONS = {
  ...COMMON_OPTIONS,
  ...LOOKUP_OPTIONS,
  baseline: { type: "string", short: "b" },
  require: { type: "string", multiple: true },
  "ignore-field": { type: "string", multiple: true },
  output: { type: "string", short: "o" },
  "write-baseline": { type: "boolean" },
} as const;

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
  const args = lookupArgsFromFlags(flags);

  // Read the baseline first: a bad file fails fast (exit 2) without calling the service.
  const bootstrap = flags["write-baseline"] === true && !(await baselineExists(file));
  const baseline = bootstrap ? undefined : await readBaseline(file);
  if (baseline && hasAnyTags(baseline)) args.fetchTags = true;

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

  const report = compareListings(baseline ?? live, live, { ignoreFields: ignore, require });
  io.stdout.write(format === "json" ? formatDriftJson(report) : formatDriftText(report, file));

  if (flags["write-baseline"]) {
    await writeBaseline(file, live);
    io.stderr.write(
      `kms-secrets: ${bootstrap ? "created" : "updated"} baseline ${file} (${live.secrets.length} secrets)\n`,
    );
  }
  return report.drift || !report.requirementsMet ? EXIT_DRIFT : EXIT_OK;
}
