/**
 * The `observed` checked input: per secret, a short hash of its compared metadata (never a
 * value or a value hash), so the engine's own input diff names the secrets that changed on
 * hosts that drop a provider's detailed diff. See docs/pulumi.md, "What a preview shows".
 */
import type { Secret } from "../core/types";
import { canonicalJson, sha256Hex } from "./dynamicState";

/** The checked-input property holding the per-secret summary. */
export const OBSERVED_KEY = "observed";

/** Fields that hold a value or a hash of one: never part of the summary. */
const VALUE_FIELDS = new Set(["secretData", "secretDataHash"]);

/** One short hash per secret id, of every field but values; keys sorted. */
export function observedOf(secrets: readonly Secret[]): Record<string, string> {
  const out: Record<string, string> = {};
  const sorted = [...secrets].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const secret of sorted) {
    const fields: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(secret)) {
      if (!VALUE_FIELDS.has(field)) fields[field] = value;
    }
    out[secret.id] = sha256Hex(canonicalJson(fields)).slice(0, 12);
  }
  return out;
}
