/**
 * `SecretsLookup`: the dynamic-resource face of the data source, keeping the listing in
 * state so `pulumi preview --expect-no-changes` shows drift. What is serialized is the
 * stub of provider/dynamicStub.ts. Details: docs/pulumi.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT_SETTINGS_KEY } from "../provider/dynamicAccount";
import { SECRET_OUTPUTS, VALUE_OUTPUTS } from "../provider/dynamicOutputs";
import { secretsLookupProvider } from "../provider/dynamicStub";
import { secretsLookupOptions } from "./providerOptions";
import type { LookupArgs, Secret, UnreadableRegion } from "../core/types";
import type { GetSecretsOutputArgs } from "./types";

/** Arguments of a SecretsLookup: the same as `getSecretsOutput`. */
export type SecretsLookupArgs = GetSecretsOutputArgs;

/** The resource type token: `pulumi-nodejs:dynamic/kms-secrets:SecretsLookup`. */
export const SECRETS_LOOKUP_MODULE = "kms-secrets";
export const SECRETS_LOOKUP_TYPE = "SecretsLookup";

export class SecretsLookup extends pulumi.dynamic.Resource {
  // `declare`: the outputs are set by the Resource constructor; a class field would reset them.
  /** The region listed (resolved from the argument, stack config or environment). */
  declare readonly region: pulumi.Output<string>;
  /** Secret names, sorted (`id` of each secret is its name). */
  declare readonly ids: pulumi.Output<string[]>;
  declare readonly names: pulumi.Output<string[]>;
  /**
   * Every matching secret's metadata (and details with `enableDetails`), sorted by name.
   * With `fetchValues` it holds the values too and is a secret output, stored encrypted.
   */
  declare readonly secrets: pulumi.Output<Secret[]>;
  /**
   * With `enableDetails` or `fetchValues`: the names of secrets whose calls were denied
   * (`skipForbidden`); `undefined` otherwise.
   */
  declare readonly forbidden: pulumi.Output<string[] | undefined>;
  /** With several `regions`: the regions listed, sorted; `undefined` otherwise. */
  declare readonly regions: pulumi.Output<string[] | undefined>;
  /** With `allowUnreadableRegions`: the regions whose listing failed; `undefined` otherwise. */
  declare readonly unreadableRegions: pulumi.Output<UnreadableRegion[] | undefined>;
  /**
   * sha256 of the canonical result: changes whenever any listed secret changes. A secret
   * output with `fetchValues` (it hashes the values).
   */
  declare readonly fingerprint: pulumi.Output<string>;
  /**
   * The lookup arguments as given (what a query change is detected against). Always a
   * secret output: an argument that is secret in the program must not land in state in
   * plaintext, and the provider cannot tell which ones were.
   */
  declare readonly args: pulumi.Output<LookupArgs>;

  /**
   * `opts.provider` (an `@pulumi/alicloud` Provider, or one `opts.parent` passes down) chooses
   * the account and region, over stack config; its settings are stored as a secret input.
   * Another package's provider is refused.
   */
  constructor(name: string, args: SecretsLookupArgs = {}, opts: pulumi.CustomResourceOptions = {}) {
    const { accountSettings, opts: ownOpts } = secretsLookupOptions(opts);
    const secretOutputs = [
      ...new Set([
        ...SECRET_OUTPUTS,
        ...(accountSettings ? [ACCOUNT_SETTINGS_KEY] : []),
        ...(mayFetchValues(args.fetchValues) ? VALUE_OUTPUTS : []),
        ...(ownOpts.additionalSecretOutputs ?? []),
      ]),
    ];
    super(
      secretsLookupProvider,
      name,
      {
        ...args,
        region: args.region,
        ids: args.ids, // an input (exact names) and an output (the names listed)
        names: undefined,
        secrets: undefined,
        forbidden: undefined,
        unreadableRegions: undefined,
        fingerprint: undefined,
        args: undefined,
        accountSettings,
      },
      { ...ownOpts, additionalSecretOutputs: secretOutputs },
      SECRETS_LOOKUP_MODULE,
      SECRETS_LOOKUP_TYPE,
    );
  }
}

/**
 * Whether `fetchValues` may turn out true. Secret outputs are fixed when the resource is
 * constructed, before an Output argument resolves, so anything but a literal `false` or
 * absence counts as true: a value is never stored in plaintext because it arrived late.
 */
export function mayFetchValues(fetchValues: SecretsLookupArgs["fetchValues"]): boolean {
  return fetchValues !== undefined && fetchValues !== false;
}
