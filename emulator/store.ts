/**
 * The emulator's secrets, kept in the stable ListSecrets order (CreateTime, then SecretName)
 * so that a page is a slice. Filter results are cached until the set changes.
 */
import type { SeedSecret } from "./types";

export interface StoredSecret {
  readonly secret: SeedSecret;
  readonly createdAt: number;
  readonly tagKeys: ReadonlySet<string>;
  readonly tagValues: ReadonlySet<string>;
}

export type FilterKey =
  | "SecretName"
  | "Description"
  | "TagKey"
  | "TagValue"
  | "DKMSInstanceId"
  | "SecretType"
  | "Creator";

export const FILTER_KEYS: readonly FilterKey[] = [
  "SecretName",
  "Description",
  "TagKey",
  "TagValue",
  "DKMSInstanceId",
  "SecretType",
  "Creator",
];

export interface Filter {
  Key: FilterKey;
  Values: string[];
}

/** The order of ListSecrets: CreateTime ascending, then SecretName by code unit. */
export function compareStored(a: StoredSecret, b: StoredSecret): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  const an = a.secret.SecretName;
  const bn = b.secret.SecretName;
  return an < bn ? -1 : an > bn ? 1 : 0;
}

function toStored(secret: SeedSecret): StoredSecret {
  const tags = secret.Tags?.Tag ?? [];
  return {
    secret,
    createdAt: Date.parse(secret.CreateTime ?? "") || 0,
    tagKeys: new Set(tags.map((t) => t.TagKey)),
    tagValues: new Set(tags.map((t) => t.TagValue)),
  };
}

function matches(s: StoredSecret, filter: Filter): boolean {
  const values = filter.Values;
  switch (filter.Key) {
    case "TagKey":
      return values.some((v) => s.tagKeys.has(v));
    case "TagValue":
      return values.some((v) => s.tagValues.has(v));
    case "SecretName":
      return values.includes(s.secret.SecretName);
    case "Description":
      return values.includes(s.secret.Description ?? "");
    case "DKMSInstanceId":
      return values.includes(s.secret.DKMSInstanceId ?? "");
    case "SecretType":
      return values.includes(s.secret.SecretType ?? "");
    case "Creator":
      return values.includes(s.secret.Creator ?? "");
  }
}

const FILTER_CACHE_SIZE = 32;

export class SecretStore {
  private readonly byName = new Map<string, StoredSecret>();
  /** All secrets in ListSecrets order; kept up to date incrementally once built. */
  private ordered: StoredSecret[] | undefined;
  private readonly filterCache = new Map<string, StoredSecret[]>();

  constructor(secrets: readonly SeedSecret[] = []) {
    for (const s of secrets) this.byName.set(s.SecretName, toStored(s));
  }

  get size(): number {
    return this.byName.size;
  }

  get(name: string): StoredSecret | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return this.sorted().map((s) => s.secret.SecretName);
  }

  /** Adds or replaces a secret (by SecretName). */
  put(secret: SeedSecret): void {
    const stored = toStored(secret);
    if (this.byName.has(secret.SecretName)) this.remove(secret.SecretName);
    this.byName.set(secret.SecretName, stored);
    this.filterCache.clear();
    if (this.ordered) this.ordered.splice(this.indexOf(stored), 0, stored);
  }

  remove(name: string): boolean {
    const stored = this.byName.get(name);
    if (!stored) return false;
    this.byName.delete(name);
    this.filterCache.clear();
    if (this.ordered) {
      const i = this.indexOf(stored);
      if (this.ordered[i] === stored) this.ordered.splice(i, 1);
    }
    return true;
  }

  /** Every secret in ListSecrets order (a shared array: do not mutate). */
  sorted(): readonly StoredSecret[] {
    if (!this.ordered) this.ordered = [...this.byName.values()].sort(compareStored);
    return this.ordered;
  }

  /** The secrets matching every filter (values of one filter ORed), in ListSecrets order. */
  query(filters: readonly Filter[]): readonly StoredSecret[] {
    const all = this.sorted();
    if (filters.length === 0) return all;
    const cacheKey = JSON.stringify(filters);
    const cached = this.filterCache.get(cacheKey);
    if (cached) return cached;
    const result = all.filter((s) => filters.every((f) => matches(s, f)));
    if (this.filterCache.size >= FILTER_CACHE_SIZE) {
      const oldest = this.filterCache.keys().next();
      if (!oldest.done) this.filterCache.delete(oldest.value);
    }
    this.filterCache.set(cacheKey, result);
    return result;
  }

  /** Binary search: the first index whose element does not sort before `stored`. */
  private indexOf(stored: StoredSecret): number {
    const list = this.ordered ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareStored(list[mid] as StoredSecret, stored) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
