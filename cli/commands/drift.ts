/** `kms-secrets drift`: the live listing against a baseline file, for deploy pipelines. */
import type { GetSecretsResult } from "../../core/result";
import type { RegionLookupArgs } from "../../core/regions";
import { parseChoice, parseCliLookup, parseFlags } from "../args";
import { optionsFor } from "../flags";
import {
  BASELINE_SCHEMA_VERSION,
  baselineExists,
  readBaseline,
  writeBaseline,
  type Baseline,
} from "../baseline";
import {
  givenQuery,
  queryConflicts,
  queryOf,
  replayArgs,
  type BaselineMeta,
} from "../baselineQuery";
import {
  compareListings,
  DRIFT_FIELDS,
  FAIL_ON,
  resolveDriftField,
  type DriftField,
  type FailOn,
} from "../drift";
import { UsageError } from "../errors";
import { EXIT_DRIFT, EXIT_OK, EXIT_SERVICE, type ExitCode } from "../exit-codes";
import { DRIFT_FORMATS, writeDriftReport } from "../format/drift";
import { escapeControl } from "../format/text";
import { DRIFT_HELP } from "../help";
import type { CliIo } from "../io";
import { HASH_KEY_ENV, hashKeyId, readHashKey, type ValueHashKey } from "../values";
import { packageVersion } from "../version";
import { runLookup } from "./lookup";
import { regionInputFromFlags } from "./regionFlags";

export const DRIFT_OPTIONS = optionsFor("drift");

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

/** `--fail-on drift,requirements` (default both); `none` reports without failing. */
export function parseFailOn(text: string | undefined): FailOn[] {
  if (text === undefined) return [...FAIL_ON];
  const parts = text.split(",").map((p) => p.trim().toLowerCase());
  if (parts.length === 1 && parts[0] === "none") return [];
  const bad = parts.filter((p) => !(FAIL_ON as readonly string[]).includes(p));
  if (bad.length > 0 || parts.length === 0) {
    throw new UsageError(
      "argument",
      `--fail-on must be a comma-separated list of ${FAIL_ON.join(", ")} (or none), got "${text}"`,
    );
  }
  return FAIL_ON.filter((f) => parts.includes(f));
}

/** A version 1 baseline holds no query: what it holds tells what to fetch. */
function legacyArgs(args: RegionLookupArgs, baseline: GetSecretsResult): RegionLookupArgs {
  const out = { ...args };
  if (baseline.secrets.some((s) => Object.keys(s.tags).length > 0)) out.fetchTags = true;
  if (baseline.secrets.some((s) => s.arn !== undefined)) out.enableDetails = true;
  const valued = baseline.secrets.some(
    (s) =>
      s.versionId !== undefined || s.secretData !== undefined || s.secretDataHash !== undefined,
  );
  if (valued) out.fetchValues = true;
  if (baseline.forbidden?.length && (out.enableDetails || out.fetchValues)) {
    out.skipForbidden = true;
  }
  return out;
}

