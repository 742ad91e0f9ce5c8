/**
 * The one table of the CLI's flags (data only; cli/flags.ts checks its shape against FlagSpec and derives the parser options, the
 * help sections and the docs/cli.md table from it). Add a flag here or in cli/lookupFlags.ts and nowhere else.
 */
import { BOTH, LOOKUP_FLAGS } from "./lookupFlags";

/** Every flag of `list` and `drift`, in help order. */
export const FLAGS = [
  ...LOOKUP_FLAGS,
  // output
  {
    name: "output",
    short: "o",
    type: "string",
    repeatable: false,
    value: "FORMAT",
    help: [
      "table | json | names | csv",
      "default: table on a terminal, json otherwise.",
      "json is exactly the SDK's GetSecretsResult (a valid drift baseline).",
      "table and csv always include tags; json and names only with",
      "--fetch-tags (or --tag).",
      'Secrets scheduled for deletion are marked "!" in the table.',
    ],
    commands: ["list"],
    group: "output",
  },

  {
    name: "show-values",
    type: "boolean",
    repeatable: false,
    help: [
      "print secret values (needs --fetch-values). Without it every",
      'format shows "(secret)" instead of a value. With',
      "KMS_SECRETS_HASH_KEY set (a CI secret, 16+ characters), json adds",
      "secretDataHash, a keyed hash that drift can compare.",
    ],
    commands: ["list"],
    group: "output",
  },
  {
    name: "allow-unreadable-region",
    args: ["allowUnreadableRegions"],
    type: "boolean",
    repeatable: false,
    help: [
      "with several regions: a region that cannot be listed is reported as",
      "unreadable (a warning; drift leaves it out of the comparison) instead",
      "of failing the command",
    ],
    commands: BOTH,
    group: "lookup",
  },
  // drift
  {
    name: "baseline",
    short: "b",
    type: "string",
    repeatable: false,
    value: "FILE",
    help: [
      "the baseline (required). One written by --write-baseline records",
      "its query, regions, time and tool version; drift replays that query,",
      "and a flag that contradicts it exits 2, naming the difference",
    ],
    commands: ["drift"],
    group: "drift",
  },
  {
    name: "require",
    type: "string",
    repeatable: true,
    value: "NAME",
    help: [
      "fail (exit 1) when NAME is missing or scheduled for deletion;",
      "repeatable. Over several regions: in each, or REGION:NAME in one",
    ],
    commands: ["drift"],
    group: "drift",
  },
  {
    name: "ignore-field",
    type: "string",
    repeatable: true,
    value: "FIELD",
    help: [
      "do not compare FIELD: secretType (type), createTime, updateTime,",
      "plannedDeleteTime (scheduled-deletion), tags, owingService, a detail field",
      "(arn, description, encryptionKeyId, automaticRotation,",
      "rotationInterval, lastRotationDate, nextRotationDate,",
      "dkmsInstanceId, extendedConfig), secretDataType, versionId,",
      "versionStages or secretData (value); repeatable",
    ],
    commands: ["drift"],
    group: "drift",
  },
  {
    name: "output",
    short: "o",
    type: "string",
    repeatable: false,
    value: "FORMAT",
    help: [
      "text (default) | json (for machines: schema/drift-report.schema.json)",
      "| github (::error per change and failed requirement; a markdown",
      "summary appended to $GITHUB_STEP_SUMMARY) | markdown (PR comments)",
      "| junit (a test case per secret and per --require)",
    ],
    commands: ["drift"],
    group: "drift",
  },
  {
    name: "fail-on",
    type: "string",
    repeatable: false,
    value: "WHAT",
    help: [
      "what exits 1: drift,requirements (default both), drift, requirements",
      "or none; the json report says which failed (failed)",
    ],
    commands: ["drift"],
    group: "drift",
  },
  {
    name: "quiet",
    short: "q",
    type: "boolean",
    repeatable: false,
    help: ["print nothing but errors; the exit code tells (files are still written)"],
    commands: ["drift"],
    group: "drift",
  },
  {
    name: "write-baseline",
    type: "boolean",
    repeatable: false,
    help: [
      "after comparing, replace FILE with the live listing and its query,",
      "atomically (temp file + rename). Creates FILE when it does not exist",
      "yet (and says so). The exit code still reports the drift that was found.",
    ],
    commands: ["drift"],
    group: "drift",
  },
  // every command
  {
    name: "help",
    short: "h",
    type: "boolean",
    repeatable: false,
    help: ["show help"],
    commands: BOTH,
    group: "global",
  },
  {
    name: "debug",
    type: "boolean",
    repeatable: false,
    help: ["on failure, also print the (redacted) stack trace"],
    commands: BOTH,
    group: "global",
  },
] as const;
