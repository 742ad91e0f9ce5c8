/**
 * `kms.getSecretVersions` / `kms.getSecretVersionsOutput`: the `@pulumi/alicloud` 3.x invoke,
 * field for field, on the core's `listSecretVersions` (every page at once, values fetched
 * concurrently, complete or fail, sorted by version id).
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentError } from "../../core/args";
import { listSecretVersions, type SecretVersionsResult } from "../../core/versions";
import { writeOutputFile, type OutputRecord } from "./outputFile";
import {
  providerSettings,
  providerSettingsOutput,
  type ProviderSettings,
} from "../providerOptions";
import { dependencies, programContext, secretResult } from "./programContext";

/** Arguments of `kms.getSecretVersions` (as `@pulumi/alicloud`'s). */
export interface GetSecretVersionsArgs {
  /** Also fetch each version's value (GetSecretValue per version); default false. */
  enableDetails?: boolean;
  /** Keep only these version ids. */
  ids?: string[];
  /** `"true"` to list versions without a stage label too (`IncludeDeprecated`); default `"false"`. */
  includeDeprecated?: string;
  /** Write the versions list as JSON to this file (Terraform's format; holds values with enableDetails). */
  outputFile?: string;
  /** The secret's name (or ARN). */
  secretName: string;
  /** Keep only the versions carrying this stage label, e.g. `ACSCurrent`. */
  versionStage?: string;
}

/** Arguments of `kms.getSecretVersionsOutput`: `GetSecretVersionsArgs` as `pulumi.Input`s. */
export interface GetSecretVersionsOutputArgs {
  /** Also fetch each version's value (GetSecretValue per version); default false. */
  enableDetails?: pulumi.Input<boolean | undefined>;
  /** Keep only these version ids. */
  ids?: pulumi.Input<pulumi.Input<string>[] | undefined>;
  /** `"true"` to list versions without a stage label too (`IncludeDeprecated`); default `"false"`. */
  includeDeprecated?: pulumi.Input<string | undefined>;
  /** Write the versions list as JSON to this file (Terraform's format; holds values with enableDetails). */
  outputFile?: pulumi.Input<string | undefined>;
  /** The secret's name (or ARN). */
  secretName: pulumi.Input<string>;
  /** Keep only the versions carrying this stage label, e.g. `ACSCurrent`. */
  versionStage?: pulumi.Input<string | undefined>;
}

/** One version (as `@pulumi/alicloud`'s `kms.GetSecretVersionsVersion`). */
export interface GetSecretVersionsVersion {
  /** The version's value (GetSecretValue `SecretData`), SECRET; `""` without enableDetails. */
  secretData: string;
  /** `text` or `binary` (GetSecretValue `SecretDataType`); `""` without enableDetails. */
  secretDataType: string;
  /** The secret's name. */
  secretName: string;
  /** The version id (ListSecretVersionIds `VersionId`). */
  versionId: string;
  /** Its stage labels, e.g. `["ACSCurrent"]`; empty for a deprecated version. */
  versionStages: string[];
}

/** Result of `kms.getSecretVersions` (as `@pulumi/alicloud`'s), with the inputs echoed. */
export interface GetSecretVersionsResult {
  /** Echoed; false when not given. */
  readonly enableDetails?: boolean;
  /** A stable hash of the region and the query. */
  readonly id: string;
  /** The listed version ids, sorted. */
  readonly ids: string[];
  /** Echoed when given. */
  readonly includeDeprecated?: string;
  /** Echoed when given. */
  readonly outputFile?: string;
  /** Echoed. */
  readonly secretName: string;
  /** Echoed when given. */
  readonly versionStage?: string;
  /** The versions, sorted by version id. */
  readonly versions: GetSecretVersionsVersion[];
}

const ARG_KEYS = [
  "enableDetails",
  "ids",
  "includeDeprecated",
  "outputFile",
  "secretName",
  "versionStage",
];

function parseIncludeDeprecated(value: string | undefined): boolean | undefined {
  // Terraform reads "" as not set.
  if (value === undefined || value === "") return undefined;
  const lower = value.trim().toLowerCase();
  if (lower === "true" || lower === "false") return lower === "true";
  throw new ArgumentError([{ path: "includeDeprecated", message: 'must be "true" or "false"' }]);
}