/** Replays the stored query; a flag that contradicts it is exit 2, naming each difference. */
function replayedArgs(
  file: string,
  meta: BaselineMeta,
  args: RegionLookupArgs,
  regionsGiven: string[] | undefined,
): RegionLookupArgs {
  const conflicts = queryConflicts(meta.query, givenQuery(args, regionsGiven));
  if (conflicts.length > 0) {
    const lines = conflicts.map(
      (c) =>
        `  ${c.flag}: baseline ${escapeControl(c.stored)}, command line ${escapeControl(c.given)}`,
    );
    throw new UsageError(
      "baseline",
      `the command line contradicts the query stored in baseline ${file}:\n${lines.join("\n")}\n` +
        "Drop these flags to replay the stored query (drift is never judged across queries), or " +
        "take a new baseline: delete the file and run drift --write-baseline with the new flags.",
    );
  }
  const replay: RegionLookupArgs = replayArgs(meta.query, args);
  const regions = meta.query.regions;
  if (regions.length === 1) replay.region = regions[0] as string;
  else replay.regions = [...regions];
  if (args.endpoints) replay.endpoints = args.endpoints;
  if (args.allowUnreadableRegions) replay.allowUnreadableRegions = true;
  return replay;
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

function baselineInfo(baseline: Baseline | undefined) {
  const meta = baseline?.meta;
  if (!meta) return { schemaVersion: 1 };
  return {
    schemaVersion: meta.schemaVersion,
    takenAt: meta.takenAt,
    toolVersion: meta.tool.version,
  };
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
  const failOn = parseFailOn(flags["fail-on"]);
  const quiet = flags.quiet === true;
  const note = (text: string): void => {
    if (!quiet) io.stderr.write(`kms-secrets: ${text}\n`);
  };
  const ignore = ignoredFields(flags["ignore-field"]);
  const require = (flags.require ?? []).filter((name) => name !== "");
  const { input, regionsGiven } = regionInputFromFlags(
    flags,
    flags["allow-unreadable-region"] === true,
  );

  // Read the baseline first: the query it holds completes the input, parsed once; a bad file,
  // a contradicting flag or a bad value fails fast (exit 2) without calling the service.
  const bootstrap = flags["write-baseline"] === true && !(await baselineExists(file));
  const baseline = bootstrap ? undefined : await readBaseline(file);
  let complete: RegionLookupArgs = input;
  if (baseline?.meta) complete = replayedArgs(file, baseline.meta, input, regionsGiven);
  else if (baseline) complete = legacyArgs(input, baseline.result);
  const lookup = parseCliLookup(complete);
  // Values are compared by hash only and never printed (see ../drift.ts).
  const hashKey = lookup.fetchValues ? readHashKey(io.env) : undefined;
  const mismatch = baseline ? hashMismatch(baseline.result, hashKey) : undefined;
  if (mismatch) {
    note(
      `note: the baseline's value hashes cannot be checked (${mismatch}); ` +
        "a new value still shows as a changed versionId",
    );
  }

  const live = await runLookup(lookup, io, { quiet });
  const old = baseline?.result;
  if (old && !baseline.meta && old.region !== live.region) {
    note(`note: the baseline is from region ${old.region}, the live listing from ${live.region}`);
  } else if (old && !baseline.meta && old.id !== live.id) {
    note(
      "note: the baseline was taken with a different query (its id differs); " +
        "use the same lookup flags as when it was written, or differences may come from the query",
    );
  }
  const report = compareListings(old ?? live, live, {
    ignoreFields: ignore,
    require,
    hashKey,
    failOn,
    baselineCreated: bootstrap,
    baselineInfo: baselineInfo(baseline),
  });
  const forbiddenBefore = new Set(old?.forbidden ?? []);
  const newlyForbidden = (live.forbidden ?? []).filter((name) => !forbiddenBefore.has(name));
  if (newlyForbidden.length > 0) {
    note(
      `note: not readable now (Forbidden.NoPermission), not compared: ${escapeControl(newlyForbidden.join(", "))}`,
    );
  }
  for (const u of report.unreadableRegions) {
    note(`warning: region ${u.region} is unreadable (${u.code}), its secrets were not compared`);
  }
  await writeDriftReport(report, format, {
    io,
    file,
    quiet,
    baseline: old ?? live,
    live,
    required: require,
  });

  if (flags["write-baseline"]) {
    if (report.unreadableRegions.length > 0) {
      io.stderr.write(
        `kms-secrets: baseline ${file} not written: the listing misses unreadable region(s) ${report.unreadableRegions.map((u) => u.region).join(", ")}\n`,
      );
      return EXIT_SERVICE;
    }
    const meta: BaselineMeta = {
      schemaVersion: BASELINE_SCHEMA_VERSION,
      tool: { name: "kms-secrets", version: packageVersion() },
      takenAt: new Date().toISOString(),
      query: queryOf(lookup, live.regions ?? [live.region]),
    };
    await writeBaseline(file, live, meta, hashKey);
    note(`${bootstrap ? "created" : "updated"} baseline ${file} (${live.secrets.length} secrets)`);
  }
  return report.failed.length > 0 ? EXIT_DRIFT : EXIT_OK;
}
