/**
 * How a lookup result becomes Pulumi state: canonical JSON, the drift fingerprint,
 * `undefined`-free values (the engine's Struct encoder rejects `undefined`) and the
 * engine's "unknown during preview" sentinel. No runtime dependency on `@pulumi/pulumi`.
 */
import { createHash } from "node:crypto";
import type { GetSecretsResult } from "../core/result";

/**
 * The value the engine sends for an input that is not known yet (during preview).
 * It is part of the provider protocol (`@pulumi/pulumi/runtime/rpc` `unknownValue`).
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * How a provider marks a value secret in what it returns to the engine: the engine stores
 * `{[SECRET_SIG_KEY]: SECRET_SIG, value}` encrypted (`@pulumi/pulumi/runtime/rpc`
 * `specialSigKey` / `specialSecretSig`, part of the provider protocol).
 */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface WrappedSecret<T> {
  [SECRET_SIG_KEY]: typeof SECRET_SIG;
  value: T;
}

/** `value` as the engine's serialized secret. */
export function wrapSecret<T>(value: T): WrappedSecret<T> {
  return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

/** True for a serialized secret. */
export function isWrappedSecret(value: unknown): value is WrappedSecret<unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG
  );
}

/**
 * A deep copy with every serialized secret replaced by its value. The engine sends this
 * provider plain values (it does not accept secrets), but older state, tests and other
 * engines may hand back what the provider returned.
 */
export function unwrapSecrets<T>(value: T): T {
  return unwrap(value) as T;
}

function unwrap(value: unknown): unknown {
  if (isWrappedSecret(value)) return unwrap(value.value);
  if (Array.isArray(value)) return value.map(unwrap);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = unwrap(item);
    return out;
  }
  return value;
}

/** The property under which the host keeps the serialized provider. */
export const PROVIDER_KEY = "__provider";

/** A JSON value: what Pulumi state can hold. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** True when `value` is, or deeply contains, the engine's unknown sentinel. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN_VALUE) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") {
    return Object.values(value).some(containsUnknown);
  }
  return false;
}

/**
 * A deep copy without `undefined`: object properties holding `undefined` are dropped,
 * array elements holding `undefined` become `null` (keeping positions).
 */
export function stripUndefined<T>(value: T): T {
  return strip(value) as T;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : strip(item)));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = strip(item);
    }
    return out;
  }
  return value;
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(stripUndefined(value)));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The drift fingerprint: sha256 of the canonical result (region, every secret's metadata,
 * details and values, and the `forbidden` list when there is one). Any added, removed,
 * retyped, retagged, rotated, re-valued or scheduled-for-deletion secret changes it.
 *
 * When the result holds values the fingerprint is stored as a secret (see dynamicOutputs.ts): a
 * plain sha256 over a result whose only unknown is a low-entropy password could be
 * brute-forced from state.
 */
export function fingerprintOf(
  result: Pick<
    GetSecretsResult,
    "region" | "secrets" | "forbidden" | "regions" | "unreadableRegions"
  >,
): string {
  // regionId is left out of one-region results, so that their fingerprints stay what they were
  const secrets =
    result.regions === undefined
      ? result.secrets.map(({ regionId: _regionId, ...rest }) => rest)
      : result.secrets;
  const canonical: Record<string, unknown> = { region: result.region, secrets };
  if (result.unreadableRegions !== undefined)
    canonical["unreadableRegions"] = result.unreadableRegions;
  // only when present, so that metadata-only fingerprints stay what they were
  if (result.forbidden !== undefined) canonical["forbidden"] = result.forbidden;
  return sha256Hex(canonicalJson(canonical));
}
