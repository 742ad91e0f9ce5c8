/**
 * Where the Pulumi faces (the SDK's getSecrets, the SecretsLookup provider) find region,
 * credentials and endpoint at call time: fully qualified stack config keys (`alicloud:region`,
 * `alicloud:accessKey`, ..., `kms-secrets:endpoint`). Nothing here is captured into a closure.
 */
import { ALICLOUD_PREFIX, HONOURED_KEYS, REFUSED_KEYS } from "../core/accountSettings";
import { SENSITIVE_NAME } from "../core/redact";
import { nonBlank } from "../core/text";
import type { RegionLookupArgs } from "../core/types";

/** Stack config key that points every lookup of a stack at another endpoint (e.g. the emulator). */
export const ENDPOINT_CONFIG_KEY = "kms-secrets:endpoint";
/** Environment variable with the same effect, for programs and hosts without that config. */
export const ENDPOINT_ENV_VAR = "ALIBABA_CLOUD_KMS_ENDPOINT";

/**
 * Config keys read even when the config cannot be enumerated: every `alicloud:*` key the lookup
 * honours or refuses (core/accountSettings.ts), and the endpoint.
 */
export const KNOWN_STACK_CONFIG_KEYS: readonly string[] = [
  ...[...HONOURED_KEYS, ...REFUSED_KEYS].map((key) => `${ALICLOUD_PREFIX}${key}`),
  ENDPOINT_CONFIG_KEY,
];

/** True for the config namespaces a lookup reads: `alicloud:*` and `kms-secrets:*`. */
export function isLookupConfigKey(key: string): boolean {
  return key.startsWith("alicloud:") || key.startsWith("kms-secrets:");
}

/** The lookup-relevant part of a full stack config map; non-string values are dropped. */
export function pickLookupConfig(all: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(all).sort()) {
    const value = all[key];
    if (isLookupConfigKey(key) && typeof value === "string") out[key] = value;
  }
  return out;
}

/**
 * The arguments with `endpoint` defaulted from `kms-secrets:endpoint`, then from
 * `ALIBABA_CLOUD_KMS_ENDPOINT`. An explicit `endpoint` argument always wins, and an endpoint per
 * region (`endpoints`) replaces the default.
 */
export function withDefaultEndpoint<T extends RegionLookupArgs>(
  args: T,
  config: Readonly<Record<string, string | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
): T {
  if (args.endpoint !== undefined || args.endpoints) return args;
  const endpoint =
    nonBlank(config[ENDPOINT_CONFIG_KEY], { trim: false }) ??
    nonBlank(env[ENDPOINT_ENV_VAR], { trim: false });
  return endpoint === undefined ? args : { ...args, endpoint };
}

/**
 * Values that must never appear in a surfaced message: secret-looking config values and
 * environment variables (AccessKeySecret, SecurityToken, ...). Used to redact errors that
 * did not come from the core's own redacting error types.
 */
export function sensitiveValues(
  config: Readonly<Record<string, string | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const out: string[] = [];
  for (const source of [config, env]) {
    for (const [key, value] of Object.entries(source)) {
      if (value && SENSITIVE_NAME.test(key)) out.push(value);
    }
  }
  return out;
}
