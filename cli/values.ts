/**
 * Secret values in CLI output: printed only with `--show-values`, else `(secret)`. Drift sees a
 * change by versionId/versionStages and, with KMS_SECRETS_HASH_KEY, by a keyed `secretDataHash`
 * (`hmac-sha256:<key id>:<hex>` over name and value; why: docs/security.md "Values").
 */
import { createHmac } from "node:crypto";
import type { GetSecretsResult, Secret } from "../core/result";
import { UsageError } from "./errors";

/** What is printed instead of a value. */
export const VALUE_PLACEHOLDER = "(secret)";
/** The environment variable holding the key of value hashes in saved listings. */
export const HASH_KEY_ENV = "KMS_SECRETS_HASH_KEY";
export const MIN_HASH_KEY_LENGTH = 16;
const HASH_PREFIX = "hmac-sha256";

/** A value-hash key and its public id (which key made a hash, not the key itself). */
export interface ValueHashKey {
  key: Buffer;
  id: string;
}

/** The key from KMS_SECRETS_HASH_KEY, or undefined when unset or empty; too short is exit 2. */
export function readHashKey(
  env: Readonly<Record<string, string | undefined>>,
): ValueHashKey | undefined {
  const text = env[HASH_KEY_ENV];
  if (text === undefined || text === "") return undefined;
  if (text.length < MIN_HASH_KEY_LENGTH) {
    throw new UsageError(
      "config",
      `${HASH_KEY_ENV} must be at least ${MIN_HASH_KEY_LENGTH} characters (use a random CI secret)`,
    );
  }
  const key = Buffer.from(text, "utf8");
  const id = createHmac("sha256", key)
    .update("kms-secrets value-hash key id")
    .digest("hex")
    .slice(0, 8);
  return { key, id };
}

/** `hmac-sha256:<key id>:<hex>` over the secret's name and value. */
export function valueHash(key: ValueHashKey, secretName: string, secretData: string): string {
  const mac = createHmac("sha256", key.key).update(secretName).update("\u0000").update(secretData);
  return `${HASH_PREFIX}:${key.id}:${mac.digest("hex")}`;
}

/** The key id inside a `secretDataHash`, or undefined when it is not one of ours. */
export function hashKeyId(hash: string): string | undefined {
  const parts = hash.split(":");
  return parts.length === 3 && parts[0] === HASH_PREFIX ? parts[1] : undefined;
}

/** True when `secret.secretData` is a real value (not absent, not the placeholder). */
export function hasRealValue(secret: Secret): secret is Secret & { secretData: string } {
  return secret.secretData !== undefined && secret.secretData !== VALUE_PLACEHOLDER;
}

export interface ValueOutputOptions {
  /** `--show-values`: print values as they are. */
  showValues: boolean;
  /** Add `secretDataHash` to each secret with a value. */
  hashKey?: ValueHashKey | undefined;
}

/**
 * The result as the CLI may print or save it: each `secretData` replaced by `(secret)`
 * (unless `showValues`), plus `secretDataHash` when a key is given. A copy; the input is
 * not changed. Results without values come back as they are.
 */
export function presentValues(
  result: GetSecretsResult,
  options: ValueOutputOptions,
): GetSecretsResult {
  if (!result.secrets.some(hasRealValue)) return result;
  const secrets = result.secrets.map((secret) => {
    if (!hasRealValue(secret)) return secret;
    const out: Secret = { ...secret };
    if (options.hashKey)
      out.secretDataHash = valueHash(options.hashKey, secret.secretName, secret.secretData);
    if (!options.showValues) out.secretData = VALUE_PLACEHOLDER;
    return out;
  });
  return { ...result, secrets };
}
