/**
 * The SecretsLookup dynamic provider's methods, as the engine's host calls them through the
 * serialized stub (`./dynamicStub`, which requires this package by name at call time). Only
 * type imports from `@pulumi/pulumi`. Why it is built this way: docs/pulumi.md.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ArgumentError } from "../core/args";
import type { GetSecretsResult, Secret } from "../core/types";
import { argsOf, changedKeys, checkFailures, recordOf, toFailures } from "./dynamicArgs";
import { secretsDetailedDiff, type PropertyDiff } from "./dynamicDiff";
import { checkedOrFresh, checkedResult, lookup, rememberChecked } from "./dynamicLookup";
import { OBSERVED_KEY } from "./dynamicObserved";
import {
  ARGS_KEY,
  FINGERPRINT_KEY,
  checkedInputs,
  toOutputs,
  type LookupInputs,
  type SecretsLookupState,
} from "./dynamicOutputs";
import { UNKNOWN_VALUE, containsUnknown, fingerprintOf, unwrapSecrets } from "./dynamicState";

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
  const args = argsOf(unwrapSecrets(news));
  const failures = checkFailures(args);
  if (failures.length > 0) return { inputs: args, failures };
  // Unknown arguments (preview): what the lookup will observe is unknown too.
  if (containsUnknown(args))
    return { inputs: { ...args, [OBSERVED_KEY]: UNKNOWN_VALUE }, failures };
  let result: GetSecretsResult;
  try {
    result = await lookup(args);
  } catch (err) {
    if (err instanceof ArgumentError) return { inputs: args, failures: toFailures(err) };
    throw err;
  }
  const fingerprint = fingerprintOf(result);
  rememberChecked(args, fingerprint, result);
  return { inputs: checkedInputs(args, fingerprint, result) };
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
  if (containsUnknown(newArgs)) return { changes: true };
  const oldArgs = recordOf(plainOlds[ARGS_KEY]);
  const changed = changedKeys(oldArgs, newArgs);
  // The resource id is a hash of the query: a different query is a different resource.
  if (changed.length > 0) return { changes: true, replaces: changed };
  const checked = plainNews[FINGERPRINT_KEY];
  const fresh =
    typeof checked === "string" ? checkedResult(newArgs, checked) : await lookup(newArgs);
  const fingerprint =
    typeof checked === "string" ? checked : fingerprintOf(fresh as GetSecretsResult);
  if (fingerprint === plainOlds[FINGERPRINT_KEY]) return { changes: false };
  // Name what changed: secrets added or removed, and each field changed (never a value).
  const oldSecrets = plainOlds["secrets"];
  const result = fresh ?? (await lookup(newArgs));
  const detailedDiff = Array.isArray(oldSecrets)
    ? secretsDetailedDiff(oldSecrets as Secret[], result.secrets)
    : {};
  return Object.keys(detailedDiff).length > 0 ? { changes: true, detailedDiff } : { changes: true };
}

export async function create(
  inputs: LookupInputs,
): Promise<pulumi.dynamic.CreateResult<SecretsLookupState>> {
  const plain = unwrapSecrets(inputs);
  const args = argsOf(plain);
  const result = await checkedOrFresh(args, plain[FINGERPRINT_KEY]);
  return { id: result.id, outs: toOutputs(args, result) };
}

export async function read(
  id: string,
  props?: LookupInputs,
): Promise<pulumi.dynamic.ReadResult<SecretsLookupState | LookupInputs>> {
  // `pulumi import` has only the id, which does not reveal the query: list everything.
  const args = recordOf(unwrapSecrets(props ?? {})[ARGS_KEY]);
  const result = await lookup(args);
  const outs = toOutputs(args, result);
  return { id, props: outs, inputs: checkedInputs(args, outs.fingerprint, result) };
}

export async function update(
  _id: string,
  _olds: LookupInputs,
  news: LookupInputs,
): Promise<pulumi.dynamic.UpdateResult<SecretsLookupState>> {
  const plain = unwrapSecrets(news);
  const args = argsOf(plain);
  const result = await checkedOrFresh(args, plain[FINGERPRINT_KEY]);
  return { outs: toOutputs(args, result) };
}

/** A lookup has nothing to delete. */
export async function remove(_id: string, _props: LookupInputs): Promise<void> {}
