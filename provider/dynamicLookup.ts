/**
 * The provider's per-process state (never serialized): the stack config `configure` keeps,
 * the lookup run with it (errors redacted), and the results `check` listed for create/update
 * of the same deployment to reuse. Credentials are read at call time only.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ArgumentError } from "../core/args";
import { KmsError, redact } from "../core/errors";
import {
  isParsedRegionLookupArgs,
  parseRegionLookupArgs,
  type ParsedRegionLookupArgs,
} from "../core/regionArgs";
import { lookupSecrets, type RegionLookupArgs } from "../core/regions";
import type { GetSecretsResult } from "../core/types";
import {
  KNOWN_STACK_CONFIG_KEYS,
  isLookupConfigKey,
  sensitiveValues,
  withDefaultEndpoint,
} from "./dynamicContext";
import { accountScope, type ProviderAccountSettings } from "./dynamicAccount";
import type { LookupInputs } from "./dynamicOutputs";
import { canonicalJson } from "./dynamicState";

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

/**
 * The lookup input, parsed once (core/regionArgs.ts): the arguments with `endpoint` defaulted
 * from `kms-secrets:endpoint` / `ALIBABA_CLOUD_KMS_ENDPOINT` unless per-region `endpoints` are
 * given. Parsed input is returned as is. Throws an ArgumentError naming the bad fields.
 */
export function lookupInput(args: LookupInputs | ParsedRegionLookupArgs): ParsedRegionLookupArgs {
  if (isParsedRegionLookupArgs(args)) return args;
  const regional = args as RegionLookupArgs;
  return parseRegionLookupArgs(withDefaultEndpoint(regional, stackConfig, process.env));
}

/**
 * Lists what `args` select, in the account of an explicit provider's `settings` when given
 * (the stack's `alicloud:*` config is then not read), else the stack config's and the
 * environment's; or throws a redacted error.
 */
export async function lookup(
  args: LookupInputs | ParsedRegionLookupArgs,
  settings?: ProviderAccountSettings,
): Promise<GetSecretsResult> {
  const env = process.env;
  try {
    return await lookupSecrets(lookupInput(args), {
      config: stackConfig,
      env,
      ...(settings !== undefined ? { provider: settings } : {}),
    });
  } catch (err) {
    throw safeError(err, [
      ...sensitiveValues(stackConfig, env),
      ...sensitiveValues(settings ?? {}, {}),
    ]);
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

function checkedKey(
  args: LookupInputs,
  fingerprint: string,
  settings: ProviderAccountSettings | undefined,
): string {
  return `${fingerprint}:${accountScope(settings)}:${canonicalJson(args)}`;
}

/** Keeps the result `check` just listed, so create/update in the same deployment reuse it. */
export function rememberChecked(
  args: LookupInputs,
  settings: ProviderAccountSettings | undefined,
  fingerprint: string,
  result: GetSecretsResult,
): void {
  checkedResults.set(checkedKey(args, fingerprint, settings), result);
  while (checkedResults.size > MAX_CHECKED_RESULTS) {
    const oldest = checkedResults.keys().next().value;
    if (oldest === undefined) break;
    checkedResults.delete(oldest);
  }
}

/** The result `check` listed for these arguments, if still kept (not consumed). */
export function checkedResult(
  args: LookupInputs,
  settings: ProviderAccountSettings | undefined,
  fingerprint: string,
): GetSecretsResult | undefined {
  return checkedResults.get(checkedKey(args, fingerprint, settings));
}

/** The result `check` listed (consumed), else a fresh lookup. */
export async function checkedOrFresh(
  args: LookupInputs,
  settings: ProviderAccountSettings | undefined,
  fingerprint: unknown,
): Promise<GetSecretsResult> {
  if (typeof fingerprint === "string") {
    const key = checkedKey(args, fingerprint, settings);
    const cached = checkedResults.get(key);
    if (cached) {
      checkedResults.delete(key);
      return cached;
    }
  }
  return lookup(args, settings);
}

/** For tests: forget configure's stack config and the checked results. */
export function resetDynamicProviderState(): void {
  stackConfig = {};
  checkedResults.clear();
}
