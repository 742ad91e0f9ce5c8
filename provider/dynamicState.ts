/**
 * How a lookup result becomes Pulumi state: canonical JSON, the drift fingerprint,
 * `undefined`-free values (the engine's Struct encoder rejects `undefined`) and the
 * engine's "unknown during preview" sentinel.
 *
 * Plain TypeScript: no runtime dependency on `@pulumi/pulumi`.
 */
import { createHash } from "node:crypto";
import type { GetSecretsResult } from "./result";

/**
 * The value the engine sends for an input that is not known yet (during preview).
 * It is part of the provider protocol (`@pulumi/pulumi/runtime/rpc` `unknownValue`).
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

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
 * The drift fingerprint: sha256 of the canonical result (region and every secret's
 * metadata). Any added, removed, retyped, retagged or scheduled-for-deletion secret
 * changes it.
 */
export function fingerprintOf(result: Pick<GetSecretsResult, "region" | "secrets">): string {
  return sha256Hex(canonicalJson({ region: result.region, secrets: result.secrets }));
}
