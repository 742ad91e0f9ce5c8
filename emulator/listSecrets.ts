/** The ListSecrets action: parameter validation, filtering, paging and the response shape. */
import { invalidParameter } from "./errors";
import {
  FILTER_KEYS,
  type Filter,
  type FilterKey,
  type SecretStore,
  type StoredSecret,
} from "./store";

export const MAX_FILTERS = 10;
export const MAX_FILTER_VALUES = 10;
/** With a tag filter the real service returns at most this many results. */
export const TAG_FILTER_RESULT_CAP = 4000;

export interface ListSecretsParams {
  pageNumber: number;
  pageSize: number;
  fetchTags: boolean;
  filters: Filter[];
}

export function integerParam(
  params: ReadonlyMap<string, string>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = params.get(name);
  if (raw === undefined) return fallback;
  const value = /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    throw invalidParameter(name, `must be ${range}, got "${raw}".`);
  }
  return value;
}

export function booleanParam(params: ReadonlyMap<string, string>, name: string): boolean {
  const raw = params.get(name);
  if (raw === undefined || raw === "") return false;
  const lower = raw.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  throw invalidParameter(name, `must be true or false, got "${raw}".`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses the Filters JSON: a list of at most 10 `{Key, Values}` with at most 10 string values. */
export function parseFilters(raw: string | undefined): Filter[] {
  if (raw === undefined || raw.trim() === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter("Filters", "must be a JSON list of {Key, Values}.");
  }
  if (!Array.isArray(parsed))
    throw invalidParameter("Filters", "must be a JSON list of {Key, Values}.");
  if (parsed.length > MAX_FILTERS)
    throw invalidParameter("Filters", `at most ${MAX_FILTERS} conditions are allowed.`);
  return parsed.map((entry: unknown, i): Filter => {
    if (!isRecord(entry))
      throw invalidParameter("Filters", `condition ${i + 1} must be an object {Key, Values}.`);
    const key = entry["Key"];
    const values = entry["Values"];
    if (typeof key !== "string" || !(FILTER_KEYS as readonly string[]).includes(key)) {
      throw invalidParameter(
        "Filters",
        `condition ${i + 1} has an unsupported Key; valid keys: ${FILTER_KEYS.join(", ")}.`,
      );
    }
    if (!Array.isArray(values) || !values.every((v): v is string => typeof v === "string")) {
      throw invalidParameter("Filters", `condition ${i + 1} must have Values, a list of strings.`);
    }
    if (values.length > MAX_FILTER_VALUES) {
      throw invalidParameter(
        "Filters",
        `condition ${i + 1} has more than ${MAX_FILTER_VALUES} values.`,
      );
    }
    return { Key: key as FilterKey, Values: values };
  });
}

export function parseListSecretsParams(params: ReadonlyMap<string, string>): ListSecretsParams {
  return {
    pageNumber: integerParam(params, "PageNumber", 1, 1, Number.MAX_SAFE_INTEGER),
    pageSize: integerParam(params, "PageSize", 10, 1, 100),
    fetchTags: booleanParam(params, "FetchTags"),
    filters: parseFilters(params.get("Filters")),
  };
}

/** One `SecretList.Secret[]` item, fields in the order of the API reference example. */
export function listItem(stored: StoredSecret, fetchTags: boolean): Record<string, unknown> {
  const s = stored.secret;
  const item: Record<string, unknown> = {
    SecretName: s.SecretName,
    UpdateTime: s.UpdateTime,
    SecretType: s.SecretType,
  };
  if (s.PlannedDeleteTime !== undefined) item["PlannedDeleteTime"] = s.PlannedDeleteTime;
  item["CreateTime"] = s.CreateTime;
  if (fetchTags) {
    item["Tags"] = {
      Tag: (s.Tags?.Tag ?? []).map((t) => ({ TagValue: t.TagValue, TagKey: t.TagKey })),
    };
  }
  if (s.OwingService !== undefined) item["OwingService"] = s.OwingService;
  return item;
}

export function listSecrets(
  store: SecretStore,
  params: ReadonlyMap<string, string>,
  requestId: string,
) {
  const p = parseListSecretsParams(params);
  const matched = store.query(p.filters);
  const tagFiltered = p.filters.some((f) => f.Key === "TagKey" || f.Key === "TagValue");
  const total = tagFiltered ? Math.min(matched.length, TAG_FILTER_RESULT_CAP) : matched.length;
  const start = (p.pageNumber - 1) * p.pageSize;
  const end = Math.min(start + p.pageSize, total);
  const page = start < end ? matched.slice(start, end) : [];
  return {
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    RequestId: requestId,
    TotalCount: total,
    SecretList: { Secret: page.map((s) => listItem(s, p.fetchTags)) },
  };
}
