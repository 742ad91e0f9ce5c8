/**
 * One secret's value, the commonest need: one GetSecretValue call, no listing. The Output
 * forms are secret Outputs; the Promise forms hold the value in plaintext. The JSON forms
 * read RDS, RAM or any JSON-object secret into a typed object.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseSecretJson, type SecretJsonKind, type SecretJsonKinds } from "../core/secretJson";
import { fetchSecretValue, type SecretValueResult } from "../core/secretValue";
import { dependencies, programContext, secretResult } from "./kms/programContext";
import { providerSettings, providerSettingsOutput, type ProviderSettings } from "./providerOptions";

/** Arguments of `getSecretValue`. */
export interface GetSecretValueArgs {
  /** The secret's name, or its ARN for another account's secret. */
  secretName: string;
  /** The stage label of the version to read (`VersionStage`); default `ACSCurrent`. */
  versionStage?: string;
  /** The version id to read (`VersionId`); default the version labelled `versionStage`. */
  versionId?: string;
}

/** Arguments of `getSecretValueOutput`: `GetSecretValueArgs` as `pulumi.Input`s. */
export interface GetSecretValueOutputArgs {
  /** The secret's name, or its ARN for another account's secret. */
  secretName: pulumi.Input<string>;
  /** The stage label of the version to read (`VersionStage`); default `ACSCurrent`. */
  versionStage?: pulumi.Input<string | undefined>;
  /** The version id to read (`VersionId`); default the version labelled `versionStage`. */
  versionId?: pulumi.Input<string | undefined>;
}

/** Arguments of `getSecretJson`: which secret, and how to read its value. */
export interface GetSecretJsonArgs<K extends SecretJsonKind = "json"> extends GetSecretValueArgs {
  /** `rds` ({AccountName, AccountPassword}), `ram` ({AccessKeyId, AccessKeySecret}) or `json` (any object); default `json`. */
  kind?: K;
}

/** Arguments of `getSecretJsonOutput`: `GetSecretJsonArgs` as `pulumi.Input`s (`kind` plain). */
export interface GetSecretJsonOutputArgs<
  K extends SecretJsonKind = "json",
> extends GetSecretValueOutputArgs {
  /** `rds` ({AccountName, AccountPassword}), `ram` ({AccessKeyId, AccessKeySecret}) or `json` (any object); default `json`. */
  kind?: K;
}

async function fetchOne(
  args: GetSecretValueArgs,
  provider: ProviderSettings | undefined,
): Promise<SecretValueResult> {
  const { context, endpoint } = programContext(provider);
  const { secretName, versionStage, versionId } = args;
  return fetchSecretValue(
    {
      secretName,
      ...(versionStage !== undefined ? { versionStage } : {}),
      ...(versionId !== undefined ? { versionId } : {}),
      ...(endpoint !== undefined ? { endpoint } : {}),
    },
    context,
  );
}

/**
 * One secret's value (ACSCurrent unless a stage or id is given), or rejects.
 * **The value in this Promise is plain**: prefer `getSecretValueOutput`, a secret Output.
 * `opts.provider` (an `@pulumi/alicloud` Provider) chooses the account and region, as for `getSecrets`.
 */
export async function getSecretValue(
  args: GetSecretValueArgs,
  opts: pulumi.InvokeOptions = {},
): Promise<string> {
  const provider = await providerSettings("getSecretValue", opts);
  return (await fetchOne(args, provider)).secretData;
}

/** One secret's value as a secret `Output<string>`; waits for `opts.dependsOn`. */
export function getSecretValueOutput(
  args: GetSecretValueOutputArgs,
  opts: pulumi.InvokeOutputOptions = {},
): pulumi.Output<string> {
  const provider = providerSettingsOutput("getSecretValueOutput", opts);
  return pulumi
    .all([pulumi.output(args), dependencies(opts.dependsOn), provider])
    .apply(([plain, , settings]) =>
      secretResult(fetchOne(plain as GetSecretValueArgs, settings).then((v) => v.secretData)),
    );
}

/**
 * One secret's JSON value parsed as `kind`, or rejects (a `SecretFormatError` naming the
 * secret, never quoting the value, when it is not that JSON). **The object is plain.**
 */
export async function getSecretJson<K extends SecretJsonKind = "json">(
  args: GetSecretJsonArgs<K>,
  opts: pulumi.InvokeOptions = {},
): Promise<SecretJsonKinds[K]> {
  const provider = await providerSettings("getSecretJson", opts);
  return readJson(args, provider);
}

async function readJson<K extends SecretJsonKind>(
  args: GetSecretJsonArgs<K>,
  provider: ProviderSettings | undefined,
): Promise<SecretJsonKinds[K]> {
  const { kind, ...which } = args;
  return parseSecretJson(await fetchOne(which, provider), kind ?? ("json" as K));
}

/** One secret's JSON value parsed as `kind`, as a secret Output; waits for `opts.dependsOn`. */
export function getSecretJsonOutput<K extends SecretJsonKind = "json">(
  args: GetSecretJsonOutputArgs<K>,
  opts: pulumi.InvokeOutputOptions = {},
): pulumi.Output<SecretJsonKinds[K]> {
  const provider = providerSettingsOutput("getSecretJsonOutput", opts);
  const { kind, ...which } = args;
  return pulumi
    .all([pulumi.output(which), dependencies(opts.dependsOn), provider])
    .apply(([plain, , settings]) =>
      secretResult(
        readJson({ ...(plain as GetSecretValueArgs), kind: kind ?? ("json" as K) }, settings),
      ),
    ) as pulumi.Output<SecretJsonKinds[K]>;
}
