/**
 * `kms.getSecrets` / `kms.getSecretsOutput`: the `@pulumi/alicloud` 3.x invoke, field for
 * field, on our lookup (complete or fail, concurrent, sorted). docs/migrating.md lists every
 * field and where ours differs.
 */
import * as pulumi from "@pulumi/pulumi";
import { ArgumentError } from "../../core/args";
import type { GetSecretsResult as NativeResult, Secret } from "../../core/result";
import {
  type GetSecretsArgs as NativeArgs,
  type GetSecretsOutputArgs as NativeOutputArgs,
  getSecrets as nativeGetSecrets,
  getSecretsOutput as nativeGetSecretsOutput,
} from "../getSecrets";
import { writeOutputFile, type OutputRecord } from "./outputFile";
import { secretResult } from "./programContext";

/** Arguments of `kms.getSecrets` (as `@pulumi/alicloud`'s). */
export interface GetSecretsArgs {
  /** Also call DescribeSecret and GetSecretValue per secret (arn, description, values, ...); default false. */
  enableDetails?: boolean;
  /** Return each secret's tags (`FetchTags`); default false. */
  fetchTags?: boolean;
  /** ListSecrets `Filters` as JSON text, e.g. `[{"Key":"SecretName","Values":["db"]}]`. */
  filters?: string;
  /** Keep only secrets with these names (a secret's id is its name). */
  ids?: string[];
  /** Keep only secrets whose name matches this regular expression. */
  nameRegex?: string;
  /** Write the secrets list as JSON to this file (Terraform's format; holds values with enableDetails). */
  outputFile?: string;
  /** Keep only secrets carrying every one of these tags (key to value). */
  tags?: { [key: string]: string };
}

/** Arguments of `kms.getSecretsOutput`: `GetSecretsArgs` as `pulumi.Input`s. */
export interface GetSecretsOutputArgs {
  /** Also call DescribeSecret and GetSecretValue per secret (arn, description, values, ...); default false. */
  enableDetails?: pulumi.Input<boolean | undefined>;
  /** Return each secret's tags (`FetchTags`); default false. */
  fetchTags?: pulumi.Input<boolean | undefined>;
  /** ListSecrets `Filters` as JSON text, e.g. `[{"Key":"SecretName","Values":["db"]}]`. */
  filters?: pulumi.Input<string | undefined>;
  /** Keep only secrets with these names (a secret's id is its name). */
  ids?: pulumi.Input<pulumi.Input<string>[] | undefined>;
  /** Keep only secrets whose name matches this regular expression. */
  nameRegex?: pulumi.Input<string | undefined>;
  /** Write the secrets list as JSON to this file (Terraform's format; holds values with enableDetails). */
  outputFile?: pulumi.Input<string | undefined>;
  /** Keep only secrets carrying every one of these tags (key to value). */
  tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> } | undefined>;
}

/** One secret of `kms.getSecrets` (as `@pulumi/alicloud`'s `kms.GetSecretsSecret`). */
export interface GetSecretsSecret {
  /** `acs:kms:<region>:<account>:secret/<name>` (DescribeSecret `Arn`); `""` without enableDetails. */
  arn: string;
  /** DescribeSecret `Description`; `""` without enableDetails or when empty. */
  description: string;
  /** The KMS key encrypting the value (DescribeSecret `EncryptionKeyId`); `""` without enableDetails. */
  encryptionKeyId: string;
  /** The secret's name (its id). */
  id: string;
  /** When the secret will be deleted (ListSecrets `PlannedDeleteTime`); `""` when not scheduled. */
  plannedDeleteTime: string;
  /** The ACSCurrent value (GetSecretValue `SecretData`), SECRET; `""` without enableDetails. */
  secretData: string;
  /** `text` or `binary` (GetSecretValue `SecretDataType`); `""` without enableDetails. */
  secretDataType: string;
  /** The secret's name (ListSecrets `SecretName`). */
  secretName: string;
  /** `Generic`, `Rds`, `Redis`, `RAMCredentials`, `ECS`, `PolarDB`, ... (ListSecrets `SecretType`). */
  secretType: string;
  /** Tag key to value, without Alibaba Cloud's own (`acs:*`, `aliyun*`); empty unless fetchTags (or tags) is given. */
  tags: { [key: string]: string };
  /** The version whose value was read (GetSecretValue `VersionId`); `""` without enableDetails. */
  versionId: string;
  /** Its stage labels (GetSecretValue `VersionStages`); empty without enableDetails. */
  versionStages: string[];
}

/** Result of `kms.getSecrets` (as `@pulumi/alicloud`'s), with the inputs echoed. */
export interface GetSecretsResult {
  /** Echoed; false when not given. */
  readonly enableDetails?: boolean;
  /** Echoed when given. */
  readonly fetchTags?: boolean;
  /** Echoed when given. */
  readonly filters?: string;
  /** A stable hash of the region and the query. */
  readonly id: string;
  /** The matching secrets' names, sorted. */
  readonly ids: string[];
  /** Echoed when given. */
  readonly nameRegex?: string;
  /** The matching secrets' names, sorted. */
  readonly names: string[];
  /** Echoed when given. */
  readonly outputFile?: string;
  /** The matching secrets, sorted by name. */
  readonly secrets: GetSecretsSecret[];
  /** Echoed when given. */
  readonly tags?: { [key: string]: string };
}

