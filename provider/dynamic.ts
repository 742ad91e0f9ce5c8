/**
 * The SecretsLookup dynamic provider's methods, as the engine's host calls them through the
 * serialized stub (`./dynamicStub`, which requires this package by name at call time). Only
 * type imports from `@pulumi/pulumi`. Why it is built this way: docs/pulumi.md.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ArgumentError } from "../core/args";
import type { ParsedRegionLookupArgs } from "../core/regionArgs";
import type { GetSecretsResult, Secret } from "../core/types";
import {
  ACCOUNT_SETTINGS_KEY,
  accountSettingsChanged,
  accountSettingsOf,
  type ProviderAccountSettings,
} from "./dynamicAccount";
import { argsOf, changedKeys, checkFailures, recordOf, toFailures } from "./dynamicArgs";
import { secretsDetailedDiff, type PropertyDiff } from "./dynamicDiff";
import {
  checkedOrFresh,
  checkedResult,
  lookup,
  lookupInput,
  rememberChecked,
} from "./dynamicLookup";
import { OBSERVED_KEY } from "./dynamicObserved";
import {
  ARGS_KEY,
  FINGERPRINT_KEY,
  checkedInputs,
  toOutputs,
  type LookupInputs,
  type SecretsLookupState,
} from "./dynamicOutputs";
import {
  UNKNOWN_VALUE,
  containsUnknown,
  fingerprintOf,
  unwrapSecrets,
  wrapSecret,
} from "./dynamicState";

export { argsOf, checkFailures, toPropertyPath } from "./dynamicArgs";
export { configure, resetDynamicProviderState } from "./dynamicLookup";
export {
  ARGS_KEY,
  FINGERPRINT_KEY,
  SECRET_OUTPUTS,
  VALUE_OUTPUTS,
  fetchesValues,
  toOutputs,
  type LookupInputs,
  type SecretsLookupOutputs,
  type SecretsLookupState,
} from "./dynamicOutputs";

export async function check(
  _olds: LookupInputs,
  news: LookupInputs,
): Promise<pulumi.dynamic.CheckResult<LookupInputs>> {
  const plain = unwrapSecrets(news);
  const args = argsOf(plain);
  let settings: ProviderAccountSettings | undefined;
  try {
    settings = accountSettingsOf(plain);
  } catch (err) {
    if (err instanceof ArgumentError) return { inputs: args, failures: toFailures(err) };
    throw err;
  }
  // stored as an engine secret; a wholly unknown one (preview) stays the engine's sentinel
  const withSettings = {
    ...args,
    ...(settings
      ? {
          // a partly unknown one is wrapped too: its known credentials stay secret
          [ACCOUNT_SETTINGS_KEY]:
            (settings as unknown) === UNKNOWN_VALUE ? settings : wrapSecret(settings),
        }
      : {}),
  };
  // Unknown arguments or account (preview): the known arguments are checked, nothing is listed.
  if (containsUnknown(args) || containsUnknown(settings)) {
    const failures = checkFailures(args);
    if (failures.length > 0) return { inputs: withSettings, failures };
    return { inputs: { ...withSettings, [OBSERVED_KEY]: UNKNOWN_VALUE }, failures };
  }
  let parsed: ParsedRegionLookupArgs;
  try {
    parsed = lookupInput(args); // the one parse; the lookup takes it as is
  } catch (err) {
    if (!(err instanceof ArgumentError)) throw err;
    // every bad field, not only those of the step the parse stopped at
    return { inputs: withSettings, failures: unionFailures(checkFailures(args), toFailures(err)) };
  }
  let result: GetSecretsResult;
  try {
    result = await lookup(parsed, settings);
  } catch (err) {
    if (err instanceof ArgumentError) return { inputs: withSettings, failures: toFailures(err) };
    throw err;
  }
  const fingerprint = fingerprintOf(result);
  rememberChecked(args, settings, fingerprint, result);
  return { inputs: checkedInputs(args, fingerprint, result, settings) };
}

function unionFailures(...lists: pulumi.dynamic.CheckFailure[][]): pulumi.dynamic.CheckFailure[] {
  const seen = new Set<string>();
  return lists.flat().filter((f) => {
    const key = `${f.property}\u0000${f.reason}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** The engine's diff result, with the detailed diff (which a host may forward or drop). */
