/**
 * Drift: a pure, field-by-field comparison of a saved listing (the baseline) with the live one,
 * plus `--require` checks; no I/O. Values are compared only by hash and never shown (see
 * `compareValue`, and docs/cli.md "`drift`").
 */
import { createHash, timingSafeEqual } from "node:crypto";
import {
  DETAIL_FIELDS,
  DESCRIBING_FIELDS,
  VALUE_FIELDS,
  type GetSecretsResult,
  type Secret,
} from "../core/result";
import {
  DRIFT_REPORT_SCHEMA_VERSION,
  FAIL_ON,
  type ChangedSecret,
  type DriftReport,
  type FailOn,
  type FieldChange,
  type ListingSummary,
  type RequirementFailure,
} from "./driftReport";
import { VALUE_PLACEHOLDER, hasRealValue, hashKeyId, valueHash, type ValueHashKey } from "./values";

/**
 * The fields compared for every secret present on both sides. Detail and value fields
 * only differ when the baseline holds them (the live listing then fetches them too).
 */
export const DRIFT_FIELDS = DESCRIBING_FIELDS;
export type DriftField = (typeof DRIFT_FIELDS)[number];

/** Friendlier spellings accepted by `--ignore-field`. */
const FIELD_ALIASES: Readonly<Record<string, DriftField>> = {
  type: "secretType",
  created: "createTime",
  updated: "updateTime",
  scheduleddeletion: "plannedDeleteTime",
  "scheduled-deletion": "plannedDeleteTime",
  deletion: "plannedDeleteTime",
  value: "secretData",
  version: "versionId",
  rotation: "automaticRotation",
};

export * from "./driftReport";
export { formatDriftJson, formatDriftText } from "./format/driftText";

/** Resolves an `--ignore-field` value, or returns undefined if it names no field. */
export function resolveDriftField(name: string): DriftField | undefined {
  const lower = name.trim().toLowerCase();
  return DRIFT_FIELDS.find((f) => f.toLowerCase() === lower) ?? FIELD_ALIASES[lower];
}

export interface DriftOptions {
  ignoreFields?: readonly DriftField[];
  require?: readonly string[];
  /** The key of `secretDataHash` in the baseline (KMS_SECRETS_HASH_KEY), if any. */
  hashKey?: ValueHashKey | undefined;
  /** Default: both. */
  failOn?: readonly FailOn[];
  /** The baseline did not exist and is created from this listing (`--write-baseline`). */
  baselineCreated?: boolean;
  /** What the baseline file says about itself. */
  baselineInfo?: { schemaVersion: number; takenAt?: string; toolVersion?: string };
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The regions of a listing: `regions`, or its one `region`. */
export function regionsOf(result: GetSecretsResult): string[] {
  return result.regions ?? [result.region];
}

/** Secrets by region, then name (a secret without `regionId` is in the listing's region). */
function indexByRegion(result: GetSecretsResult): Map<string, Map<string, Secret>> {
  const out = new Map<string, Map<string, Secret>>();
  for (const secret of result.secrets) {
    const region = secret.regionId ?? result.region;
    let byName = out.get(region);
    if (!byName) out.set(region, (byName = new Map()));
    byName.set(secret.secretName, secret);
  }
  return out;
}

function compareTags(before: Secret["tags"], after: Secret["tags"]): FieldChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(byCodeUnit);
  const changes: FieldChange[] = [];
  for (const key of keys) {
    const b = Object.hasOwn(before, key) ? (before[key] as string) : null;
    const a = Object.hasOwn(after, key) ? (after[key] as string) : null;
    if (a !== b) changes.push({ field: "tags", key, before: b, after: a });
  }
  return changes;
}