const ARG_KEYS = [
  "enableDetails",
  "fetchTags",
  "filters",
  "ids",
  "nameRegex",
  "outputFile",
  "tags",
];

function checkKeys(args: object): void {
  const unknown = Object.keys(args).filter((key) => !ARG_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new ArgumentError(
      unknown.map((key) => ({
        path: key,
        message: "is not an argument of kms.getSecrets (see docs/migrating.md)",
      })),
    );
  }
}

/** The native lookup's arguments for `args` (enableDetails = details and values, as the peer). */
function lookupArgs(args: GetSecretsArgs): NativeArgs {
  const { enableDetails, fetchTags, filters, ids, nameRegex, tags } = args;
  return { enableDetails, fetchValues: enableDetails, fetchTags, filters, ids, nameRegex, tags };
}

/** The same over Inputs (the native Output form resolves them; `undefined` reads as absent). */
function lookupOutputArgs(args: GetSecretsOutputArgs): NativeOutputArgs {
  const { enableDetails, fetchTags, filters, ids, nameRegex, tags } = args;
  const mapped = {
    enableDetails,
    fetchValues: enableDetails,
    fetchTags,
    filters,
    ids,
    nameRegex,
    tags,
  };
  return mapped as NativeOutputArgs;
}

/** Tag keys the peer leaves out of results (Terraform's `ignoredTags`): Alibaba Cloud's own tags. */
const SYSTEM_TAG_PREFIXES = ["aliyun", "acs:", "http://", "https://"];

/** The tags the peer returns: without Alibaba Cloud's own (`acs:*`, `aliyun*`, URL keys). */
function userTags(tags: Readonly<Record<string, string>>): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const [key, value] of Object.entries(tags)) {
    if (SYSTEM_TAG_PREFIXES.some((prefix) => key.startsWith(prefix))) continue;
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function peerSecret(s: Secret): GetSecretsSecret {
  return {
    arn: s.arn ?? "",
    description: s.description ?? "",
    encryptionKeyId: s.encryptionKeyId ?? "",
    id: s.id,
    plannedDeleteTime: s.plannedDeleteTime ?? "",
    secretData: s.secretData ?? "",
    secretDataType: s.secretDataType ?? "",
    secretName: s.secretName,
    secretType: s.secretType,
    tags: userTags(s.tags),
    versionId: s.versionId ?? "",
    versionStages: s.versionStages ?? [],
  };
}

/** A record of `outputFile`, with the fields Terraform sets (details only with enableDetails). */
function outputRecord(s: Secret, details: boolean): OutputRecord {
  const record: OutputRecord = {
    id: s.id,
    planned_delete_time: s.plannedDeleteTime ?? null,
    secret_name: s.secretName,
    secret_type: s.secretType,
    tags: userTags(s.tags),
  };
  if (!details) return record;
  return {
    ...record,
    arn: s.arn ?? null,
    description: s.description ?? "",
    encryption_key_id: s.encryptionKeyId ?? null,
    secret_data: s.secretData ?? null,
    secret_data_type: s.secretDataType ?? null,
    version_id: s.versionId ?? null,
    version_stages: s.versionStages ?? null,
  };
}

async function toPeerResult(native: NativeResult, args: GetSecretsArgs): Promise<GetSecretsResult> {
  const details = args.enableDetails === true;
  if (args.outputFile) {
    await writeOutputFile(
      args.outputFile,
      native.secrets.map((s) => outputRecord(s, details)),
    );
  }
  const result: { -readonly [K in keyof GetSecretsResult]: GetSecretsResult[K] } = {
    enableDetails: details,
    id: native.id,
    ids: native.ids,
    names: native.names,
    secrets: native.secrets.map(peerSecret),
  };
  if (args.fetchTags !== undefined) result.fetchTags = args.fetchTags;
  if (args.filters !== undefined) result.filters = args.filters;
  if (args.nameRegex !== undefined) result.nameRegex = args.nameRegex;
  if (args.outputFile !== undefined) result.outputFile = args.outputFile;
  if (args.tags !== undefined) result.tags = { ...args.tags };
  return result;
}

/**
 * Lists every KMS secret matching `args`, sorted by name, or rejects (complete or fail).
 *
 * **The values in this Promise are plain**: with `enableDetails`, `secrets[].secretData` holds
 * each secret's value in plaintext. Keep it out of logs and exports, or use
 * `getSecretsOutput`, whose result is a secret Output.
 */
export async function getSecrets(
  args: GetSecretsArgs = {},
  opts: pulumi.InvokeOptions = {},
): Promise<GetSecretsResult> {
  checkKeys(args);
  const native = await nativeGetSecrets(lookupArgs(args), opts);
  return toPeerResult(native, args);
}

/**
 * `getSecrets` over `pulumi.Input` arguments. With `enableDetails` the whole result is a
 * secret Output (it holds values); `pulumi.unsecret(result.names)` gives names back plain.
 */
export function getSecretsOutput(
  args: GetSecretsOutputArgs = {},
  opts: pulumi.InvokeOutputOptions = {},
): pulumi.Output<GetSecretsResult> {
  checkKeys(args);
  const native = nativeGetSecretsOutput(lookupOutputArgs(args), opts);
  return pulumi.all([native, pulumi.output(args)]).apply(([listing, plainArgs]) => {
    const result = toPeerResult(listing as NativeResult, plainArgs as GetSecretsArgs);
    return (plainArgs as GetSecretsArgs).enableDetails === true ? secretResult(result) : result;
  });
}