export type DetailedDiffResult = pulumi.dynamic.DiffResult & {
  detailedDiff?: Record<string, PropertyDiff>;
};

export async function diff(
  _id: string,
  olds: LookupInputs,
  news: LookupInputs,
): Promise<DetailedDiffResult> {
  const plainNews = unwrapSecrets(news);
  const plainOlds = unwrapSecrets(olds);
  const newArgs = argsOf(plainNews);
  const settings = accountSettingsOf(plainNews);
  if (containsUnknown(newArgs) || containsUnknown(settings)) return { changes: true };
  const oldArgs = recordOf(plainOlds[ARGS_KEY]);
  const changed = changedKeys(oldArgs, newArgs);
  // The resource id is a hash of the query: a different query is a different resource.
  if (changed.length > 0) return { changes: true, replaces: changed };
  // Another account or region of an explicit provider is a change of the lookup.
  const accountDiff: Record<string, PropertyDiff> = accountSettingsChanged(
    accountSettingsOf(plainOlds),
    settings,
  )
    ? { [ACCOUNT_SETTINGS_KEY]: { kind: "update", inputDiff: true } }
    : {};
  const checked = plainNews[FINGERPRINT_KEY];
  const fresh =
    typeof checked === "string"
      ? checkedResult(newArgs, settings, checked)
      : await lookup(newArgs, settings);
  const fingerprint =
    typeof checked === "string" ? checked : fingerprintOf(fresh as GetSecretsResult);
  const listingChanged = fingerprint !== plainOlds[FINGERPRINT_KEY];
  if (!listingChanged && Object.keys(accountDiff).length === 0) return { changes: false };
  // Name what changed: secrets added or removed, and each field changed (never a value).
  const oldSecrets = plainOlds["secrets"];
  const result = listingChanged ? (fresh ?? (await lookup(newArgs, settings))) : undefined;
  const detailedDiff = {
    ...accountDiff,
    ...(result && Array.isArray(oldSecrets)
      ? secretsDetailedDiff(oldSecrets as Secret[], result.secrets)
      : {}),
  };
  return Object.keys(detailedDiff).length > 0 ? { changes: true, detailedDiff } : { changes: true };
}

export async function create(
  inputs: LookupInputs,
): Promise<pulumi.dynamic.CreateResult<SecretsLookupState>> {
  const plain = unwrapSecrets(inputs);
  const args = argsOf(plain);
  const settings = accountSettingsOf(plain);
  const result = await checkedOrFresh(args, settings, plain[FINGERPRINT_KEY]);
  return { id: result.id, outs: toOutputs(args, result, settings) };
}

export async function read(
  id: string,
  props?: LookupInputs,
): Promise<pulumi.dynamic.ReadResult<SecretsLookupState | LookupInputs>> {
  // `pulumi import` has only the id, which does not reveal the query: list everything.
  const plain = unwrapSecrets(props ?? {});
  const args = recordOf(plain[ARGS_KEY]);
  // Refresh lists the account the last update stored (Read gets no new inputs).
  const settings = accountSettingsOf(plain);
  const result = await lookup(args, settings);
  const outs = toOutputs(args, result, settings);
  return { id, props: outs, inputs: checkedInputs(args, outs.fingerprint, result, settings) };
}

export async function update(
  _id: string,
  _olds: LookupInputs,
  news: LookupInputs,
): Promise<pulumi.dynamic.UpdateResult<SecretsLookupState>> {
  const plain = unwrapSecrets(news);
  const args = argsOf(plain);
  const settings = accountSettingsOf(plain);
  const result = await checkedOrFresh(args, settings, plain[FINGERPRINT_KEY]);
  return { outs: toOutputs(args, result, settings) };
}

/** A lookup has nothing to delete. */
export async function remove(_id: string, _props: LookupInputs): Promise<void> {}
