/**
 * The SecretsLookup dynamic provider, as the engine's dynamic-provider host runs it.
 *
 * The host never sees this module's code in state: it deserializes the tiny object from
 * `./dynamicStub`, whose methods `require` this module by package name at call time. So
 * this module may hold per-process state (the stack config from `configure`, a small
 * result cache) without any of it being serialized, and credentials are read only at
 * call time, from `configure` or the environment.
 *
 * Only type imports from `@pulumi/pulumi`: the host already runs it, and the CLI side of
 * the package must not need it.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  ArgumentError,
  argumentCombinationIssues,
  lookupArgsSchema,
  toArgumentIssues,
} from "../core/args";
import { KmsError, redact } from "../core/errors";
import {
  isRegionsArgKey,
  lookupSecrets,
  REGION_ARG_KEYS,
  splitRegionArgs,
  type RegionLookupArgs,
} from "../core/regions";
import type { GetSecretsResult, Secret, SecretsLookupOutputs } from "../core/types";
import { secretsDetailedDiff, type PropertyDiff } from "./dynamicDiff";
import { OBSERVED_KEY, observedOf } from "./dynamicObserved";
import {
  KNOWN_STACK_CONFIG_KEYS,
  isLookupConfigKey,
  sensitiveValues,
  withDefaultEndpoint,
} from "./dynamicContext";
import {
  PROVIDER_KEY,
  UNKNOWN_VALUE,
  canonicalJson,
  containsUnknown,
  fingerprintOf,
  stripUndefined,
  unwrapSecrets,
  wrapSecret,
  type WrappedSecret,
} from "./dynamicState";

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
 * Value-bearing outputs are in VALUE_OUTPUTS.
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
};

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

// ---- per-process state (never serialized) ----

let stackConfig: Record<string, string> = {};
const checkedResults = new Map<string, GetSecretsResult>();
const MAX_CHECKED_RESULTS = 16;

/** Called once per host process with the stack's config; keeps the lookup-relevant keys. */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  stackConfig = readLookupConfig(req.config);
}

function readLookupConfig(config: pulumi.dynamic.Config): Record<string, string> {
  const keys = new Set(KNOWN_STACK_CONFIG_KEYS);
  // The host's Config keeps the whole map in `rawConfig`; enumerate it when present.
  const raw: unknown = (config as { rawConfig?: unknown }).rawConfig;
  if (raw !== null && typeof raw === "object") {
    for (const key of Object.keys(raw)) if (isLookupConfigKey(key)) keys.add(key);
  }
  const out: Record<string, string> = {};
  for (const key of [...keys].sort()) {
    const value: unknown = config.get(key);
    if (typeof value === "string") out[key] = value;
    // The engine may hand a structured value (alicloud:assumeRole, alicloud:endpoints) over
    // as an object: keep it as the JSON text core/accountSettings.ts reads.
    else if (value !== undefined && value !== null) out[key] = JSON.stringify(value);
  }
  return out;
}

// ---- ResourceProvider methods ----

