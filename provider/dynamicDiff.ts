/**
 * The detailed diff of a SecretsLookup whose listing changed: one entry per secret added or
 * removed and per field changed, as property paths (`secrets["prod/db"].updateTime`,
 * `secrets["prod/db"].tags["env"]`), so a preview can say what changed. Never a value.
 */
import type { Secret } from "../core/types";
import { canonicalJson } from "./dynamicState";

/** One entry of a provider's detailed diff (the engine's PropertyDiff). */
export interface PropertyDiff {
  /** What happened to the property. */
  kind: "add" | "delete" | "update";
  /** Whether the change is in the inputs (false: the listing changed, not the program). */
  inputDiff: boolean;
}

const IGNORED = new Set(["id", "secretName"]);

function quoted(key: string): string {
  return `[${JSON.stringify(key)}]`;
}

function secretsById(secrets: readonly Secret[]): Map<string, Secret> {
  return new Map(secrets.map((s) => [s.id, s]));
}

/** The changed fields of one secret, tag by tag; `secretData` by presence only (compared via the fingerprint). */
function changedFields(before: Secret, after: Secret): string[] {
  const paths: string[] = [];
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  for (const field of fields) {
    if (IGNORED.has(field)) continue;
    if (field === "tags") {
      const keys = [...new Set([...Object.keys(before.tags), ...Object.keys(after.tags)])].sort();
      for (const key of keys) {
        if (before.tags[key] !== after.tags[key]) paths.push(`.tags${quoted(key)}`);
      }
      continue;
    }
    if (canonicalJson(b[field]) !== canonicalJson(a[field])) paths.push(`.${field}`);
  }
  return paths;
}

/** The detailed diff between the listing in state and the new one; empty when they agree. */
export function secretsDetailedDiff(
  before: readonly Secret[],
  after: readonly Secret[],
): Record<string, PropertyDiff> {
  const out: Record<string, PropertyDiff> = {};
  const old = secretsById(before);
  const now = secretsById(after);
  const ids = [...new Set([...old.keys(), ...now.keys()])].sort();
  for (const id of ids) {
    const b = old.get(id);
    const a = now.get(id);
    const path = `secrets${quoted(id)}`;
    if (!b) out[path] = { kind: "add", inputDiff: false };
    else if (!a) out[path] = { kind: "delete", inputDiff: false };
    else
      for (const field of changedFields(b, a))
        out[`${path}${field}`] = { kind: "update", inputDiff: false };
  }
  return out;
}