function sameDigest(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

/**
 * Whether the value changed, by hash only, or undefined when the two sides cannot be
 * compared (a side without a value: not fetched, forbidden, or a baseline that holds
 * neither the value nor a hash made with the key at hand). In that case `versionId`
 * still shows a new value: KMS versions are immutable.
 * - both sides hold the value (a baseline saved with --show-values): sha256 of each;
 * - both sides hold `secretDataHash` made with the same key: those;
 * - one side holds a hash and the other the value, and the hash's key is at hand: the
 *   value is hashed with it.
 */
export function compareValue(
  before: Secret,
  after: Secret,
  key?: ValueHashKey,
): boolean | undefined {
  const hashOf = (secret: Secret): string | undefined => {
    if (secret.secretDataHash !== undefined) return secret.secretDataHash;
    if (key && hasRealValue(secret)) return valueHash(key, secret.secretName, secret.secretData);
    return undefined;
  };
  if (hasRealValue(before) && hasRealValue(after)) {
    return !sameDigest(before.secretData, after.secretData);
  }
  const b = hashOf(before);
  const a = hashOf(after);
  if (b === undefined || a === undefined || hashKeyId(b) !== hashKeyId(a)) return undefined;
  return !sameDigest(b, a);
}

const DETAIL_FIELD_SET: ReadonlySet<DriftField> = new Set(DETAIL_FIELDS);
/** Value fields compared as text; `secretData` itself only by keyed hash. */
const VALUE_FIELD_SET: ReadonlySet<DriftField> = new Set<DriftField>(
  VALUE_FIELDS.filter((f) => f !== "secretData"),
);

/** Described: DescribeSecret answered for it (its ARN is always there). */
const described = (s: Secret): boolean => s.arn !== undefined;
/** Valued: GetSecretValue answered for it. */
const valued = (s: Secret): boolean =>
  s.secretData !== undefined || s.secretDataHash !== undefined || s.versionId !== undefined;

function asText(value: string | readonly string[] | undefined): string | null {
  if (value === undefined) return null;
  return typeof value === "string" ? value : value.join(", ");
}

/** The field changes of one secret, in DRIFT_FIELDS order, leaving out ignored fields. */
export function compareSecret(
  before: Secret,
  after: Secret,
  ignore: ReadonlySet<DriftField> = new Set(),
  key?: ValueHashKey,
): FieldChange[] {
  const changes: FieldChange[] = [];
  // Details and values are compared when both sides have them: a side without them was
  // listed without --enable-details / --fetch-values, or was not readable.
  const details = described(before) && described(after);
  const values = valued(before) && valued(after);
  for (const field of DRIFT_FIELDS) {
    if (ignore.has(field)) continue;
    if (DETAIL_FIELD_SET.has(field) && !details) continue;
    if (VALUE_FIELD_SET.has(field) && !values) continue;
    if (field === "tags") {
      changes.push(...compareTags(before.tags, after.tags));
      continue;
    }
    if (field === "secretData") {
      if (compareValue(before, after, key) === true) {
        changes.push({ field, before: VALUE_PLACEHOLDER, after: VALUE_PLACEHOLDER });
      }
      continue;
    }
    const b = asText(before[field]);
    const a = asText(after[field]);
    if (a !== b) changes.push({ field, before: b, after: a });
  }
  return changes;
}

function summarize(result: GetSecretsResult): ListingSummary {
  return {
    id: result.id,
    region: result.region,
    regions: regionsOf(result),
    secrets: result.secrets.length,
  };
}

export function compareListings(
  baseline: GetSecretsResult,
  live: GetSecretsResult,
  options: DriftOptions = {},
): DriftReport {
  const ignore = new Set(options.ignoreFields ?? []);
  const before = indexByRegion(baseline);
  const after = indexByRegion(live);
  const unreadable = [...(live.unreadableRegions ?? [])].sort((a, b) =>
    byCodeUnit(a.region, b.region),
  );
  const unreadableSet = new Set(unreadable.map((u) => u.region));
  const regions = [...new Set([...regionsOf(baseline), ...regionsOf(live)])]
    .filter((r) => !unreadableSet.has(r))
    .sort(byCodeUnit);
  const multi = new Set([...regionsOf(baseline), ...regionsOf(live)]).size > 1;
  const idOf = (region: string, name: string): string => (multi ? `${region}:${name}` : name);

  const added: string[] = [];
  const removed: string[] = [];
  const changed: ChangedSecret[] = [];
  const unreadableSecrets: string[] = [];
  const forbiddenBefore = new Set(baseline.forbidden ?? []);
  const forbiddenNow = new Set(live.forbidden ?? []);
  for (const region of regions) {
    const b = before.get(region) ?? new Map<string, Secret>();
    const a = after.get(region) ?? new Map<string, Secret>();
    for (const name of a.keys()) if (!b.has(name)) added.push(idOf(region, name));
    for (const name of b.keys()) if (!a.has(name)) removed.push(idOf(region, name));
    for (const [name, secret] of a) {
      const old = b.get(name);
      if (!old) continue;
      if (forbiddenNow.has(name) && !forbiddenBefore.has(name)) {
        unreadableSecrets.push(idOf(region, name));
        continue;
      }
      const changes = compareSecret(old, secret, ignore, options.hashKey);
      if (changes.length > 0) {
        changed.push({ id: idOf(region, name), secretName: name, regionId: region, changes });
      }
    }
  }
  added.sort(byCodeUnit);
  removed.sort(byCodeUnit);
  changed.sort((x, y) => byCodeUnit(x.id, y.id));
  unreadableSecrets.sort(byCodeUnit);

  const requirementFailures: RequirementFailure[] = [];
  const liveRegions = regionsOf(live);
  for (const wanted of [...new Set(options.require ?? [])].sort(byCodeUnit)) {
    const colon = wanted.indexOf(":");
    const inRegions = colon > 0 ? [wanted.slice(0, colon)] : liveRegions;
    const name = colon > 0 ? wanted.slice(colon + 1) : wanted;
    for (const region of inRegions) {
      const secret = after.get(region)?.get(name);
      const failure = { secretName: wanted, regionId: region };
      if (unreadableSet.has(region)) {
        requirementFailures.push({ ...failure, problem: "region-unreadable" });
      } else if (!secret) requirementFailures.push({ ...failure, problem: "missing" });
      else if (secret.plannedDeleteTime !== undefined)
        requirementFailures.push({
          ...failure,
          problem: "scheduled-for-deletion",
          plannedDeleteTime: secret.plannedDeleteTime,
        });
    }
  }

  const drift =
    added.length > 0 || removed.length > 0 || changed.length > 0 || unreadableSecrets.length > 0;
  const requirementsMet = requirementFailures.length === 0;
  const failOn = FAIL_ON.filter((f) => (options.failOn ?? FAIL_ON).includes(f));
  const failed = failOn.filter((f) => (f === "drift" ? drift : !requirementsMet));
  return {
    schemaVersion: DRIFT_REPORT_SCHEMA_VERSION,
    drift,
    requirementsMet,
    failOn,
    failed,
    baselineCreated: options.baselineCreated === true,
    baseline: { ...summarize(baseline), ...(options.baselineInfo ?? { schemaVersion: 1 }) },
    live: summarize(live),
    unreadableRegions: unreadable,
    ignoredFields: DRIFT_FIELDS.filter((f) => ignore.has(f)),
    added,
    removed,
    changed,
    unreadableSecrets,
    requirementFailures,
  };
}