export async function check(
  _olds: LookupInputs,
  news: LookupInputs,
): Promise<pulumi.dynamic.CheckResult<LookupInputs>> {
  const args = argsOf(unwrapSecrets(news));
  const failures = validate(args);
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

/**
 * The checked inputs: the arguments, the fingerprint, and the per-secret summary that makes
 * the engine's input diff name what changed (hosts drop a provider's detailed diff).
 */
function checkedInputs(
  args: LookupInputs,
  fingerprint: string | WrappedSecret<string>,
  result: GetSecretsResult,
): LookupInputs {
  return {
    ...args,
    [FINGERPRINT_KEY]:
      typeof fingerprint === "string" ? fingerprintProperty(args, fingerprint) : fingerprint,
    [OBSERVED_KEY]: observedOf(result.secrets),
  };
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

// ---- helpers ----

const NOT_ARGS = new Set([PROVIDER_KEY, FINGERPRINT_KEY, OBSERVED_KEY]);

/** The lookup arguments among a property bag: all but the provider, fingerprint and summary. */
export function argsOf(props: LookupInputs): LookupInputs {
  const out: LookupInputs = {};
  for (const [key, value] of Object.entries(props)) {
    if (!NOT_ARGS.has(key) && value !== undefined) out[key] = value;
  }
  return stripUndefined(out);
}

function recordOf(value: unknown): LookupInputs {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? argsOf(value as LookupInputs)
    : {};
}

/**
 * Validates the arguments with the core's schema, one failure per bad field. Arguments
 * that are unknown (preview) are skipped; the rest are still checked.
 */
export function validate(args: LookupInputs): pulumi.dynamic.CheckFailure[] {
  const schema = lookupArgsSchema();
  const allowed = [...Object.keys(schema.shape), ...REGION_ARG_KEYS];
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const known: LookupInputs = {};
  const regionArgs: LookupInputs = {};
  for (const [key, value] of Object.entries(args)) {
    if (isRegionsArgKey(key)) {
      if (!containsUnknown(value)) regionArgs[key] = value;
    } else if (!allowed.includes(key)) {
      failures.push({
        property: key,
        reason: `is not a SecretsLookup argument (expected one of: ${allowed.join(", ")})`,
      });
    } else if (!containsUnknown(value)) {
      known[key] = value;
    }
  }
  const parsed = schema.safeParse(known);
  if (!parsed.success)
    failures.push(...toFailures(new ArgumentError(toArgumentIssues(parsed.error))));
  try {
    splitRegionArgs({
      ...regionArgs,
      ...(known["region"] ? { region: known["region"] as string } : {}),
    });
  } catch (err) {
    if (err instanceof ArgumentError) failures.push(...toFailures(err));
    else throw err;
  }
  // Combinations only when every argument is known (an unknown one may complete them).
  if (Object.keys(known).length === Object.keys(args).length) {
    const combinations = argumentCombinationIssues(known);
    if (combinations.length > 0) failures.push(...toFailures(new ArgumentError(combinations)));
  }
  return failures;
}

function toFailures(error: ArgumentError): pulumi.dynamic.CheckFailure[] {
  return error.issues.map((issue) => ({
    property: toPropertyPath(issue.path),
    reason: issue.message,
  }));
}

/** `filters.0.Key` → `filters[0].Key`, the engine's property path syntax. */
export function toPropertyPath(dotted: string): string {
  return dotted
    .split(".")
    .filter((part) => part !== "")
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join("");
}

function changedKeys(olds: LookupInputs, news: LookupInputs): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((key) => canonicalJson(olds[key]) !== canonicalJson(news[key])).sort();
}

/**
 * The outputs of a lookup result. With `fetchValues`, `secrets` and `fingerprint` are
 * returned wrapped as engine secrets (VALUE_OUTPUTS); `names`, `ids`, `region` and
 * `forbidden` hold no value and stay plain.
 */
export function toOutputs(args: LookupInputs, result: GetSecretsResult): SecretsLookupState {
  const fingerprint = fingerprintOf(result);
  const secretValues = fetchesValues(args);
  const outs: SecretsLookupState = {
    region: result.region,
    ids: result.ids,
    names: result.names,
    secrets: secretValues ? wrapSecret(result.secrets) : result.secrets,
    fingerprint: secretValues ? wrapSecret(fingerprint) : fingerprint,
    args,
  };
  if (result.forbidden !== undefined) outs.forbidden = result.forbidden;
  if (result.regions !== undefined) outs.regions = result.regions;
  if (result.unreadableRegions !== undefined) outs.unreadableRegions = result.unreadableRegions;
  return stripUndefined(outs);
}

async function lookup(args: LookupInputs): Promise<GetSecretsResult> {
  const env = process.env;
  try {
    const regional = args as RegionLookupArgs;
    const withEndpoint = regional.endpoints
      ? regional
      : { ...regional, ...withDefaultEndpoint(regional, stackConfig, env) };
    return await lookupSecrets(withEndpoint, {
      config: stackConfig,
      env,
    });
  } catch (err) {
    throw safeError(err, sensitiveValues(stackConfig, env));
  }
}

/** The core's typed errors are redacted already; anything else is redacted here. */
function safeError(err: unknown, known: string[]): Error {
  if (err instanceof KmsError) {
    return known.some((value) => value.length >= 4 && err.message.includes(value))
      ? new Error(redact(err.message, known))
      : err;
  }
  if (err instanceof ArgumentError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const safe = new Error(redact(message, known));
  safe.name = err instanceof Error ? err.name : "Error";
  return safe;
}

function checkedKey(args: LookupInputs, fingerprint: string): string {
  return `${fingerprint}:${canonicalJson(args)}`;
}

/** Keeps the result `check` just listed, so create/update in the same deployment reuse it. */
function rememberChecked(args: LookupInputs, fingerprint: string, result: GetSecretsResult): void {
  checkedResults.set(checkedKey(args, fingerprint), result);
  while (checkedResults.size > MAX_CHECKED_RESULTS) {
    const oldest = checkedResults.keys().next().value;
    if (oldest === undefined) break;
    checkedResults.delete(oldest);
  }
}

/** The result `check` listed for these arguments, if still kept (not consumed). */
function checkedResult(args: LookupInputs, fingerprint: string): GetSecretsResult | undefined {
  return checkedResults.get(checkedKey(args, fingerprint));
}

async function checkedOrFresh(args: LookupInputs, fingerprint: unknown): Promise<GetSecretsResult> {
  if (typeof fingerprint === "string") {
    const key = checkedKey(args, fingerprint);
    const cached = checkedResults.get(key);
    if (cached) {
      checkedResults.delete(key);
      return cached;
    }
  }
  return lookup(args);
}

/** For tests: forget configure's stack config and the checked results. */
export function resetDynamicProviderState(): void {
  stackConfig = {};
  checkedResults.clear();
}