function checkKeys(args: object): void {
  const unknown = Object.keys(args).filter((key) => !ARG_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new ArgumentError(
      unknown.map((key) => ({
        path: key,
        message: "is not an argument of kms.getSecretVersions (see docs/migrating.md)",
      })),
    );
  }
}

function resultId(listing: SecretVersionsResult, args: GetSecretVersionsArgs): string {
  const query = {
    region: listing.region,
    secretName: args.secretName,
    includeDeprecated: args.includeDeprecated?.trim().toLowerCase() === "true",
    versionStage: args.versionStage ?? null,
    ids: args.ids ? [...new Set(args.ids)].sort() : null,
    enableDetails: args.enableDetails === true,
  };
  return createHash("sha256").update(JSON.stringify(query)).digest("hex").slice(0, 32);
}

async function run(
  args: GetSecretVersionsArgs,
  provider: ProviderSettings | undefined,
): Promise<GetSecretVersionsResult> {
  checkKeys(args);
  const includeDeprecated = parseIncludeDeprecated(args.includeDeprecated);
  const details = args.enableDetails === true;
  const { context, endpoint } = programContext(provider);
  const listing = await listSecretVersions(
    {
      secretName: args.secretName,
      ...(includeDeprecated !== undefined ? { includeDeprecated } : {}),
      // Terraform reads "" as not set.
      ...(args.versionStage ? { versionStage: args.versionStage } : {}),
      ...(args.ids !== undefined ? { ids: args.ids } : {}),
      fetchValues: details,
      ...(endpoint !== undefined ? { endpoint } : {}),
    },
    context,
  );
  const versions = listing.versions.map((v): GetSecretVersionsVersion => ({
    secretData: v.secretData ?? "",
    secretDataType: v.secretDataType ?? "",
    secretName: args.secretName,
    versionId: v.versionId,
    versionStages: v.versionStages,
  }));
  if (args.outputFile) {
    const records = listing.versions.map((v): OutputRecord => {
      const record: OutputRecord = {
        secret_name: args.secretName,
        version_id: v.versionId,
        version_stages: v.versionStages,
      };
      if (details) {
        record["secret_data"] = v.secretData ?? null;
        record["secret_data_type"] = v.secretDataType ?? null;
      }
      return record;
    });
    await writeOutputFile(args.outputFile, records);
  }
  const result: { -readonly [K in keyof GetSecretVersionsResult]: GetSecretVersionsResult[K] } = {
    enableDetails: details,
    id: resultId(listing, args),
    ids: versions.map((v) => v.versionId),
    secretName: args.secretName,
    versions,
  };
  if (args.includeDeprecated !== undefined) result.includeDeprecated = args.includeDeprecated;
  if (args.outputFile !== undefined) result.outputFile = args.outputFile;
  if (args.versionStage !== undefined) result.versionStage = args.versionStage;
  return result;
}

/**
 * Lists the versions of one secret, sorted by version id, or rejects (complete or fail).
 *
 * **The values in this Promise are plain**: with `enableDetails`, `versions[].secretData`
 * holds every version's value in plaintext. Prefer `getSecretVersionsOutput`, whose result
 * is then a secret Output. `opts.provider` (an `@pulumi/alicloud` Provider, or one
 * `opts.parent` passes down) chooses the account and region, as for `getSecrets`.
 */
export async function getSecretVersions(
  args: GetSecretVersionsArgs,
  opts: pulumi.InvokeOptions = {},
): Promise<GetSecretVersionsResult> {
  return run(args, await providerSettings("kms.getSecretVersions", opts));
}

/**
 * `getSecretVersions` over `pulumi.Input` arguments; waits for `opts.dependsOn`. With
 * `enableDetails` the whole result is a secret Output (it holds values).
 */
export function getSecretVersionsOutput(
  args: GetSecretVersionsOutputArgs,
  opts: pulumi.InvokeOutputOptions = {},
): pulumi.Output<GetSecretVersionsResult> {
  const provider = providerSettingsOutput("kms.getSecretVersionsOutput", opts);
  const inputs = pulumi.all([pulumi.output(args), dependencies(opts.dependsOn), provider]);
  return inputs.apply(([plainArgs, , settings]) => {
    const plain = plainArgs as GetSecretVersionsArgs;
    const result = run(plain, settings);
    return plain.enableDetails === true ? secretResult(result) : result;
  });
}
