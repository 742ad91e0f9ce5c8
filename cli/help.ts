/** Help texts. The flag sections are generated from the flag table (cli/flagTable.ts). */
import { flagsOf, helpLines } from "./flags";

export const EXIT_CODES_HELP = `Exit codes (the same for every command):
  0  OK
  1  drift found, or a --require'd secret is missing or scheduled for deletion
     (drift --fail-on picks which of the two count)
  2  bad usage, argument, config or baseline file, or flags that contradict the
     query a baseline records; the message names the problem.
     Config problems include a missing region and no credentials at all.
  3  the service or the network failed after retries; the message carries the error
     code and RequestId, never a credential. A key the service rejects
     (InvalidAccessKeyId.NotFound, SignatureDoesNotMatch) is a service failure: 3.`;

export const CREDENTIALS_HELP = `Credentials never come from flags. They are read from the environment and the
Alibaba Cloud standard credential chain:
  ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN (STS),
  the credentials file (~/.alibabacloud/credentials, ALIBABA_CLOUD_PROFILE), ECS RAM role, ...
Region: --region, or ALIBABA_CLOUD_REGION_ID.`;

/** The lookup flags' section, generated from the flag table (cli/flagTable.ts). */
export const LOOKUP_FLAGS_HELP = `Lookup flags:
${helpLines(flagsOf("list", "lookup"))}`;

export const MAIN_HELP = `kms-secrets — list Alibaba Cloud KMS secrets and check them for drift

Usage:
  kms-secrets list [flags]                   list secrets (values never printed unless asked)
  kms-secrets drift --baseline FILE [flags]  compare the live listing with a saved one
  kms-secrets emulator [flags]               run the local KMS emulator
  kms-secrets demo                           the npm start demo, against an embedded emulator
  kms-secrets help [COMMAND]                 help for a command

Global flags:
  -h, --help      show help
  -V, --version   print the version
  --debug         on failure, also print the (redacted) stack trace

${CREDENTIALS_HELP}

${EXIT_CODES_HELP}

Output goes to stdout; diagnostics, progress and errors go to stderr. NO_COLOR is honoured.
`;

export const LIST_HELP = `Usage: kms-secrets list [flags]

Lists every matching secret (complete or fail), sorted by name.

${LOOKUP_FLAGS_HELP}

Output:
${helpLines([...flagsOf("list", "output"), ...flagsOf("list", "global")])}

${CREDENTIALS_HELP}

${EXIT_CODES_HELP}

Examples:
  kms-secrets list --region cn-hangzhou --fetch-tags
  kms-secrets list --region cn-hangzhou --tag env=prod --output names
  kms-secrets list --region cn-hangzhou --filter SecretType=Rds,Redis --output csv > secrets.csv
  kms-secrets list --region cn-hangzhou --id prod/db-password --enable-details --fetch-values
`;

export const DRIFT_HELP = `Usage: kms-secrets drift --baseline FILE [flags]

Compares the live listing with FILE (written by drift --write-baseline, or a saved
"kms-secrets list --output json") and reports secrets added, removed, and changes in type,
creation time, tags, updateTime and scheduled deletion, field by field, region by region;
with a baseline taken with --enable-details or --fetch-values also the details, the version
and the value. Values are compared by hash only and never printed. Exit 1 when anything
differs (see --fail-on).

${helpLines([...flagsOf("drift", "drift"), ...flagsOf("drift", "global")])}

A baseline written by --write-baseline records its query (regions, filters, tags, regex,
ids, details and values flags): drift replays it, so only --endpoint and tuning flags are
needed. With a bare "list --output json" baseline, use the same lookup flags as when it was
taken; tags are fetched when the baseline holds any, details and values likewise. A baseline never holds a value: a changed value shows
as a new versionId, and, when KMS_SECRETS_HASH_KEY was set for both runs, as secretData
"(secret)" -> "(secret)" from the keyed hashes.

${LOOKUP_FLAGS_HELP}

${CREDENTIALS_HELP}

${EXIT_CODES_HELP}

Examples (deploy pipeline steps; see docs/pipelines.md):
  kms-secrets drift --region cn-hangzhou,cn-shanghai --fetch-tags \\
    --baseline kms-baseline.json --write-baseline        # take (or refresh) the baseline
  kms-secrets drift --baseline kms-baseline.json --ignore-field updateTime \\
    --require prod/db-password --fail-on requirements --output github
`;

export const DEMO_HELP = `Usage: kms-secrets demo

The npm start demo: starts the KMS emulator in-process, lists its secrets over signed HTTP,
writes a baseline, changes the emulator's data and shows drift catching it. Needs no cloud
account. Exits 0 when every step behaved as expected.
`;
