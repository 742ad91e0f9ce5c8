/**
 * What a SecretsLookup returns to the engine: the output and checked-input property names,
 * which of them are secret, and how a lookup result becomes outputs (values wrapped as
 * engine secrets). No runtime dependency on `@pulumi/pulumi`.
 */
import type { GetSecretsResult, Secret, SecretsLookupOutputs } from "../core/types";
import { ACCOUNT_SETTINGS_KEY, type ProviderAccountSettings } from "./dynamicAccount";
import { OBSERVED_KEY, observedOf } from "./dynamicObserved";
import { fingerprintOf, stripUndefined, wrapSecret, type WrappedSecret } from "./dynamicState";

/** The checked-input and output property holding the drift fingerprint. */
export const FINGERPRINT_KEY = "fingerprint";
/** The output property holding the lookup arguments as given (what `diff` compares). */
export const ARGS_KEY = "args";

/**
 * Output properties that may hold secret material and are always stored encrypted (the
 * SDK passes them as `additionalSecretOutputs`).
 * - `args`: the arguments as given. Some may be secret in the program, but the engine
 *   sends a dynamic provider plain values, and it re-marks only outputs that have the
 *   same name as a secret input. So the provider cannot tell which ones were secret.
 * Value-bearing outputs are in VALUE_OUTPUTS; an explicit provider's `accountSettings` (keys
 * included) are always returned wrapped, and the SDK names them too when it sets them.
 */
export const SECRET_OUTPUTS: readonly string[] = [ARGS_KEY];

/**
 * Output properties that carry secret values when `fetchValues` is set: `secrets` holds
 * `secretData`, and `fingerprint` is a hash over it (a plain sha256 of a result whose
 * only unknown is a weak password could be brute-forced). With `fetchValues` the provider
 * returns them as engine secrets itself (so state holds them encrypted whatever the
 * program's options), and the SDK adds them to `additionalSecretOutputs` as well.
 */
export const VALUE_OUTPUTS: readonly string[] = ["secrets", FINGERPRINT_KEY];

/** The lookup arguments as they appear in inputs and state. */
export type LookupInputs = Record<string, unknown>;

/** The outputs of a SecretsLookup: GetSecretsResult (minus `id`, which is the resource id) and more. */
export type { SecretsLookupOutputs };

/** What the provider returns: the outputs, with the value-bearing ones wrapped as secrets. */
export type SecretsLookupState = Omit<SecretsLookupOutputs, "secrets" | "fingerprint"> & {
  secrets: Secret[] | WrappedSecret<Secret[]>;
  fingerprint: string | WrappedSecret<string>;
  /** An explicit provider's settings, always wrapped; absent without one. */
  accountSettings?: WrappedSecret<ProviderAccountSettings>;
};

/** The settings as a property: always an engine secret; nothing without a provider. */
function settingsProperty(settings: ProviderAccountSettings | undefined): {
  accountSettings?: WrappedSecret<ProviderAccountSettings>;
} {
  return settings === undefined ? {} : { [ACCOUNT_SETTINGS_KEY]: wrapSecret(settings) };
}

/** True when the lookup fetches values, so its results are secret material. */
export function fetchesValues(args: LookupInputs): boolean {
  return args["fetchValues"] === true;
}

/** The fingerprint as it goes back to the engine: a secret when the result holds values. */
function fingerprintProperty(
  args: LookupInputs,
  fingerprint: string,
): string | WrappedSecret<string> {
  return fetchesValues(args) ? wrapSecret(fingerprint) : fingerprint;
}

/**
 * The checked inputs: the arguments, the fingerprint, the per-secret summary that makes the
 * engine's input diff name what changed (hosts drop a provider's detailed diff), and an
 * explicit provider's settings (wrapped).
 */
export function checkedInputs(
  args: LookupInputs,
  fingerprint: string | WrappedSecret<string>,
  result: GetSecretsResult,
  settings?: ProviderAccountSettings,
): LookupInputs {
  return {
    ...args,
    ...settingsProperty(settings),
    [FINGERPRINT_KEY]:
      typeof fingerprint === "string" ? fingerprintProperty(args, fingerprint) : fingerprint,
    [OBSERVED_KEY]: observedOf(result.secrets),
  };
}

/**
 * The outputs of a lookup result. With `fetchValues`, `secrets` and `fingerprint` are
 * returned wrapped as engine secrets (VALUE_OUTPUTS); `names`, `ids`, `region` and
 * `forbidden` hold no value and stay plain. An explicit provider's settings are always wrapped.
 */
export function toOutputs(
  args: LookupInputs,
  result: GetSecretsResult,
  settings?: ProviderAccountSettings,
): SecretsLookupState {
  const fingerprint = fingerprintOf(result);
  const secretValues = fetchesValues(args);
  const outs: SecretsLookupState = {
    region: result.region,
    ids: result.ids,
    names: result.names,
    secrets: secretValues ? wrapSecret(result.secrets) : result.secrets,
    fingerprint: secretValues ? wrapSecret(fingerprint) : fingerprint,
    args,
    ...settingsProperty(settings),
  };
  if (result.forbidden !== undefined) outs.forbidden = result.forbidden;
  if (result.regions !== undefined) outs.regions = result.regions;
  if (result.unreadableRegions !== undefined) outs.unreadableRegions = result.unreadableRegions;
  return stripUndefined(outs);
}
