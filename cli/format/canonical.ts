/**
 * One canonical JSON form of a lookup result, used by `list --output json` and by
 * baselines: keys in the schema's order, tag keys sorted, 2-space indent, trailing newline.
 * The same result always serializes to the same bytes, so baselines diff cleanly in git.
 */
import { SECRET_FIELD_ORDER, type GetSecretsResult, type Secret } from "../../core/result";
import { sortedRecord } from "./text";

const RESULT_KEYS = [
  "id",
  "region",
  "regions",
  "ids",
  "names",
  "secrets",
  "forbidden",
  "unreadableRegions",
] as const;
const SECRET_KEYS = SECRET_FIELD_ORDER;

/** Known keys first in `order`, then any other keys in their original order; undefined dropped. */
function orderKeys<T extends object>(value: T, order: readonly string[]): T {
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const put = (key: string): void => {
    // defineProperty, not assignment: a key named __proto__ stays data
    Object.defineProperty(out, key, {
      value: source[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  };
  for (const key of order) if (Object.hasOwn(source, key) && source[key] !== undefined) put(key);
  for (const key of Object.keys(source)) {
    if (!Object.hasOwn(out, key) && source[key] !== undefined) put(key);
  }
  return out as T;
}

/** Tags with keys sorted; every key kept as data, `__proto__` included. */
export function sortedTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  return sortedRecord(tags);
}

export function canonicalSecret(secret: Secret): Secret {
  return orderKeys({ ...secret, tags: sortedTags(secret.tags) }, SECRET_KEYS);
}

export function canonicalResult(result: GetSecretsResult): GetSecretsResult {
  return orderKeys({ ...result, secrets: result.secrets.map(canonicalSecret) }, RESULT_KEYS);
}

/**
 * The result as `list --output json` prints it and as baselines store it. Values must
 * already be replaced (see values.ts `presentValues`): this only orders keys.
 */
export function formatJson(result: GetSecretsResult): string {
  return `${JSON.stringify(canonicalResult(result), null, 2)}\n`;
}
